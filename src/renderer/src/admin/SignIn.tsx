// Admin sign-in: the manager's number → the SMS code → the PIN when main asks for it; or the
// employee ID and the site's recovery code when no manager can receive a text message.
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { AdminSignInStep, AdminView } from '../../../shared/admin';
import type { ChallengeView, IpcError } from '../../../shared/ipc/contract';
import { kiosk } from '../api';
import { Keypad, type KeypadKey } from '../components/Keypad';
import { useFocusOnMount } from '../hooks/use-focus-on-mount';
import { formatPhone, pressPhoneKey, sanitizePhone } from '../lib/phone-input';
import { useKiosk } from '../store';
import { describeError } from './errors';
import { DigitsField, PIN_MAX_LENGTH, NewPinFields, newPinProblem } from './pin-fields';
import { RecoveryCodeOnce } from './RecoveryCodeOnce';

type Step =
  | { kind: 'phone' }
  | { kind: 'code'; challenge: ChallengeView }
  | { kind: 'factor'; factor: string; setUp: boolean; minLength: number }
  | { kind: 'recover' }
  | { kind: 'recovered'; admin: AdminView; recoveryCode: string };

/** Digits only, for code and PIN fields typed on the keypad or a keyboard. */
export function pressDigitKey(value: string, key: KeypadKey, max: number): string {
  if (key === 'clear') return '';
  if (key === 'backspace') return value.slice(0, -1);
  if (/^\d$/.test(key) && value.length < max) return value + key;
  return value;
}

export function AdminSignIn({
  notice,
  onSignedIn,
}: {
  /** Why the manager is here again (idle sign-out, signed out), shown above the form. */
  notice: string | null;
  onSignedIn: (admin: AdminView) => void;
}) {
  const [step, setStep] = useState<Step>({ kind: 'phone' });
  const [restartNotice, setRestartNotice] = useState<string | null>(null);
  const { t } = useTranslation('admin');

  const afterVerify = (next: AdminSignInStep) => {
    if (next.state === 'signed_in') onSignedIn(next.admin);
    else {
      setStep({
        kind: 'factor',
        factor: next.factor,
        setUp: next.setUp === true,
        minLength: next.minLength ?? 4,
      });
    }
  };
  const restart = (why: string | null) => {
    setRestartNotice(why);
    setStep({ kind: 'phone' });
  };

  const shownNotice = restartNotice ?? notice;
  return (
    <div className="admin-signin" data-testid="admin-sign-in">
      {shownNotice && step.kind === 'phone' ? (
        <p className="notice" role="status" data-testid="admin-notice">
          {shownNotice}
        </p>
      ) : null}
      {step.kind === 'phone' ? (
        <PhoneStep
          onSent={(challenge) => {
            setRestartNotice(null);
            setStep({ kind: 'code', challenge });
          }}
          onRecover={() => setStep({ kind: 'recover' })}
        />
      ) : null}
      {step.kind === 'code' ? (
        <CodeStep
          challenge={step.challenge}
          onResent={(challenge) => setStep({ kind: 'code', challenge })}
          onVerified={afterVerify}
          onBack={() => restart(null)}
        />
      ) : null}
      {step.kind === 'factor' && step.setUp ? (
        <SetPinStep
          key={`${step.factor}-setup`}
          minLength={step.minLength}
          onDone={afterVerify}
          onRestart={(error) => restart(describeError(t, error))}
        />
      ) : null}
      {step.kind === 'factor' && !step.setUp ? (
        <FactorStep
          key={step.factor}
          factor={step.factor}
          onDone={afterVerify}
          onRestart={(error) => restart(describeError(t, error))}
        />
      ) : null}
      {step.kind === 'recover' ? (
        <RecoverStep
          onRecovered={(admin, recoveryCode) => setStep({ kind: 'recovered', admin, recoveryCode })}
          onBack={() => restart(null)}
        />
      ) : null}
      {step.kind === 'recovered' ? (
        <RecoveryCodeOnce
          code={step.recoveryCode}
          intro={t('recovery.usedIntro')}
          onDone={() => onSignedIn(step.admin)}
        />
      ) : null}
    </div>
  );
}

