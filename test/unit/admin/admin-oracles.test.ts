// The admin entry answers a worker's number (a decoy: no SMS) exactly like a manager's: the same
// mask at start and resend, the same delivery timeline.
import { describe, expect, it } from 'vitest';
import { makeAdminKit } from './admin-kit';

interface Challenge {
  challengeId: string;
  maskedPhone: string;
}

describe('admin entry oracles', () => {
  it("answers a worker's number like a manager's at start, resend and delivery status", async () => {
    const k = makeAdminKit();
    k.addPerson('M1', '040 111 1111', 'manager');
    k.addPerson('W1', '040 222 2211', 'worker');
    k.kit.outbound.durations = [1_500];
    const seen: Record<string, unknown[]> = {};
    for (const phone of ['040 111 1111', '040 222 2211']) {
      k.kit.scheduler.advance(20 * 60_000);
      const started = await k.call<Challenge>('admin.start', { phone });
      const status = async () =>
        (
          await k.call<{ status: string }>('signin.deliveryStatus', {
            challengeId: started.challengeId,
          })
        ).status;
      const before = await status();
      k.kit.scheduler.advance(1_500);
      const message = k.kit.outbound.messages.find((m) => m.challengeId === started.challengeId);
      if (message) Object.assign(message, { status: 'sent', sentAt: k.kit.scheduler.now() });
      const after = await status();
      k.kit.scheduler.advance(30_000);
      const resent = await k.call<Challenge>('admin.resend', { challengeId: started.challengeId });
      seen[phone] = [before, after, resent.maskedPhone === started.maskedPhone];
    }
    expect(seen['040 111 1111']).toEqual(['pending', 'sent', true]);
    expect(seen['040 222 2211']).toEqual(seen['040 111 1111']);
  });
});
