// Unattended recovery: a renderer that crashes or hangs is reloaded within 5 s and the event is
// logged, so a kiosk never sits on a blank or frozen screen until somebody restarts the PC.
// Time comes from an injected scheduler; tests drive a fake webContents.
import type { Scheduler, TimerHandle } from '../time';

/** The part of Electron's WebContents recovery needs. */
export interface RecoverableContents {
  on(
    event: 'render-process-gone',
    listener: (event: unknown, details: GoneDetails) => void,
  ): unknown;
  on(event: 'unresponsive' | 'responsive', listener: () => void): unknown;
  isDestroyed(): boolean;
  reload(): void;
  forcefullyCrashRenderer(): void;
}

export interface GoneDetails {
  reason: string;
  exitCode?: number;
}

export interface RecoveryLog {
  warn(message: string): void;
}

export interface RecoveryOptions {
  scheduler: Scheduler;
  log: RecoveryLog;
  /** Delay before reloading a renderer that is gone (ms). */
  reloadDelayMs?: number;
  /** How long a hung renderer may stay unresponsive before it is killed and reloaded (ms). */
  hangGraceMs?: number;
}

/** The promise of the item: crash or hang → reloaded within this many ms. */
export const RECOVERY_DEADLINE_MS = 5_000;
export const DEFAULT_RELOAD_DELAY_MS = 1_000;
export const DEFAULT_HANG_GRACE_MS = 3_000;

export interface Recovery {
  /** Reloads done so far (for the log and tests). */
  readonly reloads: number;
  dispose(): void;
}

export function installRecovery(contents: RecoverableContents, options: RecoveryOptions): Recovery {
  const { scheduler, log } = options;
  const reloadDelay = options.reloadDelayMs ?? DEFAULT_RELOAD_DELAY_MS;
  const hangGrace = options.hangGraceMs ?? DEFAULT_HANG_GRACE_MS;
  if (reloadDelay + hangGrace > RECOVERY_DEADLINE_MS) {
    throw new Error(`Recovery must reload within ${RECOVERY_DEADLINE_MS} ms.`);
  }
  let reloadTimer: TimerHandle | null = null;
  let hangTimer: TimerHandle | null = null;
  let reloads = 0;
  let disposed = false;

  const scheduleReload = (delay: number) => {
    if (reloadTimer || disposed) return; // one reload per incident
    reloadTimer = scheduler.setTimeout(() => {
      reloadTimer = null;
      if (disposed || contents.isDestroyed()) return;
      reloads += 1;
      log.warn(`Kiosk screen reloaded (recovery #${reloads}).`);
      contents.reload();
    }, delay);
  };

  contents.on('render-process-gone', (_event, details) => {
    log.warn(
      `Kiosk screen renderer gone (${details.reason}${
        details.exitCode === undefined ? '' : `, exit code ${details.exitCode}`
      }); reloading in ${reloadDelay} ms.`,
    );
    if (hangTimer) scheduler.clearTimeout(hangTimer);
    hangTimer = null;
    scheduleReload(reloadDelay);
  });

  contents.on('unresponsive', () => {
    if (hangTimer || disposed) return;
    log.warn(`Kiosk screen unresponsive; reloading if it does not recover in ${hangGrace} ms.`);
    hangTimer = scheduler.setTimeout(() => {
      hangTimer = null;
      if (disposed || contents.isDestroyed()) return;
      log.warn('Kiosk screen still unresponsive: restarting its renderer.');
      // A hung renderer cannot run reload(); kill it, then reload (render-process-gone follows
      // and is folded into the same pending reload).
      contents.forcefullyCrashRenderer();
      scheduleReload(reloadDelay);
    }, hangGrace);
  });

  contents.on('responsive', () => {
    if (!hangTimer) return;
    scheduler.clearTimeout(hangTimer);
    hangTimer = null;
    log.warn('Kiosk screen responsive again.');
  });

  return {
    get reloads() {
      return reloads;
    },
    dispose() {
      disposed = true;
      if (reloadTimer) scheduler.clearTimeout(reloadTimer);
      if (hangTimer) scheduler.clearTimeout(hangTimer);
      reloadTimer = hangTimer = null;
    },
  };
}
