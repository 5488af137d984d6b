// Splitting a text into SMS parts (TS 23.040 9.2.3.24.1 concatenation). A single part carries
// 140 octets of user data; a concatenated part loses 6 to the header (UDHL + 00 03 ref total seq),
// which leaves 153 septets (7 of the 160 go to the header and its fill bit) or 67 code units.
import { gsm7CharLength, isGsm7 } from './gsm7';

export type SmsEncoding = 'gsm7' | 'ucs2';

export const GSM7_SINGLE_SEPTETS = 160;
export const GSM7_PART_SEPTETS = 153;
export const UCS2_SINGLE_UNITS = 70;
export const UCS2_PART_UNITS = 67;

export interface SplitMessage {
  encoding: SmsEncoding;
  /** Never empty: an empty text is one empty part. */
  parts: string[];
}

export function chooseEncoding(text: string): SmsEncoding {
  return isGsm7(text) ? 'gsm7' : 'ucs2';
}

/**
 * Splits on character boundaries only: an extension character (escape + code) and a surrogate
 * pair always stay in one part, so each part decodes on its own.
 */
export function splitMessage(text: string): SplitMessage {
  const encoding = chooseEncoding(text);
  // for..of walks code points: a surrogate pair is one step, a lone surrogate one unit.
  const cost =
    encoding === 'gsm7' ? (ch: string): number => gsm7CharLength(ch)! : (ch: string) => ch.length;
  const single = encoding === 'gsm7' ? GSM7_SINGLE_SEPTETS : UCS2_SINGLE_UNITS;
  const limit = encoding === 'gsm7' ? GSM7_PART_SEPTETS : UCS2_PART_UNITS;

  let total = 0;
  for (const ch of text) total += cost(ch);
  if (total <= single) return { encoding, parts: [text] };

  const parts: string[] = [];
  let current = '';
  let used = 0;
  for (const ch of text) {
    const n = cost(ch);
    if (used + n > limit) {
      parts.push(current);
      current = '';
      used = 0;
    }
    current += ch;
    used += n;
  }
  parts.push(current);
  return { encoding, parts };
}
