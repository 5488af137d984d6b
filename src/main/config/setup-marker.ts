// "This kiosk has been set up", kept once and for good. First-run setup is open to anyone at the
// kiosk, so it must never open again once a site exists, even if every manager is disabled or
// removed later: then the recovery code or the CLI brings a manager back. The marker is an HMAC
// under a key of its own from the install secret, so a value copied from another install or typed
// in by hand does not count.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Db } from '../db/connection';
import { prepared } from '../db/prepared';
import { readSetting, writeSetting } from '../db/settings';
import { deriveKey } from '../secret';

const KEY = 'setup.done';

export class SetupMarker {
  private readonly expected: Buffer;

  constructor(
    private readonly db: Db,
    secret: Buffer,
  ) {
    this.expected = createHmac('sha256', deriveKey(secret, 'setup'))
      .update('sms-kiosk:setup-done:v1')
      .digest();
  }

  isDone(): boolean {
    const stored = readSetting(this.db, KEY);
    if (!stored || !/^[0-9a-f]{64}$/.test(stored)) return false;
    return timingSafeEqual(Buffer.from(stored, 'hex'), this.expected);
  }

  markDone(): void {
    writeSetting(this.db, KEY, this.expected.toString('hex'));
  }

  /**
   * For installs from before the marker, or whose marker was removed: a site that has (or had)
   * a manager is set up. Run at every open; writes only when the marker is missing.
   */
  markExistingInstall(): boolean {
    if (this.isDone()) return false;
    const hadManager = prepared(
      this.db,
      "SELECT EXISTS (SELECT 1 FROM users WHERE role = 'manager') AS yes",
    ).get() as { yes: number };
    const wasSetUp = prepared(
      this.db,
      "SELECT EXISTS (SELECT 1 FROM audit_log WHERE action = 'setup.complete') AS yes",
    ).get() as { yes: number };
    if (!hadManager.yes && !wasSetUp.yes) return false;
    this.markDone();
    return true;
  }
}
