import type { HandlerTable } from '../dispatcher';
import { kioskHandlers } from './kiosk';
import { sessionHandlers } from './session';
import { signInHandlers } from './signin';

type Deps = Parameters<typeof kioskHandlers>[0] &
  Parameters<typeof signInHandlers>[0] & { session: Parameters<typeof sessionHandlers>[0] };

/** The full handler table: one file per domain, joined here. */
export function createHandlers(deps: Deps): HandlerTable {
  return {
    ...kioskHandlers(deps),
    ...signInHandlers(deps),
    ...sessionHandlers(deps.session),
  };
}
