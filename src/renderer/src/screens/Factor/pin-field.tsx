import { forwardRef } from 'react';

/** A masked PIN field for the on-screen keypad (inputMode none: no phone keyboard pops up). */
export const PinField = forwardRef<
  HTMLInputElement,
  {
    id: string;
    label: string;
    value: string;
    onChange: (value: string) => void;
    onFocus?: () => void;
    invalid?: boolean;
    describedBy?: string;
    masked?: boolean;
    readOnly?: boolean;
  }
>(function PinField(
  { id, label, value, onChange, onFocus, invalid, describedBy, masked = true, readOnly },
  ref,
) {
  return (
    <>
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      <input
        ref={ref}
        id={id}
        data-testid={id}
        className="phone-input pin-input"
        type={masked ? 'password' : 'text'}
        inputMode="none"
        autoComplete="off"
        maxLength={8}
        value={value}
        readOnly={readOnly}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy}
        onFocus={onFocus}
        onChange={(e) => onChange(e.target.value.replace(/\D/g, '').slice(0, 8))}
      />
    </>
  );
});

/** What a keypad key does to a PIN being typed. */
export function pressPinKey(value: string, key: string): string {
  if (key === 'clear') return '';
  if (key === 'backspace') return value.slice(0, -1);
  return /^\d$/.test(key) && value.length < 8 ? value + key : value;
}
