// Sealing of queued SMS bodies. A queued body holds a sign-in code in clear, so it is stored
// only as AES-256-GCM ciphertext under a key derived from the install secret (kept beside the
// database, not in it): a copied database alone reveals no code.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * What the ciphertext is bound to. Without it, anyone able to write the database could move
 * the sealed body of someone else's code onto a row addressed to their own phone.
 */
export interface BodyBinding {
  to: string;
  challengeId: string | null;
}

function aad(binding: BodyBinding): Buffer {
  return Buffer.from(`sms-kiosk:outbox:v1\0${binding.to}\0${binding.challengeId ?? ''}`, 'utf8');
}

/** iv | tag | ciphertext, as stored in outbox.body_enc. */
export function sealBody(key: Buffer, body: string, binding: BodyBinding): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad(binding));
  const ciphertext = Buffer.concat([cipher.update(body, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), ciphertext]);
}

/** Throws when the row was edited or the key file was replaced. */
export function openBody(key: Buffer, sealed: Buffer, binding: BodyBinding): string {
  if (sealed.length < IV_BYTES + TAG_BYTES) throw new Error('sealed body is too short');
  const iv = sealed.subarray(0, IV_BYTES);
  const tag = sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAAD(aad(binding));
  decipher.setAuthTag(tag);
  return Buffer.concat([
    decipher.update(sealed.subarray(IV_BYTES + TAG_BYTES)),
    decipher.final(),
  ]).toString('utf8');
}
