import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import {
  applyLockdown,
  debugSwitchIn,
  focusExistingWindow,
  installRecovery,
  isAdminChord,
  KIOSK_WINDOW_OPTIONS,
  keepDisplayAwake,
  RECOVERY_DEADLINE_MS,
  shouldBlockInput,
  type KeyInput,
} from '../../../src/main/lockdown';
import { ManualScheduler } from '../../support/manual-scheduler';

/** "Ctrl+Shift+I" → an Electron Input for that chord (code from the key's name). */
function chord(text: string, type = 'keyDown'): KeyInput {
  const parts = text.split('+').filter(Boolean);
  // "Ctrl+=" / "Ctrl++" style: an empty part after the split means the key is "+".
  const last = text.endsWith('++') ? '+' : parts.pop()!;
  const mods = new Set(parts.map((part) => part.toLowerCase()));
  const codes: Record<string, string> = {
    '=': 'Equal',
    '+': 'Equal',
    '-': 'Minus',
    '0': 'Digit0',
    Left: 'ArrowLeft',
    Right: 'ArrowRight',
    '[': 'BracketLeft',
    ']': 'BracketRight',
  };
  const keys: Record<string, string> = { Left: 'ArrowLeft', Right: 'ArrowRight', Del: 'Delete' };
  const key = keys[last] ?? (last.length === 1 ? last.toLowerCase() : last);
  const code = codes[last] ?? (/^[A-Za-z]$/.test(last) ? `Key${last.toUpperCase()}` : key);
  return {
    type,
    key: mods.has('shift') && key.length === 1 ? key.toUpperCase() : key,
    code,
    control: mods.has('ctrl'),
    alt: mods.has('alt'),
    shift: mods.has('shift'),
    meta: mods.has('cmd'),
  };
}

const BLOCKED = [
  // closing and quitting
  'Alt+F4',
  'Ctrl+W',
  'Ctrl+Shift+W',
  'Ctrl+Q',
  'Ctrl+F4',
  'Cmd+W',
  'Cmd+Q',
  'Ctrl+N',
  'Ctrl+T',
  'Ctrl+Shift+N',
  'Ctrl+Shift+T',
  // reload
  'F5',
  'Shift+F5',
  'Ctrl+F5',
  'Ctrl+R',
  'Ctrl+Shift+R',
  'Cmd+R',
  'BrowserRefresh',
  // full screen, dev tools, caret browsing, menu
  'F11',
  'F12',
  'F7',
  'F10',
  'F1',
  'Ctrl+Shift+I',
  'Ctrl+Shift+J',
  'Ctrl+Shift+C',
  'Cmd+Alt+I',
  'Cmd+Alt+J',
  'Cmd+Alt+C',
  'Ctrl+U',
  // print, save, open, find
  'Ctrl+P',
  'Ctrl+Shift+P',
  'Ctrl+S',
  'Ctrl+O',
  'Ctrl+F',
  // zoom
  'Ctrl+=',
  'Ctrl++',
  'Ctrl+Shift+=',
  'Ctrl+-',
  'Ctrl+0',
  'Cmd+=',
  // history
  'Alt+Left',
  'Alt+Right',
  'Alt+Home',
  'Cmd+[',
  'Cmd+]',
  'BrowserBack',
  'BrowserForward',
  'BrowserHome',
  // clearing data, switching tabs
  'Ctrl+Shift+Del',
  'Ctrl+Tab',
  'Ctrl+PageDown',
];

const ALLOWED = [
  'Ctrl+Alt+A', // the admin chord
  'a',
  'Shift+A',
  '5',
  'Enter',
  'Backspace',
  'Tab',
  'Shift+Tab',
  'Escape',
  'Left',
  'Right',
  'Home',
  'Ctrl+A',
  'Ctrl+C',
  'Ctrl+V',
  'Ctrl+X',
  'Ctrl+Z',
  'Ctrl+Y',
  'Shift+Left',
  'Alt',
  'Control',
];

describe('shouldBlockInput: the kiosk keyboard deny-list', () => {
  for (const text of BLOCKED) {
    it(`blocks ${text}`, () => {
      expect(shouldBlockInput(chord(text))).toBe(true);
      expect(shouldBlockInput(chord(text, 'keyUp'))).toBe(true);
    });
  }
  for (const text of ALLOWED) {
    it(`lets ${text} through`, () => {
      expect(shouldBlockInput(chord(text))).toBe(false);
    });
  }

  it('matches by physical key too: Ctrl+W on a layout where that key types "z"', () => {
    expect(shouldBlockInput({ ...chord('Ctrl+W'), key: 'z' })).toBe(true);
    expect(shouldBlockInput({ ...chord('Ctrl+R'), key: 'п' })).toBe(true);
    expect(shouldBlockInput({ ...chord('Ctrl+0'), key: 'à' })).toBe(true);
  });

  it('the admin chord is exactly Ctrl+Alt+A, by physical key', () => {
    expect(isAdminChord(chord('Ctrl+Alt+A'))).toBe(true);
    expect(isAdminChord({ ...chord('Ctrl+Alt+A'), key: 'q' })).toBe(true); // AZERTY
    expect(isAdminChord(chord('Ctrl+Alt+Shift+A'))).toBe(false);
    expect(isAdminChord(chord('Ctrl+A'))).toBe(false);
  });
});

