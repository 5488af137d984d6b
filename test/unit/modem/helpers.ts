// Shared test helpers for the modem layers: a scripted modem for recorded transcripts, and a way
// to let promise/nextTick work (MockBinding) run while time stands still on a ManualScheduler.
import { AtChannel, type Urc } from '../../../src/main/modem/channel';
import type { ManualScheduler } from '../../support/manual-scheduler';

/** Lets pending nextTick/promise/setImmediate work run; time does not move. */
export async function settle(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/**
 * Settles, then advances the scheduler in steps until `promise` settles (or `maxMs` passes).
 * Returns the promise so the caller can await its value or its rejection.
 */
export async function drive<T>(
  scheduler: ManualScheduler,
  promise: Promise<T>,
  { stepMs = 10, maxMs = 120_000 } = {},
): Promise<T> {
  let done = false;
  promise.then(
    () => (done = true),
    () => (done = true),
  );
  for (let t = 0; !done && t <= maxMs; t += stepMs) {
    await settle();
    if (done) break;
    scheduler.advance(stepMs);
  }
  await settle();
  return promise;
}

/**
 * A recorded exchange: when the host has written `expect`, the modem answers with `reply`
 * (already split into the chunks it arrived in).
 */
export interface Exchange {
  expect: string;
  reply: string[];
}

/**
 * An AtChannel wired to a scripted modem. Everything the host writes is kept in `written`.
 * Answers are fed in synchronously, so tests need no waiting at all.
 */
export function scriptedChannel(
  scheduler: ManualScheduler,
  script: Exchange[],
  options: { okGraceMs?: number } = {},
) {
  const steps = [...script];
  let pending = '';
  const written: string[] = [];
  const urcs: Urc[] = [];
  const stray: string[] = [];
  // eslint-disable-next-line prefer-const
  let channel: AtChannel;
  const writer = {
    write(data: Buffer) {
      const text = data.toString('latin1');
      written.push(text);
      pending += text;
      const step = steps[0];
      if (step && pending.endsWith(step.expect)) {
        steps.shift();
        pending = '';
        queueMicrotask(() => {
          for (const chunk of step.reply) channel.receive(Buffer.from(chunk, 'latin1'));
        });
      }
    },
  };
  channel = new AtChannel(writer, { scheduler, ...options });
  channel.on('urc', (u) => urcs.push(u));
  channel.on('stray', (s) => stray.push(s));
  return { channel, written, urcs, stray, remaining: () => steps.length };
}
