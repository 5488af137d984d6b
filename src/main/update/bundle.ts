// Signing (vendor side) and verifying (site side) of update bundles with Ed25519 from
// node:crypto. Verification order: signature over the manifest bytes, then the manifest's
// shape, then the version (strictly newer), then the payload's size and SHA-256.
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, readFile, stat, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { gt } from 'semver';
import {
  MANIFEST_FILE,
  manifestSchema,
  PRODUCT,
  SIGNATURE_FILE,
  type UpdateManifest,
} from './manifest';

export type RefusalCode =
  | 'no_key'
  | 'unreadable'
  | 'unsigned'
  | 'bad_signature'
  | 'bad_manifest'
  | 'not_newer'
  | 'payload_mismatch';

export type Verification =
  | { ok: true; manifest: UpdateManifest; payloadPath: string }
  | { ok: false; code: RefusalCode; message: string; version?: string };

const NOTHING = 'Nothing was installed.';

function refuse(code: RefusalCode, message: string, version?: string): Verification {
  return { ok: false, code, message: `${message} ${NOTHING}`, ...(version ? { version } : {}) };
}

/** An Ed25519 key from PEM, or an Error saying what is wrong with it. */
function ed25519(pem: string, kind: 'public' | 'private'): KeyObject {
  const key = kind === 'public' ? createPublicKey(pem) : createPrivateKey(pem);
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new Error(
      `The ${kind} key is ${key.asymmetricKeyType ?? 'not asymmetric'}, not Ed25519.`,
    );
  }
  return key;
}

export function parsePublicKey(pem: string): KeyObject {
  return ed25519(pem, 'public');
}

/** A new vendor key pair (PEM: SPKI public, PKCS#8 private). */
export function generateUpdateKeys(): { publicKey: string; privateKey: string } {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return {
    publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

/** SHA-256 of a short fingerprint people can compare by reading it out: first 16 hex of the key hash. */
export function keyFingerprint(publicKeyPem: string): string {
  const der = parsePublicKey(publicKeyPem).export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('hex').slice(0, 16).match(/.{4}/g)!.join(' ');
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export interface SignOptions {
  /** The bundle folder to write (created by the caller; the payload is copied into it). */
  outDir: string;
  payloadFile: string;
  version: string;
  privateKeyPem: string;
  notes?: string;
  now?: Date;
}

/** Vendor side: copy the payload, write manifest.json and its signature. */
export async function signBundle(options: SignOptions): Promise<UpdateManifest> {
  const key = ed25519(options.privateKeyPem, 'private');
  const file = basename(options.payloadFile);
  const target = join(options.outDir, file);
  if (target !== options.payloadFile) await copyFile(options.payloadFile, target);
  const manifest = manifestSchema.parse({
    format: 1,
    product: PRODUCT,
    version: options.version,
    createdAt: (options.now ?? new Date()).toISOString(),
    payload: { file, sha256: await sha256File(target), size: (await stat(target)).size },
    ...(options.notes ? { notes: options.notes } : {}),
  });
  const bytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);
  await writeFile(join(options.outDir, MANIFEST_FILE), bytes);
  await writeFile(
    join(options.outDir, SIGNATURE_FILE),
    `${sign(null, bytes, key).toString('base64')}\n`,
  );
  return manifest;
}

async function readOptional(path: string): Promise<Buffer | null> {
  try {
    return await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/**
 * Site side: is this bundle signed by `publicKeyPem`, well-formed, newer than
 * `currentVersion`, with the payload it describes? Never throws for a bad bundle.
 */
export async function verifyBundle(
  dir: string,
  publicKeyPem: string | null,
  currentVersion: string,
): Promise<Verification> {
  if (!publicKeyPem) {
    return refuse('no_key', 'No update key is set for this site (cli: update trust KEYFILE).');
  }
  const key = parsePublicKey(publicKeyPem);
  let bytes: Buffer | null;
  let signatureText: Buffer | null;
  try {
    bytes = await readOptional(join(dir, MANIFEST_FILE));
    signatureText = await readOptional(join(dir, SIGNATURE_FILE));
  } catch (error) {
    return refuse('unreadable', `The update bundle cannot be read: ${(error as Error).message}.`);
  }
  if (!bytes) return refuse('unreadable', `${dir} is not an update bundle (no ${MANIFEST_FILE}).`);
  if (!signatureText || signatureText.toString().trim() === '') {
    return refuse('unsigned', `The update bundle is not signed (no ${SIGNATURE_FILE}).`);
  }
  const signature = Buffer.from(signatureText.toString().trim(), 'base64');
  let signed = false;
  try {
    signed = signature.length === 64 && verify(null, bytes, key, signature);
  } catch {
    signed = false;
  }
  if (!signed) {
    return refuse(
      'bad_signature',
      "The update bundle's signature does not match this site's update key: the bundle was changed after it was signed, or signed with another key.",
    );
  }
  let manifest: UpdateManifest;
  try {
    manifest = manifestSchema.parse(JSON.parse(bytes.toString('utf8')));
  } catch {
    return refuse(
      'bad_manifest',
      'The update manifest is signed but not one this version understands.',
    );
  }
  if (!gt(manifest.version, currentVersion)) {
    return refuse(
      'not_newer',
      `The bundle holds version ${manifest.version}, which is not newer than the installed ${currentVersion}.`,
      manifest.version,
    );
  }
  const payloadPath = join(dir, manifest.payload.file);
  let size: number;
  let sha256: string;
  try {
    size = (await stat(payloadPath)).size;
    sha256 = await sha256File(payloadPath);
  } catch {
    return refuse(
      'payload_mismatch',
      `The update payload ${manifest.payload.file} is missing from the bundle.`,
      manifest.version,
    );
  }
  if (size !== manifest.payload.size || sha256 !== manifest.payload.sha256) {
    return refuse(
      'payload_mismatch',
      `The update payload ${manifest.payload.file} does not match its signed manifest (SHA-256 or size differs): it was changed or damaged.`,
      manifest.version,
    );
  }
  return { ok: true, manifest, payloadPath };
}
