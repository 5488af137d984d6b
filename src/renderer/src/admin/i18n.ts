// The admin screen's strings join the kiosk's i18next instance as the 'admin' namespace when the
// admin chunk loads, so the worker screens never carry them. The language is the kiosk's: the
// admin screen follows the language picker.
import { i18n } from '../i18n';
import type { Language } from '../../../shared/domain';
import { shellMessages } from './locales/shell';
import { sectionsMessages } from './locales/sections';

export const ADMIN_NS = 'admin';

let registered = false;

export function registerAdminMessages(): void {
  if (registered) return;
  registered = true;
  for (const lng of Object.keys(shellMessages) as Language[]) {
    i18n.addResourceBundle(lng, ADMIN_NS, sectionsMessages[lng], true, true);
    // The shell's own keys win if a section ever used the same one.
    i18n.addResourceBundle(lng, ADMIN_NS, shellMessages[lng], true, true);
  }
}
