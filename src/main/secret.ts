import { randomBytes, createHmac } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/**
 * The install secret keys the code HMACs, the number keys and the audit chain. It lives in a
 * file beside the database (mode 0600), so a copied database alone reveals no code and cannot
 * be re-chained after an edit.
 */
export function loadOrCreateInstallSecret(dbPath: string): Buffer {
  if (dbPath === ':memory:') return randomBytes(32);
  const keyPath = `${dbPath}.key`;
  if (existsSync(keyPath)) {
    const secret = Buffer.from(readFileSync(keyPath, 'utf8').trim(), 'hex');
    if (secret.length !== 32) {
      throw new Error(`The key file ${keyPath} is damaged (expected 64 hex digits).`);
    }
    return secret;
  }
  const secret = randomBytes(32);
  writeFileSync(keyPath, secret.toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
  return secret;
}

/**
 * Separate keys per purpose, so one use can never be replayed as another. 'outbox' encrypts
 * queued SMS bodies (they hold codes in clear until they are sent); 'setup' keys the "setup done"
 * marker (config/setup-marker.ts).
 */
export function deriveKey(
  secret: Buffer,
  purpose: 'otp' | 'number' | 'audit' | 'outbox' | 'setup',
): Buffer {
  return createHmac('sha256', secret).update(`sms-kiosk:${purpose}`).digest();
}
