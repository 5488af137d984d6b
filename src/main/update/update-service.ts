// Offline updates on a site: the trusted update key, verification and installation, every
// outcome in the admin audit log. The installer step (dpkg, the AppImage swap, the NSIS .exe)
// is injected: tests and `update install` without --apply only stage the verified payload.
import { copyFile, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { gt, valid } from 'semver';
import type { AuditLog } from '../audit/audit-log';
import type { Db } from '../db/connection';
import { readSetting, writeSetting } from '../db/settings';
import {
  keyFingerprint,
  parsePublicKey,
  sha256File,
  verifyBundle,
  type Verification,
} from './bundle';
import type { UpdateManifest } from './manifest';

const KEY_SETTING = 'update.publicKey';
const VERSION_SETTING = 'update.installedVersion';

/**
 * Hands a verified, staged payload to the system's installer: 'installed' when it ran,
 * 'staged' when a person is to run it (then the version floor does not move yet).
 */
export type Installer = (
  stagedPayload: string,
  manifest: UpdateManifest,
) => Promise<'installed' | 'staged'>;

export type InstallResult =
  | { ok: true; version: string; staged: string; installed: boolean }
  | { ok: false; code: string; message: string };

export class UpdateService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    /** The running app's own version (package.json). */
    private readonly appVersion: string,
    /** Where verified payloads are staged: <folder of the database>/updates. */
    private readonly stagingDir: string,
  ) {}

  publicKey(): string | null {
    return readSetting(this.db, KEY_SETTING) ?? null;
  }

  /** The newer of the app's version and the last installed bundle's: a downgrade floor. */
  currentVersion(): string {
    const installed = readSetting(this.db, VERSION_SETTING);
    return installed && valid(installed) && gt(installed, this.appVersion)
      ? installed
      : this.appVersion;
  }

  /** Sets the site's update key (an Ed25519 public key, PEM); audited with its fingerprint. */
  trustKey(publicKeyPem: string, actor: string): string {
    parsePublicKey(publicKeyPem); // throws a readable error for anything but Ed25519
    const fingerprint = keyFingerprint(publicKeyPem);
    this.db.transaction(() => {
      writeSetting(this.db, KEY_SETTING, publicKeyPem);
      this.audit.append({ actor, action: 'update.key_trusted', target: fingerprint });
    })();
    return fingerprint;
  }

  verify(dir: string): Promise<Verification> {
    return verifyBundle(dir, this.publicKey(), this.currentVersion());
  }

  /** Verify, stage, install; a refused bundle is audited with the reason and never staged. */
  async install(dir: string, actor: string, installer: Installer): Promise<InstallResult> {
    const checked = await this.verify(dir);
    if (!checked.ok)
      return this.refused(dir, actor, checked.code, checked.message, checked.version);
    const { manifest } = checked;
    const folder = join(this.stagingDir, manifest.version);
    await mkdir(folder, { recursive: true });
    const staged = join(folder, manifest.payload.file);
    await copyFile(checked.payloadPath, staged);
    // The staged copy is what runs: a payload swapped on the stick during the copy is caught.
    if ((await sha256File(staged)) !== manifest.payload.sha256) {
      await rm(staged, { force: true });
      return this.refused(
        dir,
        actor,
        'payload_mismatch',
        `The update payload changed while it was copied. Nothing was installed.`,
        manifest.version,
      );
    }
    let outcome: 'installed' | 'staged';
    try {
      outcome = await installer(staged, manifest);
    } catch (error) {
      const message = `The installer for ${manifest.version} failed: ${(error as Error).message}`;
      this.audit.append({
        actor,
        action: 'update.failed',
        target: manifest.version,
        details: { message },
      });
      return { ok: false, code: 'install_failed', message };
    }
    const details = {
      from: this.currentVersion(),
      sha256: manifest.payload.sha256,
      file: manifest.payload.file,
    };
    if (outcome === 'staged') {
      this.audit.append({ actor, action: 'update.staged', target: manifest.version, details });
      return { ok: true, version: manifest.version, staged, installed: false };
    }
    this.db.transaction(() => {
      writeSetting(this.db, VERSION_SETTING, manifest.version);
      this.audit.append({ actor, action: 'update.installed', target: manifest.version, details });
    })();
    return { ok: true, version: manifest.version, staged, installed: true };
  }

  private refused(
    dir: string,
    actor: string,
    code: string,
    message: string,
    version?: string,
  ): InstallResult {
    this.audit.append({
      actor,
      action: 'update.refused',
      target: dir,
      details: { reason: code, ...(version ? { version } : {}), current: this.currentVersion() },
    });
    return { ok: false, code, message };
  }
}
