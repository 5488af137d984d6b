// Policy: every setting main lists (admin.policyGet().fields) with its one-line help and its
// bounds. Changes are collected in a draft; the changed settings are listed and Save sends only
// those. Main checks bounds and the rules between settings; its words appear at the setting.
import { useCallback, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { kiosk } from '../../api';
import type { GroupView, PolicyFieldView, PolicyKey, PolicyView } from '../../../../shared/admin';
import type { GroupFactors, Policy, ShiftWindow } from '../../../../shared/policy';
import { FormMessage, Section, useAdminCall, useLoad } from './common';
import { changedKeys, clampInt, parseCountries, patchOf, valueWords } from './policy-draft';

/** The settings after this one are the second factors and access conditions. */
const LAST_SIGN_IN_KEY: PolicyKey = 'maxSessionHours';
const DAYS = [1, 2, 3, 4, 5, 6, 7] as const;

export function PolicySection() {
  const { t } = useTranslation('admin');
  const call = useAdminCall();
  const [view, setView] = useState<PolicyView | null>(null);
  const [draft, setDraft] = useState<Policy | null>(null);
  const [groups, setGroups] = useState<GroupView[]>([]);
  const [fieldError, setFieldError] = useState<{ key: PolicyKey | null; words: string } | null>(
    null,
  );
  const [saved, setSaved] = useState(false);
  const [countriesText, setCountriesText] = useState('');

  const load = useCallback(async () => {
    const onError = (words: string) => setFieldError({ key: null, words });
    const [policy, groupList] = await Promise.all([
      call(kiosk.admin.policyGet({}), onError),
      call(kiosk.admin.groupsList({}), onError),
    ]);
    if (policy) {
      setView(policy);
      setDraft(policy.policy);
      setCountriesText(policy.policy.allowedCountries.join(', '));
    }
    if (groupList) setGroups(groupList);
  }, [call]);

  useLoad(load);

  const keys = useMemo(() => view?.fields.map((f) => f.key) ?? [], [view]);
  if (!view || !draft) {
    return (
      <Section id="policy" title={t('policy.title')}>
        <p className="hint">{t('policy.loading')}</p>
        <FormMessage id="policy-error" text={fieldError?.words ?? null} />
      </Section>
    );
  }

  const changed = changedKeys(view.policy, draft, keys);
  const set = <K extends PolicyKey>(key: K, value: Policy[K]) => {
    setSaved(false);
    setDraft({ ...draft, [key]: value });
  };
  const save = async () => {
    setFieldError(null);
    const result = await call(
      kiosk.admin.policyUpdate({ patch: patchOf(view.policy, draft, keys) }),
      (words, error) => setFieldError({ key: keys.find((k) => k === error.field) ?? null, words }),
    );
    if (!result) return;
    setView(result);
    setDraft(result.policy);
    setCountriesText(result.policy.allowedCountries.join(', '));
    setSaved(true);
  };
  const undo = () => {
    setDraft(view.policy);
    setCountriesText(view.policy.allowedCountries.join(', '));
    setFieldError(null);
  };

  const split = view.fields.findIndex((f) => f.key === LAST_SIGN_IN_KEY) + 1;
  const renderField = (field: PolicyFieldView) => (
    <PolicyField
      key={field.key}
      field={field}
      draft={draft}
      saved={view.policy}
      groups={groups}
      changed={changed.includes(field.key)}
      error={fieldError?.key === field.key ? fieldError.words : null}
      set={set}
      countriesText={countriesText}
      setCountriesText={(text) => {
        setCountriesText(text);
        set('allowedCountries', parseCountries(text));
      }}
    />
  );

  return (
    <Section id="policy" title={t('policy.title')}>
      <p className="hint">{t('policy.intro')}</p>
      <div>{view.fields.slice(0, split).map(renderField)}</div>
      <h3>{t('policy.factorsHeading')}</h3>
      <p className="hint">{t('policy.factorsIntro')}</p>
      <div>{view.fields.slice(split).map(renderField)}</div>

      <div className="sec-save-bar" data-testid="policy-save-bar">
        <p id="policy-changed" aria-live="polite" data-testid="policy-changed">
          {changed.length === 0
            ? t('policy.noChanges')
            : t('policy.changed', {
                list: changed.map((k) => t(`policy.fields.${k}`, { defaultValue: k })).join(', '),
              })}
        </p>
        <div className="sec-row">
          <button
            type="button"
            className={`primary-button${changed.length === 0 ? ' is-idle' : ''}`}
            data-testid="policy-save"
            // aria-disabled keeps it in the tab order and says why (nothing to save) to a screen
            // reader; the style makes it look so.
            aria-disabled={changed.length === 0}
            aria-describedby="policy-changed"
            onClick={() => {
              if (changed.length > 0) void save();
            }}
          >
            {t('policy.save')}
          </button>
          <button
            type="button"
            className="secondary-button"
            data-testid="policy-undo"
            disabled={changed.length === 0}
            onClick={undo}
          >
            {t('policy.undo')}
          </button>
        </div>
        <FormMessage
          id="policy-error"
          text={fieldError && fieldError.key === null ? fieldError.words : null}
        />
        <FormMessage id="policy-saved" kind="ok" text={saved ? t('policy.saved') : null} />
      </div>
    </Section>
  );
}

function PolicyField({
  field,
  draft,
  saved,
  groups,
  changed,
  error,
  set,
  countriesText,
  setCountriesText,
}: {
  field: PolicyFieldView;
  draft: Policy;
  saved: Policy;
  groups: GroupView[];
  changed: boolean;
  error: string | null;
  set: <K extends PolicyKey>(key: K, value: Policy[K]) => void;
  countriesText: string;
  setCountriesText: (text: string) => void;
}) {
  const { t, i18n } = useTranslation('admin');
  const key = field.key;
  const id = `policy-${key}`;
  const label = t(`policy.fields.${key}`, { defaultValue: key });
  const help = t(`policy.help.${key}`, { defaultValue: field.help });
  const described = `${id}-help ${id}-error`;
  const was = valueWords(t, key, saved[key], groups, i18n.language);

  let control: ReactNode;
  if (field.kind === 'integer') {
    const value = draft[key] as number;
    const step = (delta: number) =>
      set(key, clampInt(value + delta, field.min, field.max) as never);
    control = (
      <div className="sec-stepper">
        <button
          type="button"
          data-testid={`${id}-down`}
          aria-label={t('policy.decrease', { name: label })}
          disabled={value <= field.min}
          onClick={() => step(-1)}
        >
          −
        </button>
        <input
          id={id}
          data-testid={id}
          className="sec-input"
          type="number"
          inputMode="numeric"
          min={field.min}
          max={field.max}
          step={1}
          value={value}
          aria-describedby={described}
          aria-invalid={error ? true : undefined}
          onChange={(e) => {
            const n = Number(e.target.value);
            if (e.target.value !== '' && Number.isFinite(n)) set(key, Math.round(n) as never);
          }}
        />
        <button
          type="button"
          data-testid={`${id}-up`}
          aria-label={t('policy.increase', { name: label })}
          disabled={value >= field.max}
          onClick={() => step(1)}
        >
          +
        </button>
        <span className="hint">{t('policy.bounds', { min: field.min, max: field.max })}</span>
      </div>
    );
  } else if (field.kind === 'boolean') {
    const on = draft[key] as boolean;
    control = (
      <button
        type="button"
        role="switch"
        id={id}
        data-testid={id}
        className="sec-switch"
        aria-checked={on}
        aria-labelledby={`${id}-label`}
        aria-describedby={described}
        onClick={() => set(key, !on as never)}
      >
        <span className="sec-switch-knob" aria-hidden="true" />
        {on ? t('policy.on') : t('policy.off')}
      </button>
    );
  } else if (field.kind === 'choice') {
    const value = draft[key] as string;
    control = (
      <div role="radiogroup" aria-labelledby={`${id}-label`} aria-describedby={described}>
        {field.choices.map((choice) => (
          <label key={choice} className="sec-choice">
            <input
              type="radio"
              name={id}
              value={choice}
              data-testid={`${id}-${choice}`}
              checked={value === choice}
              onChange={() => set(key, choice as never)}
            />
            {t(`policy.choices.${key}.${choice}`, { defaultValue: choice })}
          </label>
        ))}
      </div>
    );
  } else {
    control = (
      <ListControl
        field={field}
        id={id}
        draft={draft}
        groups={groups}
        set={set}
        described={described}
        countriesText={countriesText}
        setCountriesText={setCountriesText}
      />
    );
  }

  const labelTag =
    field.kind === 'integer' || (field.kind === 'list' && key === 'allowedCountries') ? (
      <label id={`${id}-label`} className="field-label" htmlFor={id}>
        {label}
      </label>
    ) : (
      <span id={`${id}-label`} className="field-label">
        {label}
      </span>
    );

  return (
    <div className={`sec-field${changed ? ' sec-changed' : ''}`} data-testid={`${id}-field`}>
      {labelTag}
      <p className="hint" id={`${id}-help`}>
        {help}
        {changed ? ` ${t('policy.was', { value: was })}` : ''}
      </p>
      {control}
      <p id={`${id}-error`} data-testid={`${id}-error`} className="field-error" role="status">
        {error ?? ''}
      </p>
    </div>
  );
}

function ListControl({
  field,
  id,
  draft,
  groups,
  set,
  described,
  countriesText,
  setCountriesText,
}: {
  field: PolicyFieldView;
  id: string;
  draft: Policy;
  groups: GroupView[];
  set: <K extends PolicyKey>(key: K, value: Policy[K]) => void;
  described: string;
  countriesText: string;
  setCountriesText: (text: string) => void;
}) {
  const { t } = useTranslation('admin');
  const key = field.key;
  if (key === 'allowedCountries') {
    return (
      <input
        id={id}
        data-testid={id}
        className="sec-input"
        value={countriesText}
        placeholder="FI, SE"
        autoComplete="off"
        spellCheck={false}
        aria-describedby={described}
        onChange={(e) => setCountriesText(e.target.value)}
      />
    );
  }
  if (groups.length === 0) return <p className="hint">{t('policy.noGroups')}</p>;
  if (key === 'scopeGroupIds' || key === 'kioskGroupIds' || key === 'textPinOptOutGroupIds') {
    const chosen = draft[key];
    return (
      <div role="group" aria-labelledby={`${id}-label`} aria-describedby={described}>
        {groups.map((g) => (
          <label key={g.id} className="sec-choice">
            <input
              type="checkbox"
              data-testid={`${id}-${g.name}`}
              checked={chosen.includes(g.id)}
              onChange={(e) =>
                set(key, e.target.checked ? [...chosen, g.id] : chosen.filter((x) => x !== g.id))
              }
            />
            {g.name}
          </label>
        ))}
      </div>
    );
  }
  if (key === 'groupFactors') {
    const rows = draft.groupFactors;
    const toggle = (groupId: number, factor: 'pin' | 'totp', on: boolean) => {
      const current = rows.find((r) => r.groupId === groupId)?.factors ?? [];
      const factors = on ? [...new Set([...current, factor])] : current.filter((f) => f !== factor);
      const others = rows.filter((r) => r.groupId !== groupId);
      const next: GroupFactors[] = factors.length ? [...others, { groupId, factors }] : others;
      set('groupFactors', next);
    };
    return (
      <table className="sec-table" aria-labelledby={`${id}-label`} aria-describedby={described}>
        <thead>
          <tr>
            <th scope="col">{t('policy.group')}</th>
            <th scope="col">{t('policy.pin')}</th>
            <th scope="col">{t('policy.app')}</th>
          </tr>
        </thead>
        <tbody>
          {groups.map((g) => {
            const factors = rows.find((r) => r.groupId === g.id)?.factors ?? [];
            return (
              <tr key={g.id}>
                <th scope="row">{g.name}</th>
                {(['pin', 'totp'] as const).map((factor) => (
                  <td key={factor}>
                    <label className="sec-choice">
                      <input
                        type="checkbox"
                        data-testid={`${id}-${g.name}-${factor}`}
                        checked={factors.includes(factor)}
                        onChange={(e) => toggle(g.id, factor, e.target.checked)}
                      />
                      <span className="sr-only">
                        {t(factor === 'pin' ? 'policy.pinFor' : 'policy.appFor', { name: g.name })}
                      </span>
                    </label>
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    );
  }
  if (key === 'shiftWindows') {
    const rows = draft.shiftWindows;
    const update = (index: number, patch: Partial<ShiftWindow>) =>
      set(
        'shiftWindows',
        rows.map((r, i) => (i === index ? { ...r, ...patch } : r)),
      );
    return (
      <div aria-describedby={described}>
        {rows.map((row, index) => (
          <fieldset key={index} className="sec-panel" data-testid={`${id}-row-${index}`}>
            <legend className="field-label">{t('policy.shiftRow', { n: index + 1 })}</legend>
            <div className="sec-row">
              <label>
                {t('policy.group')}
                <br />
                <select
                  className="sec-input"
                  value={row.groupId}
                  onChange={(e) => update(index, { groupId: Number(e.target.value) })}
                >
                  {groups.map((g) => (
                    <option key={g.id} value={g.id}>
                      {g.name}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                {t('policy.from')}
                <br />
                <input
                  className="sec-input"
                  type="time"
                  value={row.from}
                  onChange={(e) => update(index, { from: e.target.value })}
                />
              </label>
              <label>
                {t('policy.to')}
                <br />
                <input
                  className="sec-input"
                  type="time"
                  value={row.to}
                  onChange={(e) => update(index, { to: e.target.value })}
                />
              </label>
            </div>
            <div className="sec-days" role="group" aria-label={t('policy.days')}>
              {DAYS.map((day) => (
                <label key={day} className="sec-choice">
                  <input
                    type="checkbox"
                    checked={row.days.includes(day)}
                    onChange={(e) =>
                      update(index, {
                        days: e.target.checked
                          ? [...row.days, day].sort((a, b) => a - b)
                          : row.days.filter((d) => d !== day),
                      })
                    }
                  />
                  {t(`policy.day${day}`)}
                </label>
              ))}
            </div>
            <button
              type="button"
              className="secondary-button sec-danger"
              onClick={() =>
                set(
                  'shiftWindows',
                  rows.filter((_, i) => i !== index),
                )
              }
            >
              {t('policy.removeShift', { n: index + 1 })}
            </button>
          </fieldset>
        ))}
        <button
          type="button"
          className="secondary-button"
          data-testid={`${id}-add`}
          onClick={() =>
            set('shiftWindows', [
              ...rows,
              { groupId: groups[0]!.id, days: [1, 2, 3, 4, 5], from: '06:00', to: '18:00' },
            ])
          }
        >
          {t('policy.addShift')}
        </button>
      </div>
    );
  }
  return <p className="hint">{JSON.stringify(draft[key])}</p>;
}
