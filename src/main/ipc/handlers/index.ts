import type { HandlerTable } from '../dispatcher';
import { kioskHandlers } from './kiosk';
import { sessionHandlers } from './session';
import { signInHandlers } from './signin';
import { adminHandlers } from './admin';
import type { AdminServices } from '../../admin';

type Deps = Parameters<typeof kioskHandlers>[0] &
  Parameters<typeof signInHandlers>[0] & { session: Parameters<typeof sessionHandlers>[0] } & {
    /** The admin screen's services; without them every admin channel answers admin_required. */
    admin?: AdminServices;
  };

/** The full handler table: one file per domain, joined here. */
export function createHandlers(deps: Deps): HandlerTable {
  return {
    ...kioskHandlers(deps),
    ...signInHandlers(deps),
    ...sessionHandlers(deps.session),
    ...adminHandlers(deps.admin),
  };
}
