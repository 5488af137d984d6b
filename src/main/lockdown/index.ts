// Kiosk lockdown of the main window: the keyboard deny-list, no dev tools in a
// packaged build, crash and hang recovery, display kept awake, a second start focusing the
// first. window.ts makes the window full-screen kiosk; this module adds what runs on it.
import type { Scheduler } from '../time';
import { shouldBlockInput, type KeyInput } from './input';
import {
  installRecovery,
  type RecoverableContents,
  type Recovery,
  type RecoveryLog,
} from './recovery';
import { keepDisplayAwake, type PowerBlocker, type ShownWindow } from './power';

export { isAdminChord, shouldBlockInput, type KeyInput } from './input';
export { installRecovery, RECOVERY_DEADLINE_MS } from './recovery';
export { keepDisplayAwake } from './power';

interface LockdownContents extends RecoverableContents {
  on(
    event: 'before-input-event',
    listener: (event: { preventDefault(): void }, input: KeyInput) => void,
  ): unknown;
  on(event: 'devtools-opened', listener: () => void): unknown;
  on(
    event: 'render-process-gone',
    listener: (event: unknown, details: { reason: string; exitCode?: number }) => void,
  ): unknown;
  on(event: 'unresponsive' | 'responsive', listener: () => void): unknown;
  closeDevTools(): void;
}

export interface LockdownWindow extends ShownWindow {
  readonly webContents: LockdownContents;
}

/**
 * The kiosk window's own frame: Electron's kiosk mode (full screen, no way out through the
 * window manager), no title bar. window.ts spreads it into the BrowserWindow.
 */
export const KIOSK_WINDOW_OPTIONS = {
  kiosk: true,
  fullscreen: true,
  frame: false,
} as const;

export interface LockdownOptions {
  /** Swallow the deny-listed chords (off only for windowed development with dev tools). */
  blockShortcuts: boolean;
  /** Dev tools allowed at all (never in a packaged build): otherwise closed the moment they open. */
  devToolsAllowed: boolean;
  scheduler: Scheduler;
  log: RecoveryLog;
  powerSaveBlocker: PowerBlocker;
}

export interface Lockdown {
  recovery: Recovery;
  displayAwake(): boolean;
}

export function applyLockdown(window: LockdownWindow, options: LockdownOptions): Lockdown {
  const contents = window.webContents;
  if (options.blockShortcuts) {
    contents.on('before-input-event', (event, input) => {
      if (shouldBlockInput(input)) event.preventDefault();
    });
  }
  if (!options.devToolsAllowed) {
    // devTools:false in webPreferences already disables them; this catches any path around it.
    contents.on('devtools-opened', () => contents.closeDevTools());
  }
  const recovery = installRecovery(contents, { scheduler: options.scheduler, log: options.log });
  const awake = keepDisplayAwake(window, options.powerSaveBlocker);
  return { recovery, displayAwake: awake.active };
}

/** 'second-instance': bring the one kiosk window back to the front. */
export function focusExistingWindow(
  window: {
    isDestroyed(): boolean;
    isMinimized(): boolean;
    restore(): void;
    show(): void;
    focus(): void;
  } | null,
): boolean {
  if (!window || window.isDestroyed()) return false;
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
  return true;
}

/**
 * Chromium and Node debugging switches that would open the kiosk to a debugger. The fuses
 * turn off --inspect; --remote-debugging-port / -pipe are Chromium's own and already acted on
 * by the time main runs, so a packaged kiosk started with one refuses to start at all.
 */
const DEBUG_SWITCHES = [
  '--remote-debugging-port',
  '--remote-debugging-pipe',
  '--remote-debugging-address',
  '--inspect',
  '--inspect-brk',
  '--inspect-port',
  '--debug',
  '--js-flags',
];

export function debugSwitchIn(argv: readonly string[]): string | null {
  for (const arg of argv) {
    const name = arg.split('=')[0]!;
    if (DEBUG_SWITCHES.includes(name)) return name;
  }
  return null;
}
