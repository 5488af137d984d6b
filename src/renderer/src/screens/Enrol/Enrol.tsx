import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useFocusOnMount } from '../../hooks/use-focus-on-mount';
import { useKiosk } from '../../store';
import { securityErrorText } from '../Security/error-text';
import { pressDigitsKey } from '../Security/AuthenticatorCodeField';
import { Keypad } from '../../components/Keypad';
import '../Security/security.css';

/**
 * "Register my phone": employee ID + enrolment code → mobile number → the code texted to it →
 * a PIN where one is required → registered. Then the worker signs in the usual way with the
 * number just registered (prefilled), so every sign-in goes through the same rules.
 */
export function Enrol() {
  const { t } = useTranslation();
  const enrol = useKiosk((s) => s.enrol);
  const busy = useKiosk((s) => s.securityBusy);
  const error = useKiosk((s) => s.securityError);
  const state = useKiosk.getState;
  const [employeeId, setEmployeeId] = useState('');
  const [code, setCode] = useState('');
  const [phone, setPhone] = useState('');
  const [smsCode, setSmsCode] = useState('');
  const [pin, setPin] = useState('');
  const [pin2, setPin2] = useState('');
  const [mismatch, setMismatch] = useState(false);
  // The PIN step has two fields: the keypad types into the one last focused.
  const [pinTarget, setPinTarget] = useState<'enrol-pin' | 'enrol-pin2'>('enrol-pin');
  const keypad = (
    id: string,
    value: string,
    set: (v: string) => void,
    max: number,
    plus = false,
  ) => (
    <Keypad
      onKey={(key) => set(pressDigitsKey(value, key, max, plus))}
      withPlus={plus}
      disabled={busy}
      controls={id}
    />
  );

  const errorText = mismatch ? t('enrol.pinMismatch') : securityErrorText(t, error);
  const submit = (action: () => unknown) => (e: FormEvent) => {
    e.preventDefault();
    if (!busy) void action();
  };
  const cancel = (
    <button
      type="button"
      className="secondary-button"
      data-testid="enrol-cancel"
      onClick={() => state().closeSecurity()}
    >
      {t('enrol.cancel')}
    </button>
  );

  let body: ReactNode;
  switch (enrol.step) {
    case 'code':
      body = (
        <FormStep
          heading={t('enrol.heading')}
          intro={t('enrol.intro')}
          onSubmit={submit(() => state().enrolStart(employeeId, code))}
          errorText={errorText}
          submit={t('enrol.next')}
          testId="enrol-next"
          busy={busy}
          extra={cancel}
        >
          <Field
            id="enrol-employee"
            label={t('enrol.employeeId')}
            value={employeeId}
            onChange={setEmployeeId}
            autoFocus
          />
          <Field
            id="enrol-code"
            label={t('enrol.code')}
            value={code}
            onChange={(v) => setCode(v.toUpperCase())}
          />
        </FormStep>
      );
      break;
    case 'phone':
      body = (
        <FormStep
          heading={t('enrol.phoneHeading', { name: enrol.displayName })}
          intro={t('enrol.phoneIntro')}
          onSubmit={submit(() => state().enrolSendCode(phone))}
          errorText={errorText}
          submit={busy ? t('enrol.sending') : t('enrol.send')}
          testId="enrol-send"
          busy={busy}
          extra={cancel}
        >
          <Field
            id="enrol-phone"
            label={t('enrol.phoneLabel')}
            value={phone}
            onChange={setPhone}
            type="tel"
            autoFocus
          />
          {keypad('enrol-phone', phone, setPhone, 20, true)}
        </FormStep>
      );
      break;
    case 'sms':
      body = (
        <FormStep
          heading={t('enrol.smsHeading')}
          intro={t('enrol.smsIntro', { phone: enrol.sent?.maskedPhone ?? '' })}
          onSubmit={submit(() => state().enrolVerify(smsCode))}
          errorText={errorText}
          submit={t('enrol.verify')}
          testId="enrol-verify"
          busy={busy}
          extra={
            <>
              <button
                type="button"
                className="secondary-button"
                onClick={() => void state().enrolSendCode()}
              >
                {t('enrol.resend')}
              </button>
              {cancel}
            </>
          }
        >
          <Field
            id="enrol-sms"
            label={t('enrol.smsLabel')}
            value={smsCode}
            onChange={(v) => setSmsCode(v.replace(/\D/g, '').slice(0, 8))}
            numeric
            autoFocus
          />
          {keypad('enrol-sms', smsCode, setSmsCode, 8)}
        </FormStep>
      );
      break;
    case 'pin':
      body = (
        <FormStep
          heading={t('enrol.pinHeading')}
          intro={t('enrol.pinIntro', { min: enrol.pinMinLength })}
          onSubmit={submit(() => {
            if (pin !== pin2) {
              setMismatch(true);
              return;
            }
            setMismatch(false);
            return state().enrolSetPin(pin);
          })}
          errorText={errorText}
          submit={t('enrol.savePin')}
          testId="enrol-save-pin"
          busy={busy}
          extra={cancel}
        >
          <Field
            id="enrol-pin"
            label={t('enrol.pinLabel')}
            value={pin}
            onChange={(v) => setPin(v.replace(/\D/g, '').slice(0, 8))}
            onFocus={() => setPinTarget('enrol-pin')}
            numeric
            secret
            autoFocus
          />
          <Field
            id="enrol-pin2"
            label={t('enrol.pinAgain')}
            value={pin2}
            onChange={(v) => setPin2(v.replace(/\D/g, '').slice(0, 8))}
            onFocus={() => setPinTarget('enrol-pin2')}
            numeric
            secret
          />
          {pinTarget === 'enrol-pin'
            ? keypad('enrol-pin', pin, setPin, 8)
            : keypad('enrol-pin2', pin2, setPin2, 8)}
        </FormStep>
      );
      break;
    case 'done':
      body = (
        <Step
          heading={t('enrol.doneHeading')}
          intro={t('enrol.doneBody', { name: enrol.displayName })}
        >
          <div className="security-actions">
            <button
              type="button"
              className="primary-button"
              data-testid="enrol-sign-in"
              onClick={() => {
                state().closeSecurity();
                state().setPhone(phone);
              }}
            >
              {t('enrol.signIn')}
            </button>
          </div>
        </Step>
      );
      break;
  }
  return (
    <section
      className="screen"
      aria-labelledby="enrol-heading"
      data-testid={`enrol-step-${enrol.step}`}
    >
      {body}
    </section>
  );
}

