import { useEffect, useRef, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Keypad, type KeypadKey } from '../../components/Keypad';
import { LanguagePicker } from '../../components/LanguagePicker';
import { useStrayKeys } from '../../hooks/use-stray-keys';
import { formatPhone } from '../../lib/phone-input';
import { useKiosk } from '../../store';

/** A number typed and left behind is wiped after this long, for the next person's privacy. */
const ABANDONED_MS = 60_000;

export function PhoneEntry() {
  const { t } = useTranslation();
  const phone = useKiosk((s) => s.phone);
  const country = useKiosk((s) => s.info?.defaultCountry ?? '');
  const sending = useKiosk((s) => s.pending === 'start');
  const error = useKiosk((s) => s.inlineError);
  const signedOutReason = useKiosk((s) => s.signedOutReason);
  const textEnabled = useKiosk((s) => s.info?.textSignIn?.enabled ?? false);
  const { pressPhoneKey, setPhone, startSignIn, restart, dismissSignedOutNotice } =
    useKiosk.getState();
  const input = useRef<HTMLInputElement>(null);

  // On arrival and after a refusal, the number is where typing goes.
  const errorCode = error?.code;
  useEffect(() => {
    input.current?.focus();
  }, [errorCode]);

  useEffect(() => {
    if (phone === '' || sending) return;
    const timer = setTimeout(restart, ABANDONED_MS);
    return () => clearTimeout(timer);
  }, [phone, sending, restart]);

  useStrayKeys((key) => {
    if (!/^[0-9+]$/.test(key) && key !== 'Backspace') return false;
    dismissSignedOutNotice();
    pressPhoneKey(key === 'Backspace' ? 'backspace' : key);
    input.current?.focus();
    return true;
  });

  const onKey = (key: KeypadKey) => {
    dismissSignedOutNotice();
    pressPhoneKey(key);
  };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    dismissSignedOutNotice();
    void startSignIn();
  };
  // Escape clears, like the keypad's Clear key.
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Escape') pressPhoneKey('clear');
  };
  const formatted = formatPhone(phone, country);
  const errorText = error ? t(`errors.inline.${error.code}`) : '';

  return (
    <section className="screen screen-phone" aria-labelledby="phone-heading">
      <LanguagePicker />
      {signedOutReason ? (
        <p className="notice" role="status" data-testid="signed-out-notice">
          {t(`phone.signedOut_${signedOutReason}`)}
        </p>
      ) : null}
      <div className="entry-layout">
        <form className="entry-form" onSubmit={onSubmit} noValidate>
          <h1 id="phone-heading">{t('phone.heading')}</h1>
          <p className="lead" id="phone-instructions">
            {t('phone.instructions')}
          </p>
          <label className="field-label" htmlFor="phone-input">
            {t('phone.inputLabel')}
          </label>
          <input
            ref={input}
            id="phone-input"
            data-testid="phone-input"
            className="phone-input"
            type="tel"
            inputMode="none"
            autoComplete="off"
            spellCheck={false}
            placeholder={t('phone.placeholder')}
            value={formatted}
            aria-invalid={error ? true : undefined}
            aria-describedby="phone-instructions phone-error"
            onChange={(e) => {
              dismissSignedOutNotice();
              setPhone(e.target.value);
            }}
            onKeyDown={onKeyDown}
          />
          <p id="phone-error" className="field-error" role="status" aria-live="polite">
            {errorText}
          </p>
          <button
            type="submit"
            className="primary-button"
            data-testid="continue"
            aria-disabled={sending || undefined}
          >
            {sending ? t('phone.sending') : t('phone.continue')}
          </button>
        </form>
        <Keypad onKey={onKey} withPlus disabled={sending} controls="phone-input" />
      </div>
      {/* Self-service registration with the enrolment code from a manager. */}
      <button
        type="button"
        className="secondary-button"
        data-testid="enrol-open"
        onClick={() => {
          dismissSignedOutNotice();
          useKiosk.getState().openEnrol();
        }}
      >
        {t('enrol.link')}
      </button>
      {textEnabled ? (
        <button
          type="button"
          className="secondary-button"
          data-testid="text-sign-in"
          onClick={() => {
            dismissSignedOutNotice();
            void useKiosk.getState().openTextSignIn();
          }}
        >
          {t('text.offer')}
        </button>
      ) : null}
    </section>
  );
}
