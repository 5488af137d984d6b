// Issue 11.4: the database files are the kiosk account's alone, the install secret can be sealed
// by the OS key store, and PIN hashes are keyed. The sealer here is a stand-in: Electron's
// safeStorage cannot run on the build machines (src/main/safe-storage.ts is the real one).
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHmac, scryptSync } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/main/db/connection';
import { DbError } from '../../../src/main/db/errors';
import { deriveKey, loadOrCreateInstallSecret, type SecretSealer } from '../../../src/main/secret';
import { electronSealer } from '../../../src/main/safe-storage';
import { PinStore } from '../../../src/main/auth/pin';
import { makeKit, TEST_PIN_COST } from '../../support/harness';

const modeOf = (path: string) => statSync(path).mode & 0o777;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kiosk-at-rest-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe.runIf(process.platform !== 'win32')('database file modes', () => {
  it('creates the folder 0700 and the database, -wal and -shm 0600', () => {
    const path = join(dir, 'site', 'kiosk.db');
    const db = openDatabase(path);
    db.prepare('CREATE TABLE t (x)').run();
    expect(modeOf(join(dir, 'site'))).toBe(0o700);
    for (const file of [path, `${path}-wal`, `${path}-shm`]) expect(modeOf(file)).toBe(0o600);
    db.close();
  });

  it('repairs looser modes left by an older version at start', () => {
    const folder = join(dir, 'old');
    const path = join(folder, 'kiosk.db');
    openDatabase(path).close();
    chmodSync(folder, 0o755);
    chmodSync(path, 0o644);
    writeFileSync(`${path}.key`, 'x', { mode: 0o644 });
    chmodSync(`${path}.key`, 0o644);
    openDatabase(path).close();
    expect(modeOf(folder)).toBe(0o700);
    expect(modeOf(path)).toBe(0o600);
    expect(modeOf(`${path}.key`)).toBe(0o600);
  });

  it('refuses a folder shared with other accounts, saying what to do', () => {
    const shared = join(dir, 'shared');
    mkdirSync(shared);
    chmodSync(shared, 0o1777);
    let error: unknown;
    try {
      openDatabase(join(shared, 'kiosk.db'));
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DbError);
    expect((error as Error).message).toMatch(/shared with other users.*folder of its own/);
  });
});

/** A stand-in for the OS key store: XOR with a fixed pad, tagged so a plain file is told apart. */
function fakeSealer(available = true): SecretSealer & { sealed: number } {
  const pad = Buffer.alloc(64, 0x5a);
  const xor = (b: Buffer) => Buffer.from(b.map((x, i) => x ^ pad[i % pad.length]!));
  return {
    sealed: 0,
    available: () => available,
    seal(secret) {
      this.sealed++;
      return Buffer.concat([Buffer.from('FAKE'), xor(secret)]);
    },
    open(sealed) {
      if (sealed.subarray(0, 4).toString() !== 'FAKE') throw new Error('not ours');
      return xor(sealed.subarray(4));
    },
  };
}

