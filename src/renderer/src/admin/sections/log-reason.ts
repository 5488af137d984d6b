// The sign-in log's reason (a code main writes, e.g. `text_wrong_code`, `factor_required_pin_text`)
// in words in the screen's language. Failure codes use the worker screens' titles, which are
// already in every language; a prefix says where it happened (a text, a registration, …).
import type { TFunction } from 'i18next';

const PREFIXES = ['text', 'enrolment', 'change_pin', 'app', 'admin'] as const;

function baseWords(t: TFunction, reason: string): string | null {
  const own = t(`admin:logs.reasons.${reason}`, { defaultValue: '' });
  if (own) return own;
  const screen = t(`translation:errors.screen.${reason}.title`, { defaultValue: '' });
  return screen || null;
}

/** Words for a reason; the code itself only for a reason this version does not know. */
export function reasonWords(t: TFunction, reason: string): string {
  const whole = baseWords(t, reason);
  if (whole) return whole;
  for (const prefix of PREFIXES) {
    if (!reason.startsWith(`${prefix}_`)) continue;
    const rest = reason.slice(prefix.length + 1);
    const words = baseWords(t, rest);
    if (words) return t(`admin:logs.reasonPrefix.${prefix}`, { words });
  }
  return reason;
}
