import type { HandlerTable } from '../dispatcher';
import { kioskHandlers } from './kiosk';
import { sessionHandlers } from './session';
import { signInHandlers } from './signin';
import { textSignInHandlers } from './text-signin';
import { adminHandlers } from './admin';
import { securityHandlers, securityUnavailable, type SecurityHandlerDeps } from './security';
import type { AdminServices } from '../../admin';

type Deps = Parameters<typeof kioskHandlers>[0] &
  Parameters<typeof signInHandlers>[0] &
  Parameters<typeof textSignInHandlers>[0] & { session: Parameters<typeof sessionHandlers>[0] } & {
    /** The admin screen's services; without them every admin channel answers admin_required. */
    admin?: AdminServices;
    /** Authenticator apps, self-service registration and their admin panel. */
    security?: Omit<SecurityHandlerDeps, 'session' | 'kioskId' | 'admin' | 'config' | 'engine'>;
  };

/** The full handler table: one file per domain, joined here. */
export function createHandlers(deps: Deps): HandlerTable {
  return {
    ...kioskHandlers(deps),
    ...signInHandlers(deps),
    ...textSignInHandlers(deps),
    ...sessionHandlers(deps.session),
    ...adminHandlers(deps.admin),
    ...(deps.security
      ? securityHandlers({
          ...deps.security,
          session: deps.session,
          kioskId: deps.kioskId,
          config: deps.config,
          engine: deps.engine,
          admin: deps.admin,
        })
      : securityUnavailable()),
  };
}
