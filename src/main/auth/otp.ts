// One-time codes: drawn uniformly from a CSPRNG, kept only as an HMAC bound to the challenge,
// compared in constant time.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { RandomSource } from './random';

export function generateCode(random: RandomSource, length: number): string {
  if (!Number.isInteger(length) || length < 6 || length > 8) {
    throw new RangeError(`code length must be 6 to 8 digits, got ${length}`);
  }
  // randomInt over the whole range is uniform; padStart keeps leading zeros as real codes.
  return String(random.int(10 ** length)).padStart(length, '0');
}

/** Binding the challenge id into the MAC means a code can never be replayed on another challenge. */
export function codeMac(key: Buffer, challengeId: string, code: string): string {
  return createHmac('sha256', key).update(`${challengeId}:${code}`).digest('hex');
}

export function codeMatches(
  key: Buffer,
  challengeId: string,
  code: string,
  storedMac: string,
): boolean {
  const given = Buffer.from(codeMac(key, challengeId, code), 'hex');
  const stored = Buffer.from(storedMac, 'hex');
  return given.length === stored.length && timingSafeEqual(given, stored);
}