function StepForm({
  id,
  title,
  lead,
  onSubmit,
  children,
  side,
}: {
  id: string;
  title: string;
  lead: string;
  onSubmit: () => void;
  children: ReactNode;
  side?: ReactNode;
}) {
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit();
  };
  return (
    <section className="screen" aria-labelledby={`${id}-heading`}>
      <div className="entry-layout">
        <form className="entry-form" onSubmit={submit} noValidate>
          <h1 id={`${id}-heading`} ref={heading} tabIndex={-1}>
            {title}
          </h1>
          <p className="lead" id={`${id}-lead`}>
            {lead}
          </p>
          {children}
        </form>
        {side ? <div className="side">{side}</div> : null}
      </div>
    </section>
  );
}

/** A local check's words are already in the screen's language; main's errors are worded here. */
function ErrorLine({ id, error }: { id: string; error: IpcError | string | null }) {
  const { t } = useTranslation('admin');
  return (
    <p id={id} className="field-error" role="status" aria-live="polite" data-testid={id}>
      {typeof error === 'string' ? error : error ? describeError(t, error) : ''}
    </p>
  );
}

function PhoneStep({
  onSent,
  onRecover,
}: {
  onSent: (challenge: ChallengeView) => void;
  onRecover: () => void;
}) {
  const { t } = useTranslation('admin');
  const country = useKiosk((s) => s.info?.defaultCountry ?? '');
  const [phone, setPhone] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<IpcError | null>(null);

  const send = async () => {
    if (busy) return;
    if (phone.replace(/\D/g, '') === '') {
      setError({ code: 'invalid_phone', message: t('signIn.phoneEmpty') });
      return;
    }
    setBusy(true);
    const result = await kiosk.admin.start({ phone });
    setBusy(false);
    if (result.ok) onSent(result.value);
    else setError(result.error);
  };

  return (
    <StepForm
      id="admin-phone"
      title={t('signIn.heading')}
      lead={t('signIn.phoneLead')}
      onSubmit={() => void send()}
      side={
        <Keypad
          withPlus
          disabled={busy}
          controls="admin-phone-input"
          onKey={(key) => {
            setError(null);
            setPhone((p) => pressPhoneKey(p, key));
          }}
        />
      }
    >
      <label className="field-label" htmlFor="admin-phone-input">
        {t('signIn.phoneLabel')}
      </label>
      <input
        id="admin-phone-input"
        data-testid="admin-phone-input"
        className="phone-input"
        type="tel"
        inputMode="tel"
        autoComplete="off"
        spellCheck={false}
        value={formatPhone(phone, country)}
        aria-invalid={error ? true : undefined}
        aria-describedby="admin-phone-lead admin-phone-error"
        onChange={(e) => {
          setError(null);
          setPhone(sanitizePhone(e.target.value));
        }}
      />
      <ErrorLine id="admin-phone-error" error={error} />
      <button
        type="submit"
        className="primary-button"
        data-testid="admin-send-code"
        aria-disabled={busy || undefined}
      >
        {busy ? t('signIn.sending') : t('signIn.sendCode')}
      </button>
      <button
        type="button"
        className="link-button"
        data-testid="admin-use-recovery"
        onClick={onRecover}
      >
        {t('signIn.useRecovery')}
      </button>
    </StepForm>
  );
}

