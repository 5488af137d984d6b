import { useEffect, useRef, type ClipboardEvent, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Countdown } from '../../components/Countdown';
import { Keypad, type KeypadKey } from '../../components/Keypad';
import { useNow } from '../../hooks/use-now';
import { useStrayKeys } from '../../hooks/use-stray-keys';
import {
  appendCodeDigit,
  emptyCode,
  enterCodeText,
  eraseCodeDigit,
  eraseLastCodeDigit,
  isComplete,
  type CodeEdit,
} from '../../lib/code-input';
import { useKiosk } from '../../store';

/** Delivery is asked about this often while the code is on its way. */
const POLL_MS = 2_000;

export function CodeEntry() {
  const { t } = useTranslation();
  const challenge = useKiosk((s) => s.challenge);
  const code = useKiosk((s) => s.code);
  const pending = useKiosk((s) => s.pending);
  const error = useKiosk((s) => s.inlineError);
  const attemptsLeft = useKiosk((s) => s.attemptsLeft);
  const resent = useKiosk((s) => s.resent);
  const delivery = useKiosk((s) => s.delivery);
  const { setCode, verifyCode, resendCode, pollDelivery, codeExpired, restart } =
    useKiosk.getState();
  const boxes = useRef<(HTMLInputElement | null)[]>([]);
  const defaultLength = useKiosk((s) => s.info?.codeLengthDefault ?? 6);
  const length = challenge?.codeLength ?? defaultLength;
  const digits = code.length === length ? code : emptyCode(length);

  const focusBox = (index: number) => boxes.current[index]?.focus();

  // A new code (first or resent) starts at the first box.
  const expiresAt = challenge?.expiresAt;
  useEffect(() => {
    boxes.current[0]?.focus();
  }, [expiresAt]);

  // After a wrong code the boxes are emptied: start typing again from the first.
  const errorCode = error?.code;
  useEffect(() => {
    if (errorCode === 'wrong_code' || errorCode === 'malformed_code') boxes.current[0]?.focus();
  }, [errorCode, attemptsLeft]);

  useEffect(() => {
    if (delivery !== 'pending') return;
    void pollDelivery();
    const timer = setInterval(() => void pollDelivery(), POLL_MS);
    return () => clearInterval(timer);
  }, [delivery, expiresAt, pollDelivery]);

  useStrayKeys((key) => {
    if (pending !== null || !/^\d$/.test(key)) return false;
    const edit = appendCodeDigit(digits, key);
    setCode(edit.digits);
    focusBox(edit.focus);
    if (isComplete(edit.digits)) void verifyCode();
    return true;
  });

  if (!challenge) return null;

  const apply = (edit: CodeEdit, moveFocus = true) => {
    setCode(edit.digits);
    if (moveFocus) focusBox(edit.focus);
    if (isComplete(edit.digits)) void verifyCode();
  };
  const onKey = (key: KeypadKey) => {
    if (key === 'clear') apply({ digits: emptyCode(length), focus: 0 }, false);
    else if (key === 'backspace') apply(eraseLastCodeDigit(digits), false);
    else apply(appendCodeDigit(digits, key), false);
  };
  const onPaste = (index: number) => (e: ClipboardEvent<HTMLInputElement>) => {
    e.preventDefault();
    apply(enterCodeText(digits, index, e.clipboardData.getData('text')));
  };
  const onBoxKeyDown = (index: number) => (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Backspace') {
      e.preventDefault();
      apply(eraseCodeDigit(digits, index));
    } else if (e.key === 'ArrowLeft' && index > 0) {
      e.preventDefault();
      focusBox(index - 1);
    } else if (e.key === 'ArrowRight' && index < length - 1) {
      e.preventDefault();
      focusBox(index + 1);
    }
  };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void verifyCode();
  };

  const busy = pending !== null;
  let message = '';
  if (error?.code === 'wrong_code' && attemptsLeft !== null) {
    message = t('code.attemptsLeft', { count: attemptsLeft });
  } else if (error) {
    message = t(`errors.inline.${error.code}`);
  }

  return (
    <section className="screen screen-code" aria-labelledby="code-heading">
      <div className="entry-layout">
        <form className="entry-form" onSubmit={onSubmit} noValidate>
          <h1 id="code-heading">{t('code.heading')}</h1>
          <p className="lead" id="code-sent-to" data-testid="code-sent-to">
            {t('code.sentTo', { phone: challenge.maskedPhone })}
          </p>
          {resent ? (
            <p className="notice" role="status">
              {t('code.resent')}
            </p>
          ) : null}
          <fieldset
            id="code-boxes"
            className="code-boxes"
            aria-describedby="code-sent-to code-error code-hint"
          >
            <legend className="sr-only">{t('code.group', { count: length })}</legend>
            {digits.map((digit, i) => (
              <input
                key={i}
                ref={(el) => {
                  boxes.current[i] = el;
                }}
                className="code-box"
                data-testid={`code-box-${i}`}
                aria-label={t('code.box', { n: i + 1, count: length })}
                aria-invalid={error?.code === 'wrong_code' ? true : undefined}
                type="text"
                inputMode="none"
                autoComplete={i === 0 ? 'one-time-code' : 'off'}
                pattern="[0-9]*"
                maxLength={length}
                value={digit}
                readOnly={busy}
                onChange={(e) => apply(enterCodeText(digits, i, e.target.value.replace(digit, '')))}
                onPaste={onPaste(i)}
                onKeyDown={onBoxKeyDown(i)}
                onFocus={(e) => e.target.select()}
              />
            ))}
          </fieldset>
          <p id="code-hint" className="hint">
            {t('code.pasteHint')}
          </p>
          <p
            id="code-error"
            className="field-error"
            role="status"
            aria-live="polite"
            data-testid="code-error"
          >
            {message}
          </p>
          <Countdown
            key={challenge.expiresAt}
            until={challenge.expiresAt}
            label={t('code.expiresIn')}
            announce={(time) => t('code.expiresAnnounce', { time })}
            onEnd={codeExpired}
            testId="code-expiry"
            className="expiry"
          />
          <button
            type="submit"
            className="primary-button"
            data-testid="verify"
            aria-disabled={busy || undefined}
          >
            {pending === 'verify' ? t('code.checking') : t('code.submit')}
          </button>
        </form>
        <div className="side">
          <Keypad onKey={onKey} withPlus={false} disabled={busy} controls="code-boxes" />
          <ResendButton resendAt={challenge.resendAt} busy={busy} onResend={resendCode} />
          <button type="button" className="secondary-button" data-testid="back" onClick={restart}>
            {t('code.back')}
          </button>
        </div>
      </div>
    </section>
  );
}

function ResendButton({
  resendAt,
  busy,
  onResend,
}: {
  resendAt: number;
  busy: boolean;
  onResend: () => Promise<void>;
}) {
  const { t, i18n } = useTranslation();
  const now = useNow(1000);
  const wait = Math.max(0, Math.ceil((resendAt - now) / 1000));
  const ready = wait === 0;
  const waitText = new Intl.NumberFormat(i18n.language, {
    style: 'unit',
    unit: 'second',
    unitDisplay: 'narrow',
  }).format(wait);
  return (
    <>
      <button
        type="button"
        className="secondary-button"
        data-testid="resend"
        disabled={busy || !ready}
        onClick={() => void onResend()}
      >
        {ready ? t('code.resend') : t('code.resendIn', { time: waitText })}
      </button>
      <span className="sr-only" aria-live="polite">
        {ready ? t('code.resendReady') : ''}
      </span>
    </>
  );
}
