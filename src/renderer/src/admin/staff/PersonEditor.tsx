// One person: add (new) or edit (existing). Every field's error from main shows beside it.
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { GroupView, PersonView, PhoneCodeView } from '../../../../shared/admin';
import type { Language, Role } from '../../../../shared/domain';
import type { IpcError, IpcResult } from '../../../../shared/ipc/contract';
import { kiosk } from '../../api';
import { useFocusOnMount } from '../../hooks/use-focus-on-mount';
import { LANGUAGE_NAMES, UI_LANGUAGES } from '../../i18n';
import { callAdmin } from '../admin-call';
import { describeError, fieldOf, type FieldName } from '../errors';
import { FieldError, SelectField, TextField } from '../fields';
import { StaffSecurity } from './StaffSecurity';

interface Draft {
  displayName: string;
  employeeId: string;
  phone: string;
  role: Role;
  language: Language;
  groups: string[];
}

/** Errors about the code typed for a new phone (confirmNewPhones): shown beside the code field. */
const CODE_ERRORS = new Set<string>([
  'wrong_code',
  'code_expired',
  'code_dead',
  'malformed_code',
  'phone_not_confirmed',
]);

const EMPTY: Draft = {
  displayName: '',
  employeeId: '',
  phone: '',
  role: 'worker',
  language: 'en',
  groups: [],
};

function draftOf(person: PersonView): Draft {
  return {
    displayName: person.displayName,
    employeeId: person.employeeId,
    phone: person.phone ?? '',
    role: person.role,
    language: person.language,
    groups: person.groups.map((g) => g.name),
  };
}

