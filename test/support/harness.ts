// Builds the real services on an in-memory database with a manual clock, a scripted random
// source and a recording SMS sender, for exact tests of the sign-in rules.
import { openCoreServices, withEngine, type Services } from '../../src/main/services';
import type { RandomSource } from '../../src/main/auth/random';
import type { TextSignInDeps } from '../../src/main/auth/text-sign-in';
import type {
  Availability,
  OutboundMessage,
  OutboundSms,
  OutboundStatus,
} from '../../src/main/outbox/outbound';
import { ManualScheduler } from './manual-scheduler';

export class RecordingOutbound implements OutboundSms {
  readonly messages: Array<
    OutboundMessage & {
      id: string;
      status: OutboundStatus;
      sentAt?: number;
      destinationFault?: boolean;
    }
  > = [];
  /** Queue-to-network times recentSendDurations() answers (newest first), as a real outbox. */
  durations: number[] = [];
  down: string | null = null;

  availability(): Availability {
    return this.down ? { available: false, reason: this.down } : { available: true };
  }

  enqueue(message: OutboundMessage): string {
    const id = `m${this.messages.length + 1}`;
    this.messages.push({ ...message, id, status: 'queued' });
    return id;
  }

  cancel(id: string): void {
    const message = this.messages.find((m) => m.id === id);
    if (message && message.status === 'queued') message.status = 'expired';
  }

  status(id: string) {
    const message = this.messages.find((m) => m.id === id);
    return (
      message && {
        status: message.status,
        ...(message.sentAt !== undefined ? { sentAt: message.sentAt } : {}),
        ...(message.destinationFault ? { destinationFault: true } : {}),
      }
    );
  }

  recentSendDurations(limit: number): number[] {
    return this.durations.slice(0, limit);
  }

  /** The code in the newest SMS to a number (what the worker reads on their phone). */
  lastCodeTo(e164: string): string {
    const message = this.messages.filter((m) => m.to === e164).at(-1);
    if (!message) throw new Error(`no SMS was sent to ${e164}`);
    return /\d{6,8}/.exec(message.body)![0];
  }
}

/** Deterministic "random" numbers: a counter, so codes and ids differ but are reproducible. */
export class CountingRandom implements RandomSource {
  private n = 0;
  readonly forcedInts: number[] = [];
  int(maxExclusive: number): number {
    const forced = this.forcedInts.shift();
    if (forced !== undefined) return forced;
    this.n = (this.n * 7919 + 104_729) % maxExclusive;
    return this.n;
  }
  bytes(length: number): Buffer {
    const out = Buffer.alloc(length);
    for (let i = 0; i < length; i++) out[i] = this.int(256);
    return out;
  }
}

export const TEST_PIN_COST = { N: 1024, r: 8, p: 1 };

export interface TestKit extends Services {
  scheduler: ManualScheduler;
  outbound: RecordingOutbound;
  random: CountingRandom;
}

export function makeKit(options: { minResponseMs?: number } = {}): TestKit {
  const scheduler = new ManualScheduler();
  const outbound = new RecordingOutbound();
  const random = new CountingRandom();
  const core = openCoreServices(':memory:', { scheduler, secret: Buffer.alloc(32, 7) });
  core.config.updateSite({ name: 'Harbour Depot', defaultCountry: 'FI' }, 'test');
  const services = withEngine(core, {
    outbound,
    scheduler,
    random,
    minResponseMs: options.minResponseMs ?? 0,
    // A low scrypt cost keeps PIN tests fast; production uses N = 2^15 (src/main/auth/pin.ts).
    pinCost: TEST_PIN_COST,
  });
  return { ...services, scheduler, outbound, random };
}

/** Settles a padded engine call by moving the manual clock past the padding. */
export async function settle<T>(kit: TestKit, promise: Promise<T>, padMs = 0): Promise<T> {
  kit.scheduler.advance(padMs);
  return promise;
}

/** What a TextSignIn takes from the kit's services; a test adds completeFirstFactor and options. */
export function textSignInDeps(
  kit: TestKit,
): Pick<
  TextSignInDeps<unknown>,
  'db' | 'config' | 'registry' | 'signInLog' | 'secret' | 'random' | 'scheduler'
> {
  const { db, config, registry, signInLog, secret, random, scheduler } = kit;
  return { db, config, registry, signInLog, secret, random, scheduler };
}
