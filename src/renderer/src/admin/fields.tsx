// Form pieces of the admin screen: a label above, the error from main below, both tied to the
// input for screen readers.
import type { ReactNode } from 'react';

export function TextField({
  id,
  label,
  value,
  onChange,
  error,
  hint,
  type = 'text',
  inputMode,
  readOnly,
  autoComplete = 'off',
  maxLength,
}: {
  id: string;
  label: string;
  value: string;
  onChange?: (value: string) => void;
  error?: string | null;
  hint?: string;
  type?: 'text' | 'tel' | 'search';
  inputMode?: 'text' | 'tel' | 'numeric';
  readOnly?: boolean;
  autoComplete?: string;
  maxLength?: number;
}) {
  const describedBy = [hint ? `${id}-hint` : '', `${id}-error`].filter(Boolean).join(' ');
  return (
    <div className="admin-field">
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      <input
        id={id}
        data-testid={id}
        className="text-input"
        type={type}
        inputMode={inputMode}
        autoComplete={autoComplete}
        spellCheck={false}
        maxLength={maxLength}
        readOnly={readOnly}
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        onChange={(e) => onChange?.(e.target.value)}
      />
      <FieldError id={`${id}-error`} text={error} />
    </div>
  );
}

export function SelectField({
  id,
  label,
  value,
  onChange,
  children,
  error,
  hint,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  children: ReactNode;
  error?: string | null;
  hint?: string;
}) {
  return (
    <div className="admin-field">
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      <select
        id={id}
        data-testid={id}
        className="text-input"
        value={value}
        aria-describedby={hint ? `${id}-hint ${id}-error` : `${id}-error`}
        onChange={(e) => onChange(e.target.value)}
      >
        {children}
      </select>
      <FieldError id={`${id}-error`} text={error} />
    </div>
  );
}

export function FieldError({ id, text }: { id: string; text?: string | null }) {
  return (
    <p id={id} data-testid={id} className="field-error" role="status" aria-live="polite">
      {text ?? ''}
    </p>
  );
}
