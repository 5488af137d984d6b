// First-run setup (setup.status → setup.start → setup.complete): the site, the modem, the first
// manager, the code texted to them, then the recovery code shown once. Nothing is stored until
// the code is right (main keeps the answers in memory), so leaving halfway leaves nothing behind.
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  AdminView,
  ModemPortsView,
  SetupChallengeView,
  SetupDone,
  SetupStatus,
} from '../../../shared/admin';
import type { IpcError, IpcResult } from '../../../shared/ipc/contract';
import { kiosk } from '../api';
import { useFocusOnMount } from '../hooks/use-focus-on-mount';
import { describeError, fieldOf, type FieldName } from './errors';
import { machineTimeZone, timeZoneChoices } from './time-zones';
import { FieldError, SelectField, TextField } from './fields';
import { NewPinFields, newPinProblem } from './pin-fields';
import { RecoveryCodeOnce } from './RecoveryCodeOnce';

export const SETUP_STEPS = ['site', 'modem', 'manager', 'code', 'recovery'] as const;
export type SetupStep = (typeof SETUP_STEPS)[number];

/** The setup id survives a reload of the page, so the wizard can resume at the code step. */
const SETUP_ID_KEY = 'kiosk.admin.setupId';

interface Answers {
  siteName: string;
  kioskName: string;
  defaultCountry: string;
  timeZone: string;
  displayName: string;
  employeeId: string;
  phone: string;
}

export function SetupWizard({ onDone }: { onDone: (admin: AdminView) => void }) {
  const { t } = useTranslation('admin');
  const [status, setStatus] = useState<SetupStatus | null>(null);
  const [statusError, setStatusError] = useState<IpcError | null>(null);
  const [step, setStep] = useState<SetupStep>('site');
  const [answers, setAnswers] = useState<Answers>({
    siteName: '',
    kioskName: '',
    defaultCountry: '',
    timeZone: machineTimeZone(),
    displayName: '',
    employeeId: '',
    phone: '',
  });
  const [challenge, setChallenge] = useState<SetupChallengeView | null>(null);
  const [done, setDone] = useState<SetupDone | null>(null);

  useEffect(() => {
    void kiosk.setup.status({}).then((result) => {
      if (!result.ok) {
        setStatusError(result.error);
        return;
      }
      const s = result.value;
      setStatus(s);
      setAnswers((a) => ({
        ...a,
        siteName: s.siteName,
        kioskName: s.kioskName,
        defaultCountry: s.defaultCountry,
        // A new site's stored zone is UTC; the machine's own zone is the likelier answer.
        timeZone: s.timeZone && s.timeZone !== 'UTC' ? s.timeZone : machineTimeZone(),
      }));
      const setupId = readSetupId();
      if (s.pending && setupId) {
        setChallenge({
          setupId,
          maskedPhone: s.pending.maskedPhone,
          codeLength: 0,
          expiresAt: s.pending.expiresAt,
          resendAt: 0,
        });
        setStep('code');
      }
    });
  }, []);

  const set = (field: keyof Answers) => (value: string) =>
    setAnswers((a) => ({ ...a, [field]: value }));

  if (statusError) {
    return (
      <p className="field-error" role="alert">
        {describeError(t, statusError)}
      </p>
    );
  }
  if (!status) {
    return (
      <p className="loading" role="status">
        {t('shell.loading')}
      </p>
    );
  }

  const index = SETUP_STEPS.indexOf(step);
  return (
    <div className="setup-wizard" data-testid="setup-wizard">
      <p className="setup-progress" data-testid="setup-progress">
        {t('setup.progress', { n: index + 1, count: SETUP_STEPS.length })}
      </p>
      {step === 'site' ? (
        <SiteStep answers={answers} set={set} onNext={() => setStep('modem')} />
      ) : null}
      {step === 'modem' ? (
        <ModemStep
          country={answers.defaultCountry}
          onBack={() => setStep('site')}
          onNext={() => setStep('manager')}
        />
      ) : null}
      {step === 'manager' ? (
        <ManagerStep
          answers={answers}
          set={set}
          pending={status.pending}
          onBack={() => setStep('modem')}
          onSent={(sent) => {
            writeSetupId(sent.setupId);
            setChallenge(sent);
            setStep('code');
          }}
          onSiteError={() => setStep('site')}
        />
      ) : null}
      {step === 'code' && challenge ? (
        <CodeStep
          challenge={challenge}
          onResent={setChallenge}
          onBack={() => {
            writeSetupId(null);
            setStep('manager');
          }}
          onDone={(value) => {
            writeSetupId(null);
            setDone(value);
            setStep('recovery');
          }}
        />
      ) : null}
      {step === 'recovery' && done ? (
        <RecoveryCodeOnce
          code={done.recoveryCode}
          intro={t('setup.recoveryIntro')}
          onDone={() => onDone(done.admin)}
        />
      ) : null}
    </div>
  );
}

