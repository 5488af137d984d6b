// The SIM card's lock: read its state, and enter the configured PIN when it asks, never twice
// after a refusal (three wrong tries lock the SIM until someone enters its PUK).
import type { AtChannel } from '../channel';
import * as at from '../commands';
import { ModemErrorCode, asModemError } from '../errors';

export class SimPin {
  /**
   * Set once the SIM refused the configured PIN: it is never tried again, because three wrong
   * tries lock the SIM until someone enters its PUK.
   */
  private refused = false;

  constructor(private readonly pin: string | undefined) {}

  /** Whether a SIM that asks for its PIN can be given one. */
  get canUnlock(): boolean {
    return this.pin !== undefined && this.pin !== '' && !this.refused;
  }

  async read(channel: AtChannel): Promise<at.SimState | 'error'> {
    try {
      const r = await channel.run(at.cpinQuery, { okOptionalAfter: '+CPIN' });
      return at.parseCpin(r.lines) ?? 'unknown';
    } catch (error) {
      const e = asModemError(error);
      if (e.code === ModemErrorCode.Disconnected || e.code === ModemErrorCode.Closed) throw e;
      if (e.code === ModemErrorCode.SimMissing) return 'not-inserted';
      if (e.code === ModemErrorCode.SimLocked) return 'pin-required';
      return 'error';
    }
  }

  async unlock(channel: AtChannel): Promise<void> {
    const sim = await this.read(channel);
    if (sim !== 'pin-required' || !this.canUnlock) return;
    try {
      await channel.run(at.cpinEnter(this.pin!), { timeoutMs: 10_000 });
    } catch (error) {
      const e = asModemError(error);
      const noAnswer = [ModemErrorCode.Disconnected, ModemErrorCode.Closed, ModemErrorCode.Timeout];
      if (!(noAnswer as string[]).includes(e.code)) this.refused = true;
      throw error;
    }
  }
}