function Step({
  heading,
  intro,
  children,
}: {
  heading: string;
  intro: string;
  children: ReactNode;
}) {
  const ref = useFocusOnMount<HTMLHeadingElement>();
  return (
    <>
      <h1 id="enrol-heading" ref={ref} tabIndex={-1}>
        {heading}
      </h1>
      <p className="lead">{intro}</p>
      {children}
    </>
  );
}

function Field(props: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  type?: string;
  numeric?: boolean;
  secret?: boolean;
  autoFocus?: boolean;
  onFocus?: () => void;
}) {
  return (
    <>
      <label className="field-label" htmlFor={props.id}>
        {props.label}
      </label>
      <input
        id={props.id}
        data-testid={props.id}
        className="security-input"
        type={props.secret ? 'password' : (props.type ?? 'text')}
        inputMode={props.numeric ? 'numeric' : undefined}
        autoComplete="off"
        spellCheck={false}
        // The kiosk screen is for one task at a time: the first field takes the typing.
        autoFocus={props.autoFocus}
        value={props.value}
        aria-describedby="enrol-error"
        onFocus={props.onFocus}
        onChange={(e) => props.onChange(e.target.value)}
      />
    </>
  );
}

/** A step that is one form: its fields, then the error line and the buttons. */
function FormStep({
  heading,
  intro,
  onSubmit,
  errorText,
  children,
  ...buttons
}: {
  heading: string;
  intro: string;
  onSubmit: (e: FormEvent) => void;
  errorText: string;
  children: ReactNode;
  submit: string;
  testId: string;
  busy: boolean;
  extra?: ReactNode;
}) {
  return (
    <Step heading={heading} intro={intro}>
      <form className="security-form" onSubmit={onSubmit} noValidate>
        {children}
        <ErrorLine text={errorText} />
        <Buttons {...buttons} />
      </form>
    </Step>
  );
}

function ErrorLine({ text }: { text: string }) {
  return (
    <p
      id="enrol-error"
      className="field-error"
      role="status"
      aria-live="polite"
      data-testid="enrol-error"
    >
      {text}
    </p>
  );
}

function Buttons(props: { submit: string; testId: string; busy: boolean; extra?: ReactNode }) {
  return (
    <div className="security-actions">
      <button
        type="submit"
        className="primary-button"
        data-testid={props.testId}
        aria-disabled={props.busy || undefined}
      >
        {props.submit}
      </button>
      {props.extra}
    </div>
  );
}
