// Electron fuses of the packaged kiosk: every one of the nine decided here, in one place,
// flipped into the Electron binary at package time (after-pack.mjs). A test
// (test/unit/platform/packaging.test.ts) fails when any of them changes or a new fuse appears.
import { FuseV1Options, FuseVersion } from '@electron/fuses';

/** Each fuse with its setting and why; `KIOSK_FUSES` below is built from this list. */
export const FUSE_DECISIONS = [
  // ELECTRON_RUN_AS_NODE would turn the signed kiosk binary into a general Node interpreter.
  { fuse: 'RunAsNode', on: false },
  // Cookies and other Chromium secrets encrypted at rest with an OS-held key.
  { fuse: 'EnableCookieEncryption', on: true },
  // NODE_OPTIONS could inject --require of any script into the main process.
  { fuse: 'EnableNodeOptionsEnvironmentVariable', on: false },
  // --inspect / --inspect-brk would open a debugger on the main process.
  { fuse: 'EnableNodeCliInspectArguments', on: false },
  // Refuse an app.asar whose hash does not match the one embedded at package time (macOS,
  // Windows; Linux has no embedded integrity yet, the fuse is inert there).
  { fuse: 'EnableEmbeddedAsarIntegrityValidation', on: true },
  // Only app.asar: a loose resources/app folder dropped next to it is never loaded.
  { fuse: 'OnlyLoadAppFromAsar', on: true },
  // We ship no custom V8 snapshot for the browser process; the default one is used.
  { fuse: 'LoadBrowserProcessSpecificV8Snapshot', on: false },
  // The renderer is on app://kiosk/; file:// needs none of its legacy extra privileges.
  { fuse: 'GrantFileProtocolExtraPrivileges', on: false },
  // V8's WebAssembly trap handlers stay on (Electron's default): faster, and bounds checks
  // are still enforced through the signal handler.
  { fuse: 'WasmTrapHandlers', on: true },
];

/** The @electron/fuses configuration; strict, so a fuse missing from the list is an error. */
export const KIOSK_FUSES = {
  version: FuseVersion.V1,
  strictlyRequireAllFuses: true,
  ...Object.fromEntries(FUSE_DECISIONS.map(({ fuse, on }) => [FuseV1Options[fuse], on])),
};
