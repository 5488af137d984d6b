// The install secret sealed with Electron's safeStorage, where the operating system
// offers a real key store. On Linux without a secret service Electron falls back to a hard-coded
// password ("basic_text"): that seals nothing, so it counts as not available and the key file
// stays plain (mode 0600, in a 0700 folder).
import type { SafeStorage } from 'electron';
import type { SecretSealer } from './secret';

type SafeStorageLike = Pick<
  SafeStorage,
  'isEncryptionAvailable' | 'encryptString' | 'decryptString'
> & { getSelectedStorageBackend?: () => string };

export function electronSealer(
  safeStorage: SafeStorageLike,
  platform: NodeJS.Platform = process.platform,
): SecretSealer {
  return {
    available() {
      if (!safeStorage.isEncryptionAvailable()) return false;
      if (platform !== 'linux') return true;
      const backend = safeStorage.getSelectedStorageBackend?.() ?? 'unknown';
      return backend !== 'basic_text' && backend !== 'unknown';
    },
    seal: (secret) => safeStorage.encryptString(secret.toString('hex')),
    open: (sealed) => Buffer.from(safeStorage.decryptString(sealed), 'hex'),
  };
}
