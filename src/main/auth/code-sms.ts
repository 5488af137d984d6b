// Sending a one-time code by SMS to a number that is not (yet) someone's sign-in number:
// self-service enrolment (enrolment.ts) and a manager confirming a new phone on the admin
// screen (admin/phone-confirm.ts). Same caps, send records and templates as sign-in codes
// (engine.ts), so neither path can be used to get round the toll-fraud guard.
import { createHmac } from 'node:crypto';
import type { Language } from '../../shared/domain';
import type { Policy } from '../../shared/policy';
import type { OutboundSms } from '../outbox/outbound';
import { renderCodeMessage } from '../sms/templates';
import type { CodeSendsTable } from './challenges';
import { generateCode } from './otp';
import type { RandomSource } from './random';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export type CodeSendBlock =
  | { code: 'sms_unavailable'; reason: string }
  | { code: 'kiosk_cap_reached' }
  | { code: 'daily_cap_reached' }
  | { code: 'too_many_codes'; retryAt: number };

/** The send-record key of a number: a keyed hash, so the records never hold numbers. */
export function numberKeyOf(numberKey: Buffer, e164: string): string {
  return createHmac('sha256', numberKey).update(e164).digest('hex');
}

/** Why a code may not go to this number now, or undefined when it may. */
export function codeSendBlocked(
  deps: { outbound: OutboundSms; sends: CodeSendsTable },
  numberKey: string,
  kioskId: string,
  policy: Policy,
  now: number,
): CodeSendBlock | undefined {
  const availability = deps.outbound.availability();
  if (!availability.available) return { code: 'sms_unavailable', reason: availability.reason };
  if (deps.sends.sendsSince(now - HOUR, kioskId) >= policy.perKioskHourlyCap) {
    return { code: 'kiosk_cap_reached' };
  }
  if (deps.sends.sendsSince(now - DAY) >= policy.perSimDailyCap) {
    return { code: 'daily_cap_reached' };
  }
  const windowMs = policy.perNumberWindowMinutes * MINUTE;
  const recent = deps.sends.numberSendsSince(numberKey, now - windowMs);
  if (recent.length >= policy.perNumberSendCap) {
    return {
      code: 'too_many_codes',
      retryAt: recent[recent.length - policy.perNumberSendCap]! + windowMs,
    };
  }
  return undefined;
}

export interface SentCode {
  /** In clear only so the caller can keep its HMAC; never stored or logged. */
  code: string;
  outboundId: string;
  expiresAt: number;
}

/**
 * Draws a code, queues the SMS in the person's language (sealed to bindingId by the outbox) and
 * records the send against the caps. Call inside the caller's transaction, after codeSendBlocked.
 */
export function sendCodeSms(
  deps: { outbound: OutboundSms; sends: CodeSendsTable; random: RandomSource },
  input: {
    to: string;
    language: Language;
    site: string;
    policy: Policy;
    numberKey: string;
    kioskId: string;
    bindingId: string;
    now: number;
  },
): SentCode {
  const { policy, now } = input;
  const code = generateCode(deps.random, policy.codeLength);
  const expiresAt = now + policy.codeLifetimeMinutes * MINUTE;
  const outboundId = deps.outbound.enqueue({
    to: input.to,
    body: renderCodeMessage(input.language, {
      code,
      minutes: policy.codeLifetimeMinutes,
      site: input.site,
    }),
    expiresAt,
    challengeId: input.bindingId,
  });
  deps.sends.record(input.numberKey, input.kioskId, true, now);
  return { code, outboundId, expiresAt };
}
