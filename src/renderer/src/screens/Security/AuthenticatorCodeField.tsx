// The 6-digit code from the worker's authenticator app, with the error line under it: used when
// setting the app up (MySecurity) and when signing in with it (AppSignIn).
export const APP_CODE_LENGTH = 6;

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
    </>
  );
}
