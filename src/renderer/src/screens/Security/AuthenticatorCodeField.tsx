// The 6-digit code from the worker's authenticator app, with the error line and the on-screen
// keypad (gloves) under it: used when setting the app up (MySecurity) and when signing in with it
// (AppSignIn).
import { Keypad, type KeypadKey } from '../../components/Keypad';

export const APP_CODE_LENGTH = 6;

/** What a keypad key does to a code of digits up to max long ('+' only where allowed). */
export function pressDigitsKey(value: string, key: KeypadKey, max: number, plus = false): string {
  if (key === 'clear') return '';
  if (key === 'backspace') return value.slice(0, -1);
  if (value.length >= max) return value;
  if (key === '+') return plus && value === '' ? '+' : value;
  return value + key;
}

export function AuthenticatorCodeField({
  id,
  label,
  value,
  onChange,
  invalid,
  errorId,
  errorText,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  invalid: boolean;
  errorId: string;
  errorText: string;
}) {
  return (
    <>
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      <input
        id={id}
        data-testid={id}
        className="security-input"
        inputMode="numeric"
        autoComplete="one-time-code"
        maxLength={APP_CODE_LENGTH}
        value={value}
        aria-invalid={invalid || undefined}
        aria-describedby={errorId}
        onChange={(e) => onChange(e.target.value.replace(/\D/g, '').slice(0, APP_CODE_LENGTH))}
      />
      <p id={errorId} className="field-error" role="status" aria-live="polite">
        {errorText}
      </p>
      <Keypad
        onKey={(key) => onChange(pressDigitsKey(value, key, APP_CODE_LENGTH))}
        withPlus={false}
        controls={id}
      />
    </>
  );
}