function readSetupId(): string | null {
  try {
    return sessionStorage.getItem(SETUP_ID_KEY);
  } catch {
    return null;
  }
}

function writeSetupId(id: string | null): void {
  try {
    if (id) sessionStorage.setItem(SETUP_ID_KEY, id);
    else sessionStorage.removeItem(SETUP_ID_KEY);
  } catch {
    // No storage (opaque origin): the wizard then starts again after a reload.
  }
}

function Step({
  id,
  title,
  lead,
  onSubmit,
  children,
}: {
  id: string;
  title: string;
  lead: string;
  onSubmit: () => void;
  children: ReactNode;
}) {
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit();
  };
  return (
    <section className="admin-panel" aria-labelledby={`${id}-heading`}>
      <form className="admin-form" onSubmit={submit} noValidate data-testid={id}>
        <h1 id={`${id}-heading`} ref={heading} tabIndex={-1}>
          {title}
        </h1>
        <p className="lead">{lead}</p>
        {children}
      </form>
    </section>
  );
}

function SiteStep({
  answers,
  set,
  onNext,
}: {
  answers: Answers;
  set: (field: keyof Answers) => (value: string) => void;
  onNext: () => void;
}) {
  const { t } = useTranslation('admin');
  const [errors, setErrors] = useState<Partial<Record<FieldName, string>>>({});
  /** Typing into a field clears its error. */
  const edit = (field: 'siteName' | 'kioskName' | 'defaultCountry') => (value: string) => {
    setErrors((e) => ({ ...e, [field]: undefined }));
    set(field)(field === 'defaultCountry' ? value.toUpperCase() : value);
  };
  const next = () => {
    // Only "is it filled in": main checks each answer properly when the code is sent.
    const found: Partial<Record<FieldName, string>> = {};
    if (!answers.siteName.trim()) found.siteName = t('setup.required');
    if (!answers.kioskName.trim()) found.kioskName = t('setup.required');
    if (!/^[A-Za-z]{2}$/.test(answers.defaultCountry.trim())) {
      found.defaultCountry = t('setup.countryFormat');
    }
    setErrors(found);
    if (Object.keys(found).length === 0) onNext();
  };
  return (
    <Step id="setup-site" title={t('setup.siteHeading')} lead={t('setup.siteLead')} onSubmit={next}>
      <TextField
        id="setup-site-name"
        label={t('fields.siteName')}
        hint={t('setup.siteNameHint')}
        value={answers.siteName}
        onChange={edit('siteName')}
        error={errors.siteName}
        maxLength={100}
      />
      <TextField
        id="setup-kiosk-name"
        label={t('fields.kioskName')}
        hint={t('setup.kioskNameHint')}
        value={answers.kioskName}
        onChange={edit('kioskName')}
        error={errors.kioskName}
        maxLength={100}
      />
      <TextField
        id="setup-country"
        label={t('fields.defaultCountry')}
        hint={t('setup.countryHint')}
        value={answers.defaultCountry}
        onChange={edit('defaultCountry')}
        error={errors.defaultCountry}
        maxLength={2}
      />
      <SelectField
        id="setup-time-zone"
        label={t('fields.timeZone')}
        hint={t('setup.timeZoneHint')}
        value={answers.timeZone}
        onChange={set('timeZone')}
      >
        {timeZoneChoices(answers.timeZone).map((zone) => (
          <option key={zone} value={zone}>
            {zone.replace(/_/g, ' ')}
          </option>
        ))}
      </SelectField>
      <div className="actions">
        <button type="submit" className="primary-button" data-testid="setup-next">
          {t('setup.next')}
        </button>
      </div>
    </Step>
  );
}