function CodeStep({
  challenge,
  onResent,
  onVerified,
  onBack,
}: {
  challenge: ChallengeView;
  onResent: (challenge: ChallengeView) => void;
  onVerified: (step: AdminSignInStep) => void;
  onBack: () => void;
}) {
  const { t } = useTranslation('admin');
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<IpcError | null>(null);
  const [resent, setResent] = useState(false);
  const max = challenge.codeLength;

  const verify = async () => {
    if (busy) return;
    if (code.length !== max) {
      setError({ code: 'malformed_code', message: t('signIn.codeIncomplete', { count: max }) });
      return;
    }
    setBusy(true);
    const result = await kiosk.admin.verify({ challengeId: challenge.challengeId, code });
    setBusy(false);
    if (result.ok) {
      onVerified(result.value);
      return;
    }
    setCode('');
    setError(result.error);
  };
  const resend = async () => {
    setBusy(true);
    const result = await kiosk.admin.resend({ challengeId: challenge.challengeId });
    setBusy(false);
    if (result.ok) {
      setCode('');
      setError(null);
      setResent(true);
      onResent(result.value);
    } else setError(result.error);
  };

  return (
    <StepForm
      id="admin-code"
      title={t('signIn.codeHeading')}
      lead={t('signIn.codeLead', { phone: challenge.maskedPhone })}
      onSubmit={() => void verify()}
      side={
        <>
          <Keypad
            withPlus={false}
            disabled={busy}
            controls="admin-code-input"
            onKey={(key) => {
              setError(null);
              setCode((c) => pressDigitKey(c, key, max));
            }}
          />
          <button
            type="button"
            className="secondary-button"
            data-testid="admin-resend"
            disabled={busy}
            onClick={() => void resend()}
          >
            {t('signIn.resend')}
          </button>
          <button
            type="button"
            className="secondary-button"
            data-testid="admin-back"
            onClick={onBack}
          >
            {t('signIn.back')}
          </button>
        </>
      }
    >
      {resent ? (
        <p className="notice" role="status">
          {t('signIn.resent')}
        </p>
      ) : null}
      <DigitsField
        id="admin-code-input"
        label={t('signIn.codeLabel')}
        value={code}
        max={max}
        error={error !== null}
        describedBy="admin-code-lead admin-code-error"
        onChange={(value) => {
          setError(null);
          setCode(value);
        }}
      />
      <ErrorLine id="admin-code-error" error={error} />
      <button
        type="submit"
        className="primary-button"
        data-testid="admin-verify"
        aria-disabled={busy || undefined}
      >
        {busy ? t('signIn.checking') : t('signIn.verify')}
      </button>
    </StepForm>
  );
}

function FactorStep({
  factor,
  onDone,
  onRestart,
}: {
  factor: string;
  onDone: (step: AdminSignInStep) => void;
  onRestart: (error: IpcError) => void;
}) {
  const { t } = useTranslation('admin');
  const [proof, setProof] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<IpcError | null>(null);
  const isPin = factor === 'pin';
  const max = isPin ? PIN_MAX_LENGTH : 6;

  const submit = async () => {
    if (busy) return;
    if (proof.length === 0) {
      setError({ code: 'invalid_input', message: t('signIn.factorEmpty') });
      return;
    }
    setBusy(true);
    const result = await kiosk.admin.factor({ factor: isPin ? 'pin' : 'totp', proof });
    setBusy(false);
    setProof('');
    if (result.ok) onDone(result.value);
    // main ends the pending sign-in after a wrong PIN: start again from the number.
    else if (['wrong_code', 'challenge_not_found', 'locked'].includes(result.error.code)) {
      onRestart(result.error);
    } else setError(result.error);
  };

  return (
    <StepForm
      id="admin-factor"
      title={isPin ? t('signIn.pinHeading') : t('signIn.totpHeading')}
      lead={isPin ? t('signIn.pinLead') : t('signIn.totpLead')}
      onSubmit={() => void submit()}
      side={
        <Keypad
          withPlus={false}
          disabled={busy}
          controls="admin-factor-input"
          onKey={(key) => {
            setError(null);
            setProof((p) => pressDigitKey(p, key, max));
          }}
        />
      }
    >
      <DigitsField
        id="admin-factor-input"
        label={isPin ? t('signIn.pinLabel') : t('signIn.totpLabel')}
        value={proof}
        max={max}
        secret={isPin}
        error={error !== null}
        describedBy="admin-factor-lead admin-factor-error"
        onChange={(value) => {
          setError(null);
          setProof(value);
        }}
      />
      <ErrorLine id="admin-factor-error" error={error} />
      <button
        type="submit"
        className="primary-button"
        data-testid="admin-factor-submit"
        aria-disabled={busy || undefined}
      >
        {busy ? t('signIn.checking') : t('signIn.verify')}
      </button>
    </StepForm>
  );
}