/** A webContents with just what recovery and lockdown use. */
class FakeContents extends EventEmitter {
  destroyed = false;
  readonly reload = vi.fn();
  readonly forcefullyCrashRenderer = vi.fn(() => {
    this.emit('render-process-gone', {}, { reason: 'killed', exitCode: 9 });
  });
  readonly closeDevTools = vi.fn();
  isDestroyed() {
    return this.destroyed;
  }
}

function recoverySetup() {
  const scheduler = new ManualScheduler();
  const contents = new FakeContents();
  const log = { warn: vi.fn() };
  const recovery = installRecovery(contents, { scheduler, log });
  return { scheduler, contents, log, recovery };
}

describe('crash and hang recovery', () => {
  it('reloads a crashed renderer within 5 s and logs why', () => {
    const { scheduler, contents, log, recovery } = recoverySetup();
    contents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 139 });
    expect(contents.reload).not.toHaveBeenCalled();
    expect(log.warn).toHaveBeenCalledWith(expect.stringContaining('crashed, exit code 139'));
    scheduler.advance(RECOVERY_DEADLINE_MS);
    expect(contents.reload).toHaveBeenCalledTimes(1);
    expect(recovery.reloads).toBe(1);
    expect(log.warn).toHaveBeenLastCalledWith(expect.stringContaining('reloaded'));
  });

  it('kills and reloads a renderer still hung after the grace, within 5 s in all', () => {
    const { scheduler, contents, log } = recoverySetup();
    const start = scheduler.now();
    contents.emit('unresponsive');
    contents.emit('unresponsive'); // Electron repeats it; still one incident
    scheduler.advance(RECOVERY_DEADLINE_MS - 1);
    expect(contents.forcefullyCrashRenderer).toHaveBeenCalledTimes(1);
    expect(contents.reload).toHaveBeenCalledTimes(1);
    expect(scheduler.now() - start).toBeLessThan(RECOVERY_DEADLINE_MS);
    expect(log.warn).toHaveBeenCalledWith(expect.stringContaining('unresponsive'));
    expect(scheduler.pending).toBe(0);
  });

  it('leaves a renderer alone that becomes responsive again', () => {
    const { scheduler, contents } = recoverySetup();
    contents.emit('unresponsive');
    scheduler.advance(1_000);
    contents.emit('responsive');
    scheduler.advance(60_000);
    expect(contents.forcefullyCrashRenderer).not.toHaveBeenCalled();
    expect(contents.reload).not.toHaveBeenCalled();
  });

  it('recovers again after each crash, and not after the window is gone or disposed', () => {
    const { scheduler, contents, recovery } = recoverySetup();
    for (let i = 0; i < 3; i++) {
      contents.emit('render-process-gone', {}, { reason: 'oom' });
      scheduler.advance(RECOVERY_DEADLINE_MS);
    }
    expect(contents.reload).toHaveBeenCalledTimes(3);
    contents.destroyed = true;
    contents.emit('render-process-gone', {}, { reason: 'crashed' });
    scheduler.advance(RECOVERY_DEADLINE_MS);
    expect(contents.reload).toHaveBeenCalledTimes(3);
    contents.destroyed = false;
    recovery.dispose();
    contents.emit('render-process-gone', {}, { reason: 'crashed' });
    scheduler.advance(RECOVERY_DEADLINE_MS);
    expect(contents.reload).toHaveBeenCalledTimes(3);
  });

  it('refuses settings that would miss the 5 s promise', () => {
    expect(() =>
      installRecovery(new FakeContents(), {
        scheduler: new ManualScheduler(),
        log: { warn: vi.fn() },
        reloadDelayMs: 2_000,
        hangGraceMs: 4_000,
      }),
    ).toThrow(/5000 ms/);
  });
});

class FakePowerBlocker {
  private next = 1;
  readonly on = new Set<number>();
  start = vi.fn((type: string) => {
    expect(type).toBe('prevent-display-sleep');
    const id = this.next++;
    this.on.add(id);
    return id;
  });
  stop = vi.fn((id: number) => void this.on.delete(id));
  isStarted = (id: number) => this.on.has(id);
}