function ModemStep({
  country,
  onBack,
  onNext,
}: {
  country: string;
  onBack: () => void;
  onNext: () => void;
}) {
  const { t } = useTranslation('admin');
  const [ports, setPorts] = useState<ModemPortsView | null>(null);
  const [portsError, setPortsError] = useState<IpcError | null>(null);
  const [choice, setChoice] = useState<string>('');
  const [busy, setBusy] = useState(false);
  const [testPhone, setTestPhone] = useState('');
  const [testResult, setTestResult] = useState<string | null>(null);
  const [testError, setTestError] = useState<IpcError | null>(null);

  const apply = (result: IpcResult<ModemPortsView>) => {
    if (result.ok) {
      setPorts(result.value);
      setPortsError(null);
      setChoice(result.value.chosen ?? '');
    } else setPortsError(result.error);
  };
  const load = async () => {
    setBusy(true);
    const result = await kiosk.setup.modemPorts({});
    setBusy(false);
    apply(result);
  };
  useEffect(() => {
    void kiosk.setup.modemPorts({}).then(apply);
    // Once on arrival; "Look again" asks again.
  }, []);

  const choosePort = async () => {
    setBusy(true);
    const result = await kiosk.setup.modemUsePort({ port: choice === '' ? null : choice });
    setBusy(false);
    if (result.ok) {
      setPorts(result.value);
      setPortsError(null);
    } else setPortsError(result.error);
  };
  const sendTest = async () => {
    setTestResult(null);
    setTestError(null);
    if (!testPhone.trim()) {
      setTestError({ code: 'invalid_phone', message: t('signIn.phoneEmpty') });
      return;
    }
    setBusy(true);
    const result = await kiosk.setup.testSms({ phone: testPhone });
    setBusy(false);
    if (result.ok) setTestResult(t('setup.testSent', { phone: result.value.maskedTo }));
    else setTestError(result.error);
  };

  return (
    <Step
      id="setup-modem"
      title={t('setup.modemHeading')}
      lead={t('setup.modemLead')}
      onSubmit={onNext}
    >
      {ports ? (
        <fieldset className="admin-fieldset">
          <legend className="field-label">{t('setup.portLegend')}</legend>
          <p className="hint">
            {ports.current ? t('setup.portCurrent', { port: ports.current }) : t('setup.portNone')}
          </p>
          <label className="admin-check">
            <input
              type="radio"
              name="modem-port"
              value=""
              checked={choice === ''}
              onChange={() => setChoice('')}
            />
            <span>{t('setup.portAuto')}</span>
          </label>
          {ports.ports.map((port) => (
            <label className="admin-check" key={port.path}>
              <input
                type="radio"
                name="modem-port"
                value={port.path}
                checked={choice === port.path}
                onChange={() => setChoice(port.path)}
              />
              <span>
                {port.path}
                {port.description ? ` – ${port.description}` : ''}
                {port.answersAt === true ? ` (${t('setup.portAnswers')})` : ''}
              </span>
            </label>
          ))}
          <div className="actions">
            <button
              type="button"
              className="secondary-button"
              data-testid="setup-use-port"
              disabled={busy}
              onClick={() => void choosePort()}
            >
              {t('setup.usePort')}
            </button>
            <button
              type="button"
              className="secondary-button"
              disabled={busy}
              onClick={() => void load()}
            >
              {t('setup.redetect')}
            </button>
          </div>
        </fieldset>
      ) : null}
      <FieldError id="setup-modem-error" text={portsError ? describeError(t, portsError) : ''} />
      <TextField
        id="setup-test-phone"
        label={t('setup.testPhone')}
        hint={t('setup.testHint', { country })}
        type="tel"
        inputMode="tel"
        value={testPhone}
        onChange={setTestPhone}
        error={testError ? describeError(t, testError) : null}
      />
      <div className="actions">
        <button
          type="button"
          className="secondary-button"
          data-testid="setup-test-sms"
          disabled={busy}
          onClick={() => void sendTest()}
        >
          {t('setup.sendTest')}
        </button>
      </div>
      {testResult ? (
        <p className="notice" role="status">
          {testResult}
        </p>
      ) : null}
      <p className="hint">{t('setup.modemLater')}</p>
      <div className="actions">
        <button type="button" className="secondary-button" onClick={onBack}>
          {t('setup.back')}
        </button>
        <button type="submit" className="primary-button" data-testid="setup-next">
          {t('setup.next')}
        </button>
      </div>
    </Step>
  );
}

