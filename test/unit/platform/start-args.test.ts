import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('../shell/fake-electron'));

// @ts-expect-error: a plain .mjs script without type declarations
import { electronArgs, electronEnv } from '../../../scripts/start-args.mjs';
import { shellOptionsFrom } from '../../../src/main/window';

describe('npm start (scripts/start.mjs) never runs the kiosk against a dev URL', () => {
  it('drops --dev from the flags it forwards and keeps the others', () => {
    expect(electronArgs(['--windowed', '--dev', '--modem=/dev/ttyUSB2'])).toEqual([
      '.',
      '--windowed',
      '--modem=/dev/ttyUSB2',
    ]);
  });

  it('drops ELECTRON_RENDERER_URL and ELECTRON_RUN_AS_NODE, adds the sqlite binding', () => {
    const env = electronEnv(
      { ELECTRON_RENDERER_URL: 'http://localhost:5173', ELECTRON_RUN_AS_NODE: '1', HOME: '/h' },
      '/b/better_sqlite3.node',
    );
    expect(env).toEqual({ HOME: '/h', KIOSK_SQLITE_BINDING: '/b/better_sqlite3.node' });
  });

  it('so the shell it starts loads the built app even with the variable set by hand', () => {
    const argv = ['electron', ...electronArgs(['--dev', '--windowed'])];
    const options = shellOptionsFrom(
      argv,
      { ELECTRON_RENDERER_URL: 'http://localhost:5173' },
      false,
      '/o',
    );
    expect(options.devUrl).toBeUndefined();
  });
});
