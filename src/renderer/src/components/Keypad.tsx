import { useTranslation } from 'react-i18next';

export type KeypadKey =
  '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9' | '+' | 'backspace' | 'clear';

const DIGITS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'] as const;

interface KeypadProps {
  onKey: (key: KeypadKey) => void;
  /** The phone keypad has "+"; the code keypad does not. */
  withPlus: boolean;
  disabled?: boolean;
  /** What the keys type into, for screen readers ("Mobile number", "Code"). */
  controls?: string;
}

/**
 * Big keys for gloved fingers. Pressing a key does not take the focus away from the field it types
 * into (mousedown is cancelled), so a physical keyboard keeps working alongside it.
 */
export function Keypad({ onKey, withPlus, disabled, controls }: KeypadProps) {
  const { t } = useTranslation();
  const key = (k: KeypadKey, label: string, content: string, extra = '') => (
    <button
      type="button"
      className={`key ${extra}`}
      data-testid={`key-${keyName(k)}`}
      aria-label={label}
      aria-controls={controls}
      disabled={disabled}
      onMouseDown={(e) => e.preventDefault()}
      onClick={() => onKey(k)}
    >
      <span aria-hidden="true">{content}</span>
    </button>
  );
  return (
    <div className="keypad" role="group" aria-label={t('keypad.label')}>
      {DIGITS.map((d) => key(d, d, d))}
      {withPlus
        ? key('+', t('keypad.plus'), '+', 'key-secondary')
        : key('clear', t('keypad.clear'), '✕', 'key-secondary')}
      {key('0', '0', '0')}
      {key('backspace', t('keypad.backspace'), '⌫', 'key-secondary')}
      {withPlus
        ? key('clear', t('keypad.clear'), t('keypad.clear'), 'key-wide key-secondary')
        : null}
    </div>
  );
}

export function keyName(key: KeypadKey): string {
  return key === '+' ? 'plus' : key;
}