export function PersonEditor({
  personId,
  onClose,
}: {
  /** null: a new person. */
  personId: number | null;
  /** Back to the list; `changed` when the list must be fetched again. */
  onClose: (changed: boolean) => void;
}) {
  const { t, i18n } = useTranslation('admin');
  const heading = useFocusOnMount<HTMLHeadingElement>(personId);
  const [person, setPerson] = useState<PersonView | null>(null);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [groups, setGroups] = useState<GroupView[]>([]);
  const [error, setError] = useState<IpcError | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [changed, setChanged] = useState(false);
  /** Policy confirmNewPhones: a new phone is saved only with the code texted to it. */
  const [confirmPhones, setConfirmPhones] = useState(false);
  const [phoneCode, setPhoneCode] = useState<(PhoneCodeView & { phone: string }) | null>(null);
  const [code, setCode] = useState('');
  /** The error came from sending the code (caps, modem): shown beside the code step. */
  const [errorAtCode, setErrorAtCode] = useState(false);

  useEffect(() => {
    void callAdmin(kiosk.admin.groupsList({})).then((result) => {
      if (result.ok) setGroups(result.value);
    });
    void callAdmin(kiosk.admin.policyGet({})).then((result) => {
      if (result.ok) setConfirmPhones(result.value.policy.confirmNewPhones);
    });
    if (personId === null) return;
    void callAdmin(kiosk.admin.staffGet({ id: personId })).then((result) => {
      if (result.ok) {
        setPerson(result.value);
        setDraft(draftOf(result.value));
      } else setError(result.error);
    });
  }, [personId]);

  const field: FieldName | 'code' | null = error
    ? CODE_ERRORS.has(error.code) || (errorAtCode && fieldOf(error) === 'form')
      ? 'code'
      : fieldOf(error)
    : null;
  const errorText = error ? describeError(t, error) : null;
  const at = (name: FieldName | 'code') => (field === name ? errorText : null);
  const typedPhone = draft.phone.trim();
  /** The phone field holds a new number that must answer a code before it is saved. */
  const phoneNeedsCode = confirmPhones && typedPhone !== '' && typedPhone !== (person?.phone ?? '');
  const codeSent = phoneCode !== null && phoneCode.phone === typedPhone ? phoneCode : null;
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    setSaved(null);
    setDraft((d) => ({ ...d, [key]: value }));
  };

  /** Runs one change; on success shows the person as main now has them. */
  const run = async (call: Promise<IpcResult<PersonView>>, done: string): Promise<boolean> => {
    setBusy(true);
    setSaved(null);
    setErrorAtCode(false);
    const result = await callAdmin(call);
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      return false;
    }
    setError(null);
    setPerson(result.value);
    setDraft(draftOf(result.value));
    setSaved(done);
    setChanged(true);
    return true;
  };

  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    if (person === null) {
      const typed = draft.phone.trim();
      let pending = false;
      const ok = await run(
        kiosk.admin
          .staffAdd({
            employeeId: draft.employeeId.trim(),
            displayName: draft.displayName,
            phone: draft.phone.trim() || undefined,
            role: draft.role,
            language: draft.language,
            groups: draft.groups,
          })
          .then((result) => {
            pending = result.ok && result.value.phonePending === true;
            return result;
          }),
        t('person.added'),
      );
      if (ok) setChanged(true);
      if (ok && pending) {
        // Added without the phone: keep it typed so "Send code to this phone" is one press away.
        setDraft((d) => ({ ...d, phone: typed }));
        setSaved(t('person.phonePending'));
      }
      return;
    }
    const ok = await run(
      kiosk.admin.staffUpdate({
        id: person.id,
        displayName: draft.displayName,
        role: draft.role,
        language: draft.language,
        groups: draft.groups,
      }),
      t('person.saved'),
    );
    if (!ok) return;
    const phone = draft.phone.trim();
    if (phone !== (person.phone ?? '')) {
      if (phone && confirmPhones && !codeSent) {
        // staffUpdate has just reset the draft to main's person: keep the typed number.
        setDraft((d) => ({ ...d, phone }));
        setSaved(null);
        setError({ code: 'phone_not_confirmed', message: t('person.phoneConfirmHint') });
        return;
      }
      const proof = phone && codeSent ? { confirmId: codeSent.confirmId, code } : {};
      const done = await run(
        phone
          ? kiosk.admin.staffSetPhone({ id: person.id, phone, ...proof })
          : kiosk.admin.staffClearPhone({ id: person.id }),
        t('person.saved'),
      );
      if (done) {
        setPhoneCode(null);
        setCode('');
      } else setDraft((d) => ({ ...d, phone }));
    }
  };

  const sendPhoneCode = async () => {
    if (!person || busy) return;
    setBusy(true);
    setSaved(null);
    const result = await callAdmin(
      kiosk.admin.staffPhoneCode({ id: person.id, phone: typedPhone }),
    );
    setBusy(false);
    if (!result.ok) {
      setErrorAtCode(true);
      setError(result.error);
      return;
    }
    setErrorAtCode(false);
    setError(null);
    setCode('');
    setPhoneCode({ ...result.value, phone: typedPhone });
  };

  const remove = async () => {
    if (!person) return;
    setBusy(true);
    const result = await callAdmin(kiosk.admin.staffDelete({ id: person.id }));
    setBusy(false);
    setConfirmDelete(false);
    if (result.ok) onClose(true);
    else setError(result.error);
  };

  const isNew = personId === null;
  // After "Add" the new person is shown like any other.
  const title = person ? person.displayName : isNew ? t('person.addHeading') : t('shell.loading');

  return (
    <section className="admin-panel" aria-labelledby="person-heading" data-testid="person-editor">
      <div className="panel-top">
        <h1 id="person-heading" ref={heading} tabIndex={-1}>
          {title}
        </h1>
        <button
          type="button"
          className="secondary-button"
          data-testid="person-back"
          onClick={() => onClose(changed)}
        >
          {t('person.back')}
        </button>
      </div>
      {person ? (
        <p className="person-badges">
          <span className={`badge badge-${person.status}`} data-testid="person-status">
            {t(`statuses.${person.status}`)}
          </span>
          {person.locked ? (
            <span className="badge badge-locked" data-testid="person-locked">
              {person.lockedIndefinitely
                ? t('person.lockedForever')
                : t('person.lockedUntil', {
                    time: new Date(person.lockedUntil ?? 0).toLocaleString(i18n.language),
                  })}
            </span>
          ) : null}
        </p>
      ) : null}
      <form className="admin-form person-form" onSubmit={(e) => void save(e)} noValidate>
        <TextField
          id="person-name"
          label={t('fields.displayName')}
          value={draft.displayName}
          onChange={(v) => set('displayName', v)}
          error={at('displayName')}
          maxLength={100}
        />
        <TextField
          id="person-employee-id"
          label={t('fields.employeeId')}
          value={draft.employeeId}
          readOnly={person !== null}
          hint={person === null ? undefined : t('person.employeeIdFixed')}
          onChange={(v) => set('employeeId', v)}
          error={at('employeeId')}
          maxLength={64}
        />
        <TextField
          id="person-phone"
          label={t('fields.phone')}
          hint={t('person.phoneHint')}
          type="tel"
          inputMode="tel"
          value={draft.phone}
          onChange={(v) => set('phone', v)}
          error={at('phone')}
          maxLength={40}
        />
        {phoneNeedsCode && person ? (
          <div className="admin-field" data-testid="person-phone-confirm">
            <p className="hint">{t('person.phoneConfirmHint')}</p>
            <div className="actions">
              <button
                type="button"
                className="secondary-button"
                data-testid="person-phone-send"
                aria-disabled={busy || undefined}
                onClick={() => void sendPhoneCode()}
              >
                {t('person.phoneSend')}
              </button>
            </div>
            {codeSent ? (
              <>
                <p className="notice-line" role="status" data-testid="person-phone-sent">
                  {t('person.phoneSent', { phone: codeSent.maskedPhone })}
                </p>
                <label className="field-label" htmlFor="person-phone-code">
                  {t('person.phoneCodeLabel')}
                </label>
                <input
                  id="person-phone-code"
                  data-testid="person-phone-code"
                  className="text-input code-text"
                  // Big digits: read off a phone and typed with gloves.
                  style={{ fontSize: '1.8rem', maxWidth: '14rem', minHeight: '3.5rem' }}
                  inputMode="numeric"
                  autoComplete="one-time-code"
                  spellCheck={false}
                  maxLength={codeSent.codeLength}
                  value={code}
                  aria-invalid={at('code') ? true : undefined}
                  aria-describedby="person-phone-code-error"
                  onChange={(e) => {
                    setError(null);
                    setCode(e.target.value.replace(/\D/g, '').slice(0, 8));
                  }}
                />
              </>
            ) : null}
            <FieldError id="person-phone-code-error" text={at('code')} />
          </div>
        ) : null}
        <div className="field-row">
          <SelectField
            id="person-role"
            label={t('fields.role')}
            value={draft.role}
            onChange={(v) => set('role', v as Role)}
          >
            <option value="worker">{t('roles.worker')}</option>
            <option value="manager">{t('roles.manager')}</option>
          </SelectField>
          <SelectField
            id="person-language"
            label={t('fields.language')}
            value={draft.language}
            onChange={(v) => set('language', v as Language)}
          >
            {UI_LANGUAGES.map((l) => (
              <option key={l} value={l} lang={l}>
                {LANGUAGE_NAMES[l]}
              </option>
            ))}
          </SelectField>
        </div>
        <fieldset className="admin-fieldset" aria-describedby="person-groups-error">
          <legend className="field-label">{t('fields.groups')}</legend>
          {groups.length === 0 ? <p className="hint">{t('person.noGroups')}</p> : null}
          <div className="group-checks">
            {groups.map((g) => (
              <label className="admin-check" key={g.id}>
                <input
                  type="checkbox"
                  data-testid={`person-group-${g.name}`}
                  checked={draft.groups.includes(g.name)}
                  onChange={(e) =>
                    set(
                      'groups',
                      e.target.checked
                        ? [...draft.groups, g.name]
                        : draft.groups.filter((n) => n !== g.name),
                    )
                  }
                />
                <span>{g.name}</span>
              </label>
            ))}
          </div>
          <FieldError id="person-groups-error" text={at('groups')} />
        </fieldset>
        <FieldError id="person-error" text={field === 'form' ? errorText : null} />
        <p className="notice-line" role="status" aria-live="polite" data-testid="person-saved">
          {saved ?? ''}
        </p>
        <div className="actions">
          <button
            type="submit"
            className="primary-button"
            data-testid="person-save"
            aria-disabled={busy || undefined}
          >
            {isNew && !person ? t('person.add') : t('person.save')}
          </button>
        </div>
      </form>
      {person ? (
        <div className="person-actions">
          <h2>{t('person.actions')}</h2>
          <div className="actions">
            {person.locked ? (
              <button
                type="button"
                className="primary-button"
                data-testid="person-unlock"
                disabled={busy}
                onClick={() =>
                  void run(kiosk.admin.staffUnlock({ id: person.id }), t('person.unlocked'))
                }
              >
                {t('person.unlock')}
              </button>
            ) : null}
            {person.status === 'active' ? (
              <button
                type="button"
                className="secondary-button"
                data-testid="person-disable"
                disabled={busy}
                onClick={() =>
                  void run(kiosk.admin.staffDisable({ id: person.id }), t('person.disabled'))
                }
              >
                {t('person.disable')}
              </button>
            ) : (
              <button
                type="button"
                className="secondary-button"
                data-testid="person-enable"
                disabled={busy}
                onClick={() =>
                  void run(kiosk.admin.staffEnable({ id: person.id }), t('person.enabled'))
                }
              >
                {t('person.enable')}
              </button>
            )}
            {confirmDelete ? null : (
              <button
                type="button"
                className="danger-button"
                data-testid="person-delete"
                disabled={busy}
                onClick={() => setConfirmDelete(true)}
              >
                {t('person.delete')}
              </button>
            )}
          </div>
          {confirmDelete ? (
            <div className="confirm" role="alertdialog" aria-labelledby="delete-question">
              <p id="delete-question">{t('person.deleteConfirm', { name: person.displayName })}</p>
              <div className="actions">
                <button
                  type="button"
                  className="danger-button"
                  data-testid="person-delete-yes"
                  onClick={() => void remove()}
                >
                  {t('person.deleteYes')}
                </button>
                <button
                  type="button"
                  className="secondary-button"
                  onClick={() => setConfirmDelete(false)}
                >
                  {t('common.cancel')}
                </button>
              </div>
            </div>
          ) : null}
          <StaffSecurity personId={person.id} />
        </div>
      ) : null}
    </section>
  );
}
