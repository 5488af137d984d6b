import { createPrivateKey, generateKeyPairSync, sign } from 'node:crypto';
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openCoreServices, type CoreServices } from '../../../src/main/services';
import {
  generateUpdateKeys,
  keyFingerprint,
  signBundle,
  verifyBundle,
} from '../../../src/main/update/bundle';
import { UpdateService, type Installer } from '../../../src/main/update/update-service';
import { ManualScheduler } from '../../support/manual-scheduler';

const vendor = generateUpdateKeys();
const stranger = generateUpdateKeys();
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kiosk-update-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A signed bundle of `version` around a small fake installer. */
async function bundle(version: string, key = vendor.privateKey, name = `b-${version}`) {
  const out = join(dir, name);
  mkdirSync(out, { recursive: true });
  const payload = join(dir, `sms-kiosk-sign-in_${version}_amd64.deb`);
  writeFileSync(payload, `installer for ${version}\n`.repeat(100));
  await signBundle({
    outDir: out,
    payloadFile: payload,
    version,
    privateKeyPem: key,
    now: new Date('2026-12-01T00:00:00Z'),
  });
  return out;
}

describe('update bundles: Ed25519 over the manifest, SHA-256 of the payload', () => {
  it('accepts a bundle signed with the site key, newer than what runs', async () => {
    const b = await bundle('0.2.0');
    const result = await verifyBundle(b, vendor.publicKey, '0.1.0');
    expect(result).toMatchObject({
      ok: true,
      manifest: { version: '0.2.0', product: 'sms-kiosk-sign-in', format: 1 },
    });
    const manifest = JSON.parse(readFileSync(join(b, 'manifest.json'), 'utf8'));
    expect(manifest.payload.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(readFileSync(join(b, 'manifest.sig'), 'utf8').trim()).toMatch(/^[A-Za-z0-9+/]{86}==$/);
  });

  it('refuses a manifest changed after signing (a version bumped by hand)', async () => {
    const b = await bundle('0.2.0');
    const path = join(b, 'manifest.json');
    writeFileSync(path, readFileSync(path, 'utf8').replace('"0.2.0"', '"9.0.0"'));
    const result = await verifyBundle(b, vendor.publicKey, '0.1.0');
    expect(result).toMatchObject({ ok: false, code: 'bad_signature' });
    expect(!result.ok && result.message).toMatch(
      /changed after it was signed.*Nothing was installed/,
    );
  });

  it('refuses a payload changed after signing', async () => {
    const b = await bundle('0.2.0');
    appendFileSync(join(b, 'sms-kiosk-sign-in_0.2.0_amd64.deb'), 'x');
    const result = await verifyBundle(b, vendor.publicKey, '0.1.0');
    expect(result).toMatchObject({ ok: false, code: 'payload_mismatch', version: '0.2.0' });
    const swapped = await bundle('0.3.0');
    const file = join(swapped, 'sms-kiosk-sign-in_0.3.0_amd64.deb');
    // Same size, other bytes.
    writeFileSync(file, readFileSync(file, 'utf8').replace('installer', 'INSTALLER'));
    expect(await verifyBundle(swapped, vendor.publicKey, '0.1.0')).toMatchObject({
      code: 'payload_mismatch',
    });
    rmSync(file);
    expect(await verifyBundle(swapped, vendor.publicKey, '0.1.0')).toMatchObject({
      code: 'payload_mismatch',
    });
  });

  it('refuses an unsigned bundle', async () => {
    const b = await bundle('0.2.0');
    writeFileSync(join(b, 'manifest.sig'), '\n');
    expect(await verifyBundle(b, vendor.publicKey, '0.1.0')).toMatchObject({ code: 'unsigned' });
    rmSync(join(b, 'manifest.sig'));
    const result = await verifyBundle(b, vendor.publicKey, '0.1.0');
    expect(result).toMatchObject({ ok: false, code: 'unsigned' });
    expect(!result.ok && result.message).toContain('not signed');
  });

  it('refuses a bundle signed with another key, and garbage signatures', async () => {
    const b = await bundle('0.2.0', stranger.privateKey);
    expect(await verifyBundle(b, vendor.publicKey, '0.1.0')).toMatchObject({
      code: 'bad_signature',
    });
    writeFileSync(join(b, 'manifest.sig'), 'not base64 at all !!!');
    expect(await verifyBundle(b, vendor.publicKey, '0.1.0')).toMatchObject({
      code: 'bad_signature',
    });
  });

  it('refuses a downgrade and a reinstall of the same version', async () => {
    const older = await bundle('0.1.0');
    const result = await verifyBundle(older, vendor.publicKey, '0.2.0');
    expect(result).toMatchObject({ ok: false, code: 'not_newer', version: '0.1.0' });
    expect(!result.ok && result.message).toContain('not newer than the installed 0.2.0');
    expect(await verifyBundle(await bundle('0.2.0'), vendor.publicKey, '0.2.0')).toMatchObject({
      code: 'not_newer',
    });
    // Semantic, not string order: 0.10.0 is newer than 0.9.0; a pre-release is older.
    expect((await verifyBundle(await bundle('0.10.0'), vendor.publicKey, '0.9.0')).ok).toBe(true);
    expect(await verifyBundle(await bundle('1.0.0-rc.1'), vendor.publicKey, '1.0.0')).toMatchObject(
      { code: 'not_newer' },
    );
  });

  it('refuses a signed manifest that points outside the bundle', async () => {
    const b = join(dir, 'evil');
    mkdirSync(b);
    const bytes = Buffer.from(
      JSON.stringify({
        format: 1,
        product: 'sms-kiosk-sign-in',
        version: '0.2.0',
        createdAt: '2026-12-01T00:00:00Z',
        payload: { file: '../../etc/passwd', sha256: 'a'.repeat(64), size: 1 },
      }),
    );
    writeFileSync(join(b, 'manifest.json'), bytes);
    const key = createPrivateKey(vendor.privateKey);
    writeFileSync(join(b, 'manifest.sig'), sign(null, bytes, key).toString('base64'));
    expect(await verifyBundle(b, vendor.publicKey, '0.1.0')).toMatchObject({
      code: 'bad_manifest',
    });
  });

  it('refuses everything when the site has no update key', async () => {
    expect(await verifyBundle(await bundle('0.2.0'), null, '0.1.0')).toMatchObject({
      code: 'no_key',
    });
  });

  it('reads a key fingerprint and refuses keys that are not Ed25519', () => {
    expect(keyFingerprint(vendor.publicKey)).toMatch(/^[0-9a-f]{4}( [0-9a-f]{4}){3}$/);
    expect(keyFingerprint(vendor.publicKey)).not.toBe(keyFingerprint(stranger.publicKey));
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
    expect(() =>
      keyFingerprint(rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString()),
    ).toThrow(/not Ed25519/);
  });
});

describe('UpdateService: install with an audit entry for every outcome', () => {
  let core: CoreServices;
  let updates: UpdateService;
  let installer: ReturnType<typeof vi.fn<Installer>>;

  beforeEach(() => {
    core = openCoreServices(':memory:', {
      scheduler: new ManualScheduler(),
      secret: Buffer.alloc(32, 7),
    });
    updates = new UpdateService(core.db, core.audit, '0.1.0', join(dir, 'staging'));
    updates.trustKey(vendor.publicKey, 'cli:it');
    installer = vi.fn<Installer>(async () => 'installed');
  });
  afterEach(() => core.close());

  const actions = () => core.audit.list().map((row) => [row.action, JSON.parse(row.details)]);

  it('installs a good bundle, raises the version floor and audits it', async () => {
    const result = await updates.install(await bundle('0.2.0'), 'cli:it', installer);
    expect(result).toMatchObject({ ok: true, version: '0.2.0', installed: true });
    const staged = join(dir, 'staging', '0.2.0', 'sms-kiosk-sign-in_0.2.0_amd64.deb');
    expect(installer).toHaveBeenCalledWith(staged, expect.objectContaining({ version: '0.2.0' }));
    expect(existsSync(staged)).toBe(true);
    expect(updates.currentVersion()).toBe('0.2.0');
    expect(actions().map(([action]) => action)).toEqual(['update.key_trusted', 'update.installed']);
    expect(core.audit.verify().ok).toBe(true);

    // The same bundle again is now a reinstall: refused.
    const again = await updates.install(
      await bundle('0.2.0', undefined, 'again'),
      'cli:it',
      installer,
    );
    expect(again).toMatchObject({ ok: false, code: 'not_newer' });
  });

  for (const [name, spoil, code] of [
    [
      'tampered',
      (b: string) => appendFileSync(join(b, 'sms-kiosk-sign-in_0.2.0_amd64.deb'), '!'),
      'payload_mismatch',
    ],
    ['unsigned', (b: string) => rmSync(join(b, 'manifest.sig')), 'unsigned'],
    [
      're-signed by a stranger',
      (b: string) => {
        const bytes = readFileSync(join(b, 'manifest.json'));
        const key = createPrivateKey(stranger.privateKey);
        writeFileSync(join(b, 'manifest.sig'), sign(null, bytes, key).toString('base64'));
      },
      'bad_signature',
    ],
  ] as const) {
    it(`refuses a ${name} bundle with a clear message and an audit entry, installing nothing`, async () => {
      const b = await bundle('0.2.0');
      spoil(b);
      const result = await updates.install(b, 'cli:it', installer);
      expect(result).toMatchObject({ ok: false, code });
      expect(!result.ok && result.message).toContain('Nothing was installed');
      expect(installer).not.toHaveBeenCalled();
      expect(existsSync(join(dir, 'staging', '0.2.0'))).toBe(false);
      expect(updates.currentVersion()).toBe('0.1.0');
      expect(actions().at(-1)).toEqual([
        'update.refused',
        expect.objectContaining({ reason: code, current: '0.1.0' }),
      ]);
    });
  }

  it('refuses and audits a downgrade', async () => {
    await updates.install(await bundle('0.3.0'), 'cli:it', installer);
    const result = await updates.install(await bundle('0.2.0'), 'cli:it', installer);
    expect(result).toMatchObject({ ok: false, code: 'not_newer' });
    expect(actions().at(-1)).toEqual([
      'update.refused',
      expect.objectContaining({ reason: 'not_newer', version: '0.2.0', current: '0.3.0' }),
    ]);
    expect(installer).toHaveBeenCalledTimes(1);
  });

  it('a staged-only install leaves the version floor where it was', async () => {
    installer.mockResolvedValue('staged');
    const result = await updates.install(await bundle('0.2.0'), 'cli:it', installer);
    expect(result).toMatchObject({ ok: true, installed: false });
    expect(updates.currentVersion()).toBe('0.1.0');
    expect(actions().at(-1)![0]).toBe('update.staged');
  });

  it('audits a failed installer and keeps the old version', async () => {
    installer.mockRejectedValue(new Error('dpkg: dependency problems'));
    const result = await updates.install(await bundle('0.2.0'), 'cli:it', installer);
    expect(result).toMatchObject({ ok: false, code: 'install_failed' });
    expect(updates.currentVersion()).toBe('0.1.0');
    expect(actions().at(-1)![0]).toBe('update.failed');
  });

  it('trusts only Ed25519 keys, and audits the key with its fingerprint', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
    expect(() =>
      updates.trustKey(rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString(), 'cli:it'),
    ).toThrow(/not Ed25519/);
    const trusted = core.audit.list().find((row) => row.action === 'update.key_trusted')!;
    expect(trusted.target).toBe(keyFingerprint(vendor.publicKey));
  });
});