function ManagerStep({
  answers,
  set,
  pending,
  onBack,
  onSent,
  onSiteError,
}: {
  answers: Answers;
  set: (field: keyof Answers) => (value: string) => void;
  pending: SetupStatus['pending'];
  onBack: () => void;
  onSent: (challenge: SetupChallengeView) => void;
  onSiteError: () => void;
}) {
  const { t } = useTranslation('admin');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<IpcError | null>(null);
  const field = error ? fieldOf(error) : null;
  const text = error ? describeError(t, error) : null;
  const at = (name: FieldName) => (field === name ? text : null);

  const send = async () => {
    if (busy) return;
    setBusy(true);
    const result = await kiosk.setup.start({
      siteName: answers.siteName,
      kioskName: answers.kioskName,
      defaultCountry: answers.defaultCountry,
      timeZone: answers.timeZone,
      manager: {
        displayName: answers.displayName,
        employeeId: answers.employeeId,
        phone: answers.phone,
      },
    });
    setBusy(false);
    if (result.ok) {
      onSent(result.value);
      return;
    }
    setError(result.error);
    const where = fieldOf(result.error);
    if (
      where === 'siteName' ||
      where === 'kioskName' ||
      where === 'defaultCountry' ||
      where === 'timeZone'
    ) {
      onSiteError();
    }
  };

  return (
    <Step
      id="setup-manager"
      title={t('setup.managerHeading')}
      lead={t('setup.managerLead')}
      onSubmit={() => void send()}
    >
      {pending ? (
        <p className="notice" role="status">
          {t('setup.pendingNotice', { phone: pending.maskedPhone })}
        </p>
      ) : null}
      <TextField
        id="setup-manager-name"
        label={t('fields.displayName')}
        value={answers.displayName}
        onChange={set('displayName')}
        error={at('displayName')}
        maxLength={100}
      />
      <TextField
        id="setup-manager-employee"
        label={t('fields.employeeId')}
        value={answers.employeeId}
        onChange={set('employeeId')}
        error={at('employeeId')}
        maxLength={64}
      />
      <TextField
        id="setup-manager-phone"
        label={t('fields.phone')}
        hint={t('setup.managerPhoneHint')}
        type="tel"
        inputMode="tel"
        value={answers.phone}
        onChange={set('phone')}
        error={at('phone')}
        maxLength={40}
      />
      <FieldError id="setup-manager-error" text={field === 'form' ? text : null} />
      <div className="actions">
        <button type="button" className="secondary-button" onClick={onBack}>
          {t('setup.back')}
        </button>
        <button
          type="submit"
          className="primary-button"
          data-testid="setup-send-code"
          aria-disabled={busy || undefined}
        >
          {busy ? t('signIn.sending') : t('setup.sendCode')}
        </button>
      </div>
    </Step>
  );
}