function RecoverStep({
  onRecovered,
  onBack,
}: {
  onRecovered: (admin: AdminView, recoveryCode: string) => void;
  onBack: () => void;
}) {
  const { t } = useTranslation('admin');
  const [employeeId, setEmployeeId] = useState('');
  const [recoveryCode, setRecoveryCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<IpcError | null>(null);

  const submit = async () => {
    if (busy) return;
    setBusy(true);
    const result = await kiosk.admin.recover({
      employeeId: employeeId.trim(),
      recoveryCode: recoveryCode.trim(),
    });
    setBusy(false);
    if (result.ok) onRecovered(result.value.admin, result.value.recoveryCode);
    else {
      setRecoveryCode('');
      setError(result.error);
    }
  };

  return (
    <StepForm
      id="admin-recover"
      title={t('signIn.recoverHeading')}
      lead={t('signIn.recoverLead')}
      onSubmit={() => void submit()}
    >
      <label className="field-label" htmlFor="admin-recover-employee">
        {t('fields.employeeId')}
      </label>
      <input
        id="admin-recover-employee"
        data-testid="admin-recover-employee"
        className="text-input"
        autoComplete="off"
        spellCheck={false}
        value={employeeId}
        onChange={(e) => setEmployeeId(e.target.value)}
      />
      <label className="field-label" htmlFor="admin-recover-code">
        {t('recovery.codeLabel')}
      </label>
      <input
        id="admin-recover-code"
        data-testid="admin-recover-code"
        className="text-input code-text"
        autoComplete="off"
        spellCheck={false}
        value={recoveryCode}
        aria-invalid={error ? true : undefined}
        aria-describedby="admin-recover-lead admin-recover-error"
        onChange={(e) => {
          setError(null);
          setRecoveryCode(e.target.value);
        }}
      />
      <ErrorLine id="admin-recover-error" error={error} />
      <div className="actions">
        <button
          type="submit"
          className="primary-button"
          data-testid="admin-recover-submit"
          aria-disabled={busy || undefined}
        >
          {busy ? t('signIn.checking') : t('signIn.recoverSubmit')}
        </button>
        <button type="button" className="secondary-button" onClick={onBack}>
          {t('signIn.back')}
        </button>
      </div>
    </StepForm>
  );
}

/** A manager without a PIN chooses one right after the SMS code (typed twice). */
function SetPinStep({
  minLength,
  onDone,
  onRestart,
}: {
  minLength: number;
  onDone: (step: AdminSignInStep) => void;
  onRestart: (error: IpcError) => void;
}) {
  const { t } = useTranslation('admin');
  const [pin, setPin] = useState('');
  const [confirm, setConfirm] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<IpcError | string | null>(null);

  const submit = async () => {
    if (busy) return;
    const problem = newPinProblem(t, pin, confirm, minLength);
    if (problem) {
      setError(problem.message);
      if (problem.mismatch) setConfirm('');
      return;
    }
    setBusy(true);
    const result = await kiosk.admin.setPin({ pin, confirm });
    setBusy(false);
    if (result.ok) {
      onDone(result.value);
      return;
    }
    setPin('');
    setConfirm('');
    // The sign-in itself ended (too slow, or no longer a manager): start again.
    if (result.error.code === 'challenge_not_found') onRestart(result.error);
    else setError(result.error);
  };

  return (
    <StepForm
      id="admin-set-pin"
      title={t('signIn.setPinHeading')}
      lead={t('signIn.setPinLead', { count: minLength })}
      onSubmit={() => void submit()}
    >
      <NewPinFields
        id="admin-new-pin"
        pin={pin}
        again={confirm}
        onPin={(value) => {
          setError(null);
          setPin(value);
        }}
        onAgain={(value) => {
          setError(null);
          setConfirm(value);
        }}
        invalid={error !== null}
        describedBy="admin-set-pin-lead admin-set-pin-error"
      />
      <ErrorLine id="admin-set-pin-error" error={error} />
      <button
        type="submit"
        className="primary-button"
        data-testid="admin-set-pin-submit"
        aria-disabled={busy || undefined}
      >
        {busy ? t('signIn.checking') : t('signIn.setPinSubmit')}
      </button>
    </StepForm>
  );
}