describe('install secret in the OS key store', () => {
  it('a new key file holds the secret sealed, and opens again with the sealer', () => {
    const path = join(dir, 'kiosk.db');
    const sealer = fakeSealer();
    const secret = loadOrCreateInstallSecret(path, sealer);
    const text = readFileSync(`${path}.key`, 'utf8');
    expect(text).toMatch(/^sealed:v1:/);
    expect(text).not.toContain(secret.toString('hex'));
    expect(loadOrCreateInstallSecret(path, sealer).equals(secret)).toBe(true);
  });

  it('seals an existing plain key file in place, keeping the same secret', () => {
    const path = join(dir, 'kiosk.db');
    const secret = loadOrCreateInstallSecret(path);
    expect(readFileSync(`${path}.key`, 'utf8').trim()).toBe(secret.toString('hex'));
    expect(loadOrCreateInstallSecret(path, fakeSealer()).equals(secret)).toBe(true);
    expect(readFileSync(`${path}.key`, 'utf8')).toMatch(/^sealed:v1:/);
    expect(modeOf(`${path}.key`) & 0o077).toBe(0);
  });

  it('without a key store the file stays plain; a sealed file without one is a clear error', () => {
    const path = join(dir, 'kiosk.db');
    const unavailable = fakeSealer(false);
    loadOrCreateInstallSecret(path, unavailable);
    expect(unavailable.sealed).toBe(0);
    expect(readFileSync(`${path}.key`, 'utf8')).toMatch(/^[0-9a-f]{64}\n$/);
    const other = join(dir, 'sealed.db');
    loadOrCreateInstallSecret(other, fakeSealer());
    expect(() => loadOrCreateInstallSecret(other)).toThrow(/sealed by this computer's key store/);
  });

  it("Electron's basic_text fallback on Linux is no key store", () => {
    const storage = {
      isEncryptionAvailable: () => true,
      getSelectedStorageBackend: () => 'basic_text',
      encryptString: (text: string) => Buffer.from(text),
      decryptString: (sealed: Buffer) => sealed.toString(),
    };
    expect(electronSealer(storage, 'linux').available()).toBe(false);
    expect(
      electronSealer(
        { ...storage, getSelectedStorageBackend: () => 'gnome_libsecret' },
        'linux',
      ).available(),
    ).toBe(true);
    expect(
      electronSealer({ ...storage, isEncryptionAvailable: () => false }, 'darwin').available(),
    ).toBe(false);
  });
});

describe('PIN hashes keyed from the install secret', () => {
  it('the stored hash is not the scrypt hash: the database alone cannot test a PIN', () => {
    const kit = makeKit();
    const id = kit.registry.addUser(
      { employeeId: 'E1', displayName: 'Aino', phone: '040 123 8291' },
      't',
    ).id;
    kit.pins.set(id, '2580', 't');
    const row = kit.db.prepare('SELECT * FROM pin_factors WHERE user_id = ?').get(id) as {
      pin_hash: Buffer;
      salt: Buffer;
      keyed: number;
    };
    const plain = scryptSync('2580', row.salt, 32, { ...TEST_PIN_COST });
    expect(row.keyed).toBe(1);
    expect(row.pin_hash.equals(plain)).toBe(false);
    const key = deriveKey(kit.secret, 'pin');
    expect(row.pin_hash.equals(createHmac('sha256', key).update(plain).digest())).toBe(true);
  });

  it('wraps rows hashed before the key existed, and their PINs still work', () => {
    const kit = makeKit();
    const id = kit.registry.addUser(
      { employeeId: 'E1', displayName: 'Aino', phone: '040 123 8291' },
      't',
    ).id;
    const salt = Buffer.alloc(16, 3);
    const legacy = scryptSync('2580', salt, 32, { ...TEST_PIN_COST });
    kit.db
      .prepare(
        `INSERT INTO pin_factors (user_id, pin_hash, salt, cost_n, cost_r, cost_p, set_at, keyed)
         VALUES (?, ?, ?, ?, ?, ?, 0, 0)`,
      )
      .run(id, legacy, salt, TEST_PIN_COST.N, TEST_PIN_COST.r, TEST_PIN_COST.p);
    const pins = new PinStore({
      db: kit.db,
      config: kit.config,
      users: kit.registry.users,
      audit: kit.audit,
      clock: kit.scheduler,
      random: kit.random,
      key: deriveKey(kit.secret, 'pin'),
      cost: TEST_PIN_COST,
    });
    const row = kit.db.prepare('SELECT pin_hash, keyed FROM pin_factors').get() as {
      pin_hash: Buffer;
      keyed: number;
    };
    expect(row.keyed).toBe(1);
    expect(row.pin_hash.equals(legacy)).toBe(false);
    expect(pins.check(id, '2580', kit.scheduler.now())).toEqual({ ok: true });
    expect(pins.check(id, '2581', kit.scheduler.now())).toMatchObject({
      ok: false,
      reason: 'wrong',
    });
    expect(kit.audit.list().some((e) => e.action === 'pin.keyed')).toBe(true);
  });
});
