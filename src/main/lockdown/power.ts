// The kiosk screen must not blank: a display-sleep blocker runs while the kiosk window shows
// and is released when it hides, minimises or closes.

/** The part of Electron's powerSaveBlocker used here. */
export interface PowerBlocker {
  start(type: 'prevent-display-sleep'): number;
  stop(id: number): void;
  isStarted(id: number): boolean;
}

export interface ShownWindow {
  on(event: 'show' | 'hide' | 'minimize' | 'restore' | 'closed', listener: () => void): unknown;
  isVisible(): boolean;
}

export function keepDisplayAwake(
  window: ShownWindow,
  blocker: PowerBlocker,
): { active(): boolean } {
  let id: number | null = null;
  const start = () => {
    if (id === null || !blocker.isStarted(id)) id = blocker.start('prevent-display-sleep');
  };
  const stop = () => {
    if (id !== null && blocker.isStarted(id)) blocker.stop(id);
    id = null;
  };
  window.on('show', start);
  window.on('restore', start);
  window.on('hide', stop);
  window.on('minimize', stop);
  window.on('closed', stop);
  if (window.isVisible()) start();
  return { active: () => id !== null && blocker.isStarted(id) };
}
