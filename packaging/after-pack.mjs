// electron-builder afterPack hook: flip the kiosk's fuses (fuses.mjs) into the packed Electron
// binary before it is signed and wrapped into AppImage / deb / NSIS.
import { KIOSK_FUSES } from './fuses.mjs';

export default async function afterPack(context) {
  // electron-builder finds the binary for each platform (name, .exe, .app) and runs
  // @electron/fuses on it; it returns how many fuse wires it changed.
  await context.packager.addElectronFuses(context, KIOSK_FUSES);
}