class FakeWindow extends EventEmitter {
  visible = false;
  minimized = false;
  readonly webContents = new FakeContents();
  readonly restore = vi.fn();
  readonly show = vi.fn();
  readonly focus = vi.fn();
  isVisible() {
    return this.visible;
  }
  isDestroyed() {
    return false;
  }
  isMinimized() {
    return this.minimized;
  }
}

describe('display sleep', () => {
  it('is prevented exactly while the kiosk window shows', () => {
    const window = new FakeWindow();
    const blocker = new FakePowerBlocker();
    const awake = keepDisplayAwake(window, blocker);
    expect(awake.active()).toBe(false);
    window.emit('show');
    expect(awake.active()).toBe(true);
    window.emit('show'); // no second blocker
    expect(blocker.on.size).toBe(1);
    window.emit('minimize');
    expect(blocker.on.size).toBe(0);
    window.emit('restore');
    expect(awake.active()).toBe(true);
    window.emit('closed');
    expect(blocker.on.size).toBe(0);
    expect(awake.active()).toBe(false);
  });

  it('starts at once for a window already visible', () => {
    const window = new FakeWindow();
    window.visible = true;
    const blocker = new FakePowerBlocker();
    expect(keepDisplayAwake(window, blocker).active()).toBe(true);
  });
});

describe('applyLockdown on the kiosk window', () => {
  function lockdown(devTools: boolean) {
    const window = new FakeWindow();
    const scheduler = new ManualScheduler();
    const blocker = new FakePowerBlocker();
    const result = applyLockdown(window, {
      blockShortcuts: !devTools,
      devToolsAllowed: devTools,
      scheduler,
      log: { warn: vi.fn() },
      powerSaveBlocker: blocker,
    });
    return { window, scheduler, blocker, result };
  }

  it('swallows deny-listed chords and passes the admin chord', () => {
    const { window } = lockdown(false);
    const press = (text: string) => {
      const event = { preventDefault: vi.fn() };
      window.webContents.emit('before-input-event', event, chord(text));
      return event.preventDefault.mock.calls.length > 0;
    };
    expect(press('F12')).toBe(true);
    expect(press('Ctrl+Shift+I')).toBe(true);
    expect(press('Alt+F4')).toBe(true);
    expect(press('Ctrl+Alt+A')).toBe(false);
    expect(press('7')).toBe(false);
  });

  it('closes dev tools the moment they open when they are not allowed', () => {
    const { window } = lockdown(false);
    window.webContents.emit('devtools-opened');
    expect(window.webContents.closeDevTools).toHaveBeenCalled();
    const dev = lockdown(true);
    dev.window.webContents.emit('devtools-opened');
    expect(dev.window.webContents.closeDevTools).not.toHaveBeenCalled();
    const event = { preventDefault: vi.fn() };
    dev.window.webContents.emit('before-input-event', event, chord('F12'));
    expect(event.preventDefault).not.toHaveBeenCalled();
  });

  it('recovers the window and keeps its display awake', () => {
    const { window, scheduler, result } = lockdown(false);
    window.emit('show');
    expect(result.displayAwake()).toBe(true);
    window.webContents.emit('render-process-gone', {}, { reason: 'crashed' });
    scheduler.advance(RECOVERY_DEADLINE_MS);
    expect(window.webContents.reload).toHaveBeenCalledTimes(1);
  });
});

describe('the kiosk window frame', () => {
  it('is Electron kiosk mode, full screen, frameless', () => {
    expect(KIOSK_WINDOW_OPTIONS).toEqual({ kiosk: true, fullscreen: true, frame: false });
  });
});

describe('a second instance', () => {
  it('focuses the first window, restoring it if minimised', () => {
    const window = new FakeWindow();
    window.minimized = true;
    expect(focusExistingWindow(window)).toBe(true);
    expect(window.restore).toHaveBeenCalled();
    expect(window.show).toHaveBeenCalled();
    expect(window.focus).toHaveBeenCalled();
    expect(focusExistingWindow(null)).toBe(false);
  });
});

describe('debugging switches (refused by a packaged kiosk)', () => {
  it('finds Chromium remote debugging and Node inspect switches, with or without a value', () => {
    expect(debugSwitchIn(['kiosk', '--remote-debugging-port=9222'])).toBe(
      '--remote-debugging-port',
    );
    expect(debugSwitchIn(['kiosk', '--remote-debugging-pipe'])).toBe('--remote-debugging-pipe');
    expect(debugSwitchIn(['kiosk', '--inspect-brk=0.0.0.0:9229'])).toBe('--inspect-brk');
    expect(debugSwitchIn(['kiosk', '--js-flags=--allow-natives-syntax'])).toBe('--js-flags');
  });

  it('passes the kiosk own flags', () => {
    expect(debugSwitchIn(['kiosk', '--windowed', '--modem=/dev/ttyUSB2', '--demo'])).toBeNull();
    expect(debugSwitchIn(['kiosk', '--remote-debugging'])).toBeNull();
  });
});
