import { randomBytes, createHmac } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

/**
 * Where the operating system can keep a secret for this account (Electron's safeStorage:
 * Keychain on macOS, DPAPI on Windows, libsecret / KWallet on Linux). Injected, so the key file
 * logic is tested with a stand-in; the Electron one is in safe-storage.ts.
 */
export interface SecretSealer {
  /** False where the OS offers no real key store: the key file stays plain (mode 0600). */
  available(): boolean;
  seal(secret: Buffer): Buffer;
  open(sealed: Buffer): Buffer;
}

const SEALED_PREFIX = 'sealed:v1:';

/**
 * The install secret keys the code HMACs, the number keys, the PIN hashes and the audit chain.
 * It lives in a file beside the database (mode 0600), so a copied database alone reveals no code
 * and cannot be re-chained after an edit. With a sealer whose key store is available the file
 * holds the secret sealed by the OS (`sealed:v1:<base64>`), so the file alone is not enough
 * either; a plain file found then is sealed in place (written to a new file, then renamed).
 */
export function loadOrCreateInstallSecret(dbPath: string, sealer?: SecretSealer): Buffer {
  if (dbPath === ':memory:') return randomBytes(32);
  const keyPath = `${dbPath}.key`;
  const canSeal = sealer?.available() ?? false;
  if (existsSync(keyPath)) {
    const text = readFileSync(keyPath, 'utf8').trim();
    if (text.startsWith(SEALED_PREFIX)) {
      if (!sealer || !canSeal) {
        throw new Error(
          `The key file ${keyPath} is sealed by this computer's key store, which only the kiosk app can open. Run this from the kiosk app (or its admin screen), as the account the kiosk runs as.`,
        );
      }
      let secret: Buffer;
      try {
        secret = sealer.open(Buffer.from(text.slice(SEALED_PREFIX.length), 'base64'));
      } catch (cause) {
        throw new Error(
          `The key file ${keyPath} could not be unsealed by this computer's key store (${(cause as Error).message}). It was sealed by another account or computer; restore the kiosk's own key file.`,
          { cause },
        );
      }
      if (secret.length !== 32) throw new Error(`The key file ${keyPath} is damaged.`);
      return secret;
    }
    const secret = Buffer.from(text, 'hex');
    if (secret.length !== 32) {
      throw new Error(`The key file ${keyPath} is damaged (expected 64 hex digits).`);
    }
    if (sealer && canSeal) {
      const fresh = `${keyPath}.new`;
      writeFileSync(fresh, keyFileText(secret, sealer), { mode: 0o600 });
      renameSync(fresh, keyPath);
    }
    return secret;
  }
  const secret = randomBytes(32);
  writeFileSync(keyPath, keyFileText(secret, canSeal ? sealer : undefined), {
    mode: 0o600,
    flag: 'wx',
  });
  return secret;
}

function keyFileText(secret: Buffer, sealer: SecretSealer | undefined): string {
  if (!sealer) return secret.toString('hex') + '\n';
  return SEALED_PREFIX + sealer.seal(secret).toString('base64') + '\n';
}

/**
 * Separate keys per purpose, so one use can never be replayed as another. 'outbox' encrypts
 * queued SMS bodies (they hold codes in clear until they are sent); 'setup' keys the "setup done"
 * marker (config/setup-marker.ts); 'pin' wraps the PINs' scrypt hashes, so a copied database
 * alone does not let anyone try PINs offline.
 */
export function deriveKey(
  secret: Buffer,
  purpose: 'otp' | 'number' | 'audit' | 'outbox' | 'setup' | 'pin',
): Buffer {
  return createHmac('sha256', secret).update(`sms-kiosk:${purpose}`).digest();
}