function CodeStep({
  challenge,
  onResent,
  onBack,
  onDone,
}: {
  challenge: SetupChallengeView;
  onResent: (challenge: SetupChallengeView) => void;
  onBack: () => void;
  onDone: (done: SetupDone) => void;
}) {
  const { t } = useTranslation('admin');
  const [code, setCode] = useState('');
  const [pin, setPin] = useState('');
  const [pinAgain, setPinAgain] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<IpcError | null>(null);
  const [pinError, setPinError] = useState<string | null>(null);
  const [resent, setResent] = useState(false);

  const complete = async () => {
    if (busy) return;
    setPinError(null);
    if (!/^\d{6,8}$/.test(code)) {
      setError({ code: 'malformed_code', message: t('setup.codeFormat') });
      return;
    }
    const problem = newPinProblem(t, pin, pinAgain, 4);
    if (problem) {
      if (problem.mismatch) setPinAgain('');
      setPinError(problem.message);
      return;
    }
    setBusy(true);
    const result = await kiosk.setup.complete({ setupId: challenge.setupId, code, pin });
    setBusy(false);
    if (result.ok) {
      onDone(result.value);
      return;
    }
    // main checks the PIN (obvious ones are refused) before it spends the code.
    if (result.error.code === 'invalid_input') {
      setPin('');
      setPinAgain('');
      setPinError(describeError(t, result.error));
      return;
    }
    setCode('');
    setError(result.error);
  };
  const resend = async () => {
    setBusy(true);
    const result = await kiosk.setup.resend({ setupId: challenge.setupId });
    setBusy(false);
    if (result.ok) {
      setError(null);
      setResent(true);
      onResent(result.value);
    } else setError(result.error);
  };

  return (
    <Step
      id="setup-code"
      title={t('setup.codeHeading')}
      lead={t('setup.codeLead', { phone: challenge.maskedPhone })}
      onSubmit={() => void complete()}
    >
      {resent ? (
        <p className="notice" role="status">
          {t('signIn.resent')}
        </p>
      ) : null}
      <TextField
        id="setup-code-input"
        label={t('signIn.codeLabel')}
        inputMode="numeric"
        autoComplete="one-time-code"
        value={code}
        onChange={(v) => {
          setError(null);
          setCode(v.replace(/\D/g, '').slice(0, 8));
        }}
        error={error ? describeError(t, error) : null}
        maxLength={8}
      />
      <fieldset className="admin-fieldset">
        <legend className="field-label">{t('setup.pinLegend')}</legend>
        <p className="hint" id="setup-pin-hint">
          {t('setup.pinHint')}
        </p>
        <NewPinFields
          id="setup-pin"
          pin={pin}
          again={pinAgain}
          onPin={(v) => {
            setPinError(null);
            setPin(v);
          }}
          onAgain={(v) => {
            setPinError(null);
            setPinAgain(v);
          }}
          invalid={pinError !== null}
          describedBy="setup-pin-hint setup-pin-error"
          inForm
        />
        <FieldError id="setup-pin-error" text={pinError} />
      </fieldset>
      <div className="actions">
        <button
          type="submit"
          className="primary-button"
          data-testid="setup-complete"
          aria-disabled={busy || undefined}
        >
          {busy ? t('signIn.checking') : t('setup.complete')}
        </button>
        <button
          type="button"
          className="secondary-button"
          data-testid="setup-resend"
          disabled={busy}
          onClick={() => void resend()}
        >
          {t('signIn.resend')}
        </button>
        <button type="button" className="secondary-button" onClick={onBack}>
          {t('setup.changeAnswers')}
        </button>
      </div>
    </Step>
  );
}
