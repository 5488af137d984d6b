// Digit-only fields for codes and PINs on the admin screen, and the new PIN typed twice: the
// first manager chooses one in setup (SetupWizard), a manager without one at sign-in (SignIn).
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';

/** A label and a field that keeps only digits, up to max. */
export function DigitsField({
  id,
  label,
  value,
  onChange,
  secret,
  max,
  error,
  describedBy,
  autoComplete = secret ? 'off' : 'one-time-code',
  inputClassName = 'phone-input',
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  secret?: boolean;
  max: number;
  error: boolean;
  describedBy: string;
  autoComplete?: string;
  /** phone-input: the big field beside the keypad; text-input: a field in an admin form. */
  inputClassName?: 'phone-input' | 'text-input';
}) {
  return (
    <>
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      <input
        id={id}
        data-testid={id}
        className={inputClassName}
        type={secret ? 'password' : 'text'}
        inputMode="numeric"
        autoComplete={autoComplete}
        spellCheck={false}
        maxLength={max}
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        onChange={(e) => onChange(e.target.value.replace(/\D/g, '').slice(0, max))}
      />
    </>
  );
}

/** The longest PIN the admin fields take: main/auth/pin.ts PIN_MAX_LENGTH. */
export const PIN_MAX_LENGTH = 8;

/**
 * What is wrong with a new PIN typed twice before it goes to main (which still refuses obvious
 * ones), or null. mismatch: the second one should be typed again.
 */
export function newPinProblem(
  t: TFunction,
  pin: string,
  again: string,
  minLength: number,
): { message: string; mismatch: boolean } | null {
  if (pin.length < minLength) {
    return { message: t('signIn.pinTooShort', { count: minLength }), mismatch: false };
  }
  if (pin !== again) return { message: t('signIn.pinMismatch'), mismatch: true };
  return null;
}

/** The new PIN and the same again, with ids id and `${id}-again`. */
export function NewPinFields({
  id,
  pin,
  again,
  onPin,
  onAgain,
  invalid,
  describedBy,
  inForm,
}: {
  id: string;
  pin: string;
  again: string;
  onPin: (value: string) => void;
  onAgain: (value: string) => void;
  invalid: boolean;
  describedBy: string;
  /** In an admin form (setup): each field in its own block with the form's input style. */
  inForm?: boolean;
}) {
  const { t } = useTranslation('admin');
  const field = (fieldId: string, label: string, value: string, onChange: (v: string) => void) => {
    const input = (
      <DigitsField
        id={fieldId}
        label={label}
        value={value}
        onChange={onChange}
        max={PIN_MAX_LENGTH}
        secret
        autoComplete="new-password"
        inputClassName={inForm ? 'text-input' : 'phone-input'}
        error={invalid}
        describedBy={describedBy}
      />
    );
    return inForm ? <div className="admin-field">{input}</div> : input;
  };
  return (
    <>
      {field(id, t('signIn.newPin'), pin, onPin)}
      {field(`${id}-again`, t('signIn.newPinAgain'), again, onAgain)}
    </>
  );
}
