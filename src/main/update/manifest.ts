// The manifest of an offline update bundle. A bundle is a folder (from the site network or a
// USB stick) holding:
//   manifest.json   what this is: product, version, payload file name, size and SHA-256
//   manifest.sig    Ed25519 signature over the exact bytes of manifest.json, base64
//   <payload>       the installer (a .deb, .AppImage or NSIS .exe)
// Nothing in the manifest is believed before its signature checks out.
import { z } from 'zod';
import { valid } from 'semver';

export const PRODUCT = 'sms-kiosk-sign-in';
export const MANIFEST_FILE = 'manifest.json';
export const SIGNATURE_FILE = 'manifest.sig';

export const manifestSchema = z
  .object({
    format: z.literal(1),
    product: z.literal(PRODUCT),
    version: z.string().refine((v) => valid(v) === v, 'a semantic version such as 1.4.0'),
    createdAt: z.string(),
    payload: z
      .object({
        // A plain file name inside the bundle folder: no separators, no "..".
        file: z
          .string()
          .min(1)
          .max(200)
          .regex(/^[A-Za-z0-9._+-]+$/)
          .refine((f) => f !== '.' && f !== '..' && f !== MANIFEST_FILE && f !== SIGNATURE_FILE),
        sha256: z.string().regex(/^[0-9a-f]{64}$/),
        size: z.number().int().nonnegative(),
      })
      .strict(),
    notes: z.string().max(2000).optional(),
  })
  .strict();

export type UpdateManifest = z.infer<typeof manifestSchema>;
