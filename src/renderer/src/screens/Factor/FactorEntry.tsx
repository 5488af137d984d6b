// The second sign-in step: the PIN (or an authenticator-app code) after the SMS code,
// or "set your PIN" for a person who has none yet. A locked PIN is a full error screen.
import { pinErrorText } from '../../lib/errors';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Keypad, type KeypadKey } from '../../components/Keypad';
import { useKiosk } from '../../store';
import { PinField, pressPinKey } from './pin-field';

export function FactorEntry() {
  const factor = useKiosk((s) => s.factor);
  if (!factor) return null;
  return factor.setUp ? <SetPin key={factor.pendingId} /> : <GiveFactor key={factor.pendingId} />;
}

function GiveFactor() {
  const { t } = useTranslation();
  const factor = useKiosk((s) => s.factor)!;
  const pending = useKiosk((s) => s.pending);
  const error = useKiosk((s) => s.factorError);
  const attemptsLeft = useKiosk((s) => s.factorAttemptsLeft);
  const { submitFactor, restart } = useKiosk.getState();
  const [value, setValue] = useState('');
  const input = useRef<HTMLInputElement>(null);
  const isPin = factor.factor === 'pin';
  const busy = pending !== null;

  useEffect(() => {
    input.current?.focus();
  }, []);
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (busy || value === '') return;
    // The field is emptied for the next try (on success the screen goes away anyway).
    void submitFactor(value).then(() => {
      setValue('');
      input.current?.focus();
    });
  };
  let message = '';
  if (error && attemptsLeft !== null && isPin)
    message = t('factor.attemptsLeft', { count: attemptsLeft });
  else if (error) message = t(`errors.screen.${error.code}.body`);
  const triesLeft =
    isPin && !error && factor.attemptsLeft !== undefined ? factor.attemptsLeft : null;

  return (
    <section
      className="screen screen-factor"
      aria-labelledby="factor-heading"
      data-testid="factor-pin"
    >
      <div className="entry-layout">
        <form className="entry-form" onSubmit={onSubmit} noValidate>
          <h1 id="factor-heading">{isPin ? t('factor.pinHeading') : t('factor.totpHeading')}</h1>
          <p className="lead" id="factor-lead">
            {isPin
              ? t('factor.pinLead', { name: factor.user.displayName })
              : t('factor.totpLead', { name: factor.user.displayName })}
          </p>
          {triesLeft !== null ? (
            <p className="hint" data-testid="factor-tries">
              {t('factor.triesLeft', { count: triesLeft })}
            </p>
          ) : null}
          <PinField
            ref={input}
            id="factor-input"
            label={isPin ? t('factor.pinLabel') : t('factor.totpLabel')}
            value={value}
            masked={isPin}
            readOnly={busy}
            invalid={error !== null}
            describedBy="factor-lead factor-error"
            onChange={setValue}
          />
          <p
            id="factor-error"
            className="field-error"
            role="status"
            aria-live="polite"
            data-testid="factor-error"
          >
            {message}
          </p>
          <button
            type="submit"
            className="primary-button"
            data-testid="factor-submit"
            aria-disabled={busy || undefined}
          >
            {busy ? t('factor.checking') : t('factor.submit')}
          </button>
        </form>
        <div className="side">
          <Keypad
            onKey={(key: KeypadKey) => setValue((v) => pressPinKey(v, key))}
            withPlus={false}
            disabled={busy}
            controls="factor-input"
          />
          <button
            type="button"
            className="secondary-button"
            data-testid="factor-cancel"
            onClick={restart}
          >
            {t('factor.cancel')}
          </button>
        </div>
      </div>
    </section>
  );
}

function SetPin() {
  const { t } = useTranslation();
  const factor = useKiosk((s) => s.factor)!;
  const pending = useKiosk((s) => s.pending);
  const error = useKiosk((s) => s.factorError);
  const { submitNewPin, restart } = useKiosk.getState();
  const [pin, setPin] = useState('');
  const [confirm, setConfirm] = useState('');
  const [target, setTarget] = useState<'pin' | 'confirm'>('pin');
  const [localError, setLocalError] = useState<string | null>(null);
  const first = useRef<HTMLInputElement>(null);
  const busy = pending !== null;

  useEffect(() => {
    first.current?.focus();
  }, []);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    if (pin === '') return setLocalError(t('factor.empty'));
    if (pin !== confirm) {
      setLocalError(t('factor.mismatch'));
      setConfirm('');
      return;
    }
    setLocalError(null);
    void submitNewPin(pin, confirm).then(() => {
      setPin('');
      setConfirm('');
      setTarget('pin');
      first.current?.focus();
    });
  };
  const onKey = (key: KeypadKey) => {
    setLocalError(null);
    if (target === 'pin') setPin((v) => pressPinKey(v, key));
    else setConfirm((v) => pressPinKey(v, key));
  };
  const message = localError ?? (error ? pinErrorText(t, error) : '');

  return (
    <section
      className="screen screen-factor"
      aria-labelledby="setpin-heading"
      data-testid="factor-set-pin"
    >
      <div className="entry-layout">
        <form className="entry-form" onSubmit={onSubmit} noValidate>
          <h1 id="setpin-heading">{t('factor.setHeading')}</h1>
          <p className="lead">{t('factor.setLead', { name: factor.user.displayName })}</p>
          <p className="hint" id="setpin-rules" data-testid="setpin-rules">
            {t('factor.rules', { min: factor.pinMinLength ?? 4 })}
          </p>
          <PinField
            ref={first}
            id="setpin-new"
            label={t('factor.newPin')}
            value={pin}
            readOnly={busy}
            describedBy="setpin-rules setpin-error"
            onFocus={() => setTarget('pin')}
            onChange={(v) => {
              setLocalError(null);
              setPin(v);
            }}
          />
          <PinField
            id="setpin-confirm"
            label={t('factor.confirmPin')}
            value={confirm}
            readOnly={busy}
            describedBy="setpin-error"
            onFocus={() => setTarget('confirm')}
            onChange={(v) => {
              setLocalError(null);
              setConfirm(v);
            }}
          />
          <p
            id="setpin-error"
            className="field-error"
            role="status"
            aria-live="polite"
            data-testid="setpin-error"
          >
            {message}
          </p>
          <button
            type="submit"
            className="primary-button"
            data-testid="setpin-save"
            aria-disabled={busy || undefined}
          >
            {busy ? t('factor.checking') : t('factor.save')}
          </button>
        </form>
        <div className="side">
          <Keypad
            onKey={onKey}
            withPlus={false}
            disabled={busy}
            controls={target === 'pin' ? 'setpin-new' : 'setpin-confirm'}
          />
          <button
            type="button"
            className="secondary-button"
            data-testid="factor-cancel"
            onClick={restart}
          >
            {t('factor.cancel')}
          </button>
        </div>
      </div>
    </section>
  );
}
