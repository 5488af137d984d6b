// The kiosk itself: site, default country, code length, whether a demo, and the modem's health.
import type { IpcError, KioskInfo, ModemStatusView } from '../../../shared/ipc/contract';
import type { Language } from '../../../shared/domain';
import { kiosk } from '../api';
import { applyLanguage, defaultLanguage } from '../i18n';
import type { Slice } from './types';

export interface KioskSlice {
  info: KioskInfo | null;
  infoError: IpcError | null;
  modem: ModemStatusView | null;
  /** The language on screen now. */
  language: Language;
  /** The language the kiosk returns to after each sign-out. */
  homeLanguage: Language;
  loadInfo(): Promise<void>;
  setModemStatus(status: ModemStatusView): void;
  chooseLanguage(language: Language): void;
}

export const createKioskSlice: Slice<KioskSlice> = (set, get) => ({
  info: null,
  infoError: null,
  modem: null,
  language: defaultLanguage(),
  homeLanguage: defaultLanguage(),

  async loadInfo() {
    const result = await kiosk.kiosk.info({});
    if (!result.ok) {
      set({ infoError: result.error });
      return;
    }
    const info = result.value;
    const languages = info.languages.length > 0 ? info.languages : ['en' as const];
    const home = languages.includes(get().homeLanguage) ? get().homeLanguage : languages[0]!;
    set({ info, infoError: null, modem: info.modem, homeLanguage: home });
    // A worker may already have picked a language while the info was loading.
    if (!languages.includes(get().language)) get().chooseLanguage(home);
  },

  setModemStatus(status) {
    set({ modem: status });
  },

  chooseLanguage(language) {
    applyLanguage(language);
    set({ language });
  },
});
