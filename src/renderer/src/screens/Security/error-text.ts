import type { TFunction } from 'i18next';
import type { IpcError } from '../../../../shared/ipc/contract';
import { pinErrorText } from '../../lib/errors';

/** The worker's words for an error shown under a form on these screens. */
export function securityErrorText(t: TFunction, error: IpcError | null): string {
  if (!error) return '';
  if (error.code === 'pin_invalid') return pinErrorText(t, error);
  return t(`errors.screen.${error.code}.body`);
}
