import type { ConfigStore } from '../../config/config-store';
import type { HandlerTable } from '../dispatcher';
import type { ModemStatusView } from '../../../shared/ipc/contract';
import { LANGUAGES } from '../../../shared/domain';

export function kioskHandlers(deps: {
  config: ConfigStore;
  kioskId: string;
  modemStatus: () => ModemStatusView;
  demo: boolean;
  /** Whether text-to-sign-in is offered now (see auth/text-sign-in.ts); default off. */
  textSignInAvailable?: () => boolean;
}): Pick<HandlerTable, 'kiosk.info'> {
  return {
    'kiosk.info': () => {
      const site = deps.config.site();
      return {
        ok: true,
        value: {
          siteName: site.name,
          defaultCountry: site.defaultCountry,
          kioskId: deps.kioskId,
          codeLengthDefault: deps.config.policy().codeLength,
          languages: [...LANGUAGES],
          modem: deps.modemStatus(),
          demo: deps.demo,
          textSignIn: { enabled: deps.textSignInAvailable?.() ?? false },
        },
      };
    },
  };
}
