import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./fake-electron'));

import * as electron from './fake-electron';
import {
  CONTENT_SECURITY_POLICY,
  DEV_CONTENT_SECURITY_POLICY,
  createMainWindow,
  isAppDownload,
  isAppUrl,
  navigationAllowed,
  openResourceWindow,
  resourcePartition,
  secureWebPreferences,
  shellOptionsFrom,
  wipeSessionStorage,
  type ShellOptions,
} from '../../../src/main/window';

const outDir = resolve('/opt/kiosk/out');
const built: ShellOptions = { windowed: false, devTools: false, outDir };
const indexUrl = 'app://kiosk/index.html';
const fileIndexUrl = pathToFileURL(join(outDir, 'renderer', 'index.html')).href;

function lastWindow() {
  const window = electron.BrowserWindow.instances.at(-1);
  if (!window) throw new Error('no window was created');
  return window;
}

beforeEach(() => {
  electron.BrowserWindow.instances.length = 0;
  vi.clearAllMocks();
});

describe('the kiosk window', () => {
  it('has the fixed secure webPreferences and the preload of the build', () => {
    createMainWindow(built);
    const prefs = lastWindow().options.webPreferences;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      devTools: false,
      preload: join(outDir, 'preload', 'index.js'),
    });
    expect(prefs).not.toHaveProperty('partition');
  });

  it('is a full-screen kiosk without a menu by default', () => {
    createMainWindow(built);
    expect(lastWindow().options).toMatchObject({ kiosk: true, fullscreen: true, frame: false });
    expect(electron.Menu.setApplicationMenu).toHaveBeenCalledWith(null);
  });

  it('is a normal window with dev tools in windowed mode of an unpackaged app', () => {
    createMainWindow(shellOptionsFrom(['electron', '.', '--windowed'], {}, false, outDir));
    expect(lastWindow().options).toMatchObject({ kiosk: false, fullscreen: false });
    expect(lastWindow().options.webPreferences).toMatchObject({ devTools: true, sandbox: true });
    expect(electron.Menu.setApplicationMenu).not.toHaveBeenCalled();
  });

  it('never has dev tools (nor the menu carrying them) when packaged, even --windowed', () => {
    const options = shellOptionsFrom(
      ['kiosk', '--windowed'],
      { KIOSK_WINDOWED: '1' },
      true,
      outDir,
    );
    expect(options).toMatchObject({ windowed: true, devTools: false });
    createMainWindow(options);
    expect(lastWindow().options).toMatchObject({ kiosk: false });
    expect(lastWindow().options.webPreferences).toMatchObject({ devTools: false });
    expect(electron.Menu.setApplicationMenu).toHaveBeenCalledWith(null);
    expect(shellOptionsFrom(['kiosk'], {}, true, outDir).devTools).toBe(false);
    expect(shellOptionsFrom(['electron', '.'], {}, false, outDir).devTools).toBe(false);
  });

  it('chooses windowed mode from --windowed or KIOSK_WINDOWED=1', () => {
    expect(shellOptionsFrom(['electron', '.'], {}, false, outDir).windowed).toBe(false);
    expect(shellOptionsFrom(['electron', '.', '--windowed'], {}, false, outDir).windowed).toBe(
      true,
    );
    expect(
      shellOptionsFrom(['electron', '.'], { KIOSK_WINDOWED: '1' }, false, outDir).windowed,
    ).toBe(true);
  });

  it('loads app://kiosk/index.html, never a file: URL', () => {
    createMainWindow(built);
    expect(lastWindow().loadURL).toHaveBeenCalledWith('app://kiosk/index.html');
    expect(lastWindow().loadFile).not.toHaveBeenCalled();
  });

  it('trusts ELECTRON_RENDERER_URL only unpackaged, with --dev, and on loopback http', () => {
    const env = { ELECTRON_RENDERER_URL: 'http://localhost:5173' };
    expect(shellOptionsFrom(['electron', '.', '--dev'], env, false, outDir).devUrl).toBe(
      'http://localhost:5173/',
    );
    // What npm start runs: no --dev, so the variable is ignored.
    expect(shellOptionsFrom(['electron', '.'], env, false, outDir).devUrl).toBeUndefined();
    expect(shellOptionsFrom(['kiosk', '--dev'], env, true, outDir).devUrl).toBeUndefined();
    for (const url of [
      'https://localhost:5173',
      'http://evil.example:5173',
      'http://user:pw@localhost:5173',
      'file:///tmp/index.html',
      'not a url',
    ]) {
      expect(
        shellOptionsFrom(['--dev'], { ELECTRON_RENDERER_URL: url }, false, outDir).devUrl,
        url,
      ).toBeUndefined();
    }
    expect(
      shellOptionsFrom(['--dev'], { ELECTRON_RENDERER_URL: 'http://127.0.0.1:5173' }, false, outDir)
        .devUrl,
    ).toBe('http://127.0.0.1:5173/');
    createMainWindow(shellOptionsFrom(['--dev'], env, false, outDir));
    expect(lastWindow().loadURL).toHaveBeenCalledWith('http://localhost:5173/');
  });

  it('serves app://kiosk/ from the renderer folder with the CSP header', async () => {
    createMainWindow(built);
    const ses = electron.session.defaultSession;
    const handler = ses.protocol.handlers.get('app')!;
    expect(handler).toBeDefined();
    const missing = await handler(new Request('app://kiosk/nothing-here.js'));
    expect(missing.status).toBe(404);
    const escape = await handler(new Request('app://kiosk/..%2f..%2fetc%2fpasswd'));
    expect(escape.status).toBe(404);
  });

  it('sends a strict Content-Security-Policy header, replacing any the response had', () => {
    createMainWindow(built);
    const listener = electron.session.defaultSession.headersListener!;
    const callback = vi.fn();
    (listener as (details: unknown, cb: unknown) => void)(
      { responseHeaders: { 'content-security-policy': ['default-src *'], 'X-Other': ['1'] } },
      callback,
    );
    const { responseHeaders } = callback.mock.calls[0]![0];
    expect(responseHeaders).toEqual({
      'X-Other': ['1'],
      'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
    });
    for (const directive of [
      "default-src 'self'",
      "script-src 'self'",
      "object-src 'none'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
    ]) {
      expect(CONTENT_SECURITY_POLICY).toContain(directive);
    }
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-|\*/);
  });

  it('says the same in the meta tag of index.html (defence in depth)', () => {
    const html = readFileSync(resolve(__dirname, '../../../src/renderer/index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html);
    expect(meta?.[1]).toBe(CONTENT_SECURITY_POLICY);
  });

  it('relaxes the header only for the dev server', () => {
    createMainWindow({ ...built, devUrl: 'http://localhost:5173' });
    const callback = vi.fn();
    (electron.session.defaultSession.headersListener as (d: unknown, c: unknown) => void)(
      { responseHeaders: {} },
      callback,
    );
    expect(callback.mock.calls[0]![0].responseHeaders['Content-Security-Policy']).toEqual([
      DEV_CONTENT_SECURITY_POLICY,
    ]);
    expect(DEV_CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
    expect(DEV_CONTENT_SECURITY_POLICY).toContain("object-src 'none'");
  });

  it('denies navigation and redirects anywhere but the app page', () => {
    createMainWindow(built);
    const contents = lastWindow().webContents;
    for (const name of ['will-navigate', 'will-frame-navigate', 'will-redirect']) {
      for (const url of [
        'https://evil.example/',
        'file:///etc/passwd',
        pathToFileURL(join(outDir, 'renderer', 'other.html')).href,
        'javascript:alert(1)',
        fileIndexUrl,
        'app://kiosk/assets/index.js',
        'app://other/index.html',
      ]) {
        const event = electron.navigationEvent(url);
        contents.emit(name, event);
        expect(event.preventDefault, `${name} ${url}`).toHaveBeenCalled();
      }
      const own = electron.navigationEvent(`${indexUrl}#/home`);
      contents.emit(name, own);
      expect(own.preventDefault).not.toHaveBeenCalled();
    }
    const webview = electron.navigationEvent('');
    contents.emit('will-attach-webview', webview);
    expect(webview.preventDefault).toHaveBeenCalled();
    expect(navigationAllowed(contents as never, 'https://evil.example/')).toBe(false);
  });

  it('denies window.open and hands the URL to the shell', () => {
    const onOpenRequest = vi.fn();
    createMainWindow(built, { onOpenRequest });
    const handler = lastWindow().webContents.windowOpenHandler!;
    expect(handler({ url: 'https://intranet.example/' })).toEqual({ action: 'deny' });
    expect(onOpenRequest).toHaveBeenCalledWith('https://intranet.example/');
    expect(electron.BrowserWindow.instances).toHaveLength(1);
  });

  it('denies every permission request and check, devices and downloads', () => {
    createMainWindow(built);
    const ses = electron.session.defaultSession;
    for (const permission of [
      'media',
      'geolocation',
      'notifications',
      'clipboard-read',
      'serial',
    ]) {
      const callback = vi.fn();
      (ses.permissionRequestHandler as (...a: unknown[]) => void)({}, permission, callback, {});
      expect(callback).toHaveBeenCalledWith(false);
      expect(
        (ses.permissionCheckHandler as (...a: unknown[]) => boolean)({}, permission, '', {}),
      ).toBe(false);
    }
    expect((ses.devicePermissionHandler as () => boolean)()).toBe(false);
    const download = electron.navigationEvent('');
    ses.emit('will-download', download, downloadItem('https://evil.example/x.exe'), undefined);
    expect(download.preventDefault).toHaveBeenCalled();
  });

  it("lets only the app page's own blob: CSV exports download, through a save dialog", () => {
    createMainWindow(built);
    const page = lastWindow().webContents;
    page.mainFrame.url = indexUrl;
    const ses = electron.session.defaultSession;

    const csv = downloadItem('blob:app://kiosk/3f1c2b9a-0000-4000-8000-000000000000', 'staff.csv');
    const allowed = electron.navigationEvent('');
    ses.emit('will-download', allowed, csv, page);
    expect(allowed.preventDefault).not.toHaveBeenCalled();
    expect(csv.setSaveDialogOptions).toHaveBeenCalledWith(
      expect.objectContaining({ defaultPath: 'staff.csv' }),
    );

    for (const [url, from] of [
      // A web link, even from the app page.
      ['https://example.org/staff.csv', page],
      // A blob: made by another origin.
      ['blob:https://example.org/3f1c2b9a', page],
      // Nobody's page, or a page that is not the app; a blob of the old file: origin.
      ['blob:app://kiosk/3f1c2b9a', undefined],
      ['blob:file:///3f1c2b9a', page],
    ] as const) {
      const event = electron.navigationEvent('');
      const item = downloadItem(url);
      ses.emit('will-download', event, item, from);
      expect(event.preventDefault, url).toHaveBeenCalled();
      expect(item.setSaveDialogOptions).not.toHaveBeenCalled();
    }
    page.mainFrame.url = 'https://intranet.example/';
    const fromElsewhere = electron.navigationEvent('');
    ses.emit('will-download', fromElsewhere, downloadItem('blob:app://kiosk/3f1c2b9a'), page);
    expect(fromElsewhere.preventDefault).toHaveBeenCalled();
  });
});

function downloadItem(url: string, filename = 'file') {
  return { getURL: () => url, getFilename: () => filename, setSaveDialogOptions: vi.fn() };
}

describe('isAppDownload', () => {
  const page = (url: string, destroyed = false) =>
    ({ getURL: () => url, isDestroyed: () => destroyed }) as unknown as Parameters<
      typeof isAppDownload
    >[1];

  it('accepts a blob: of the app origin made by the app page', () => {
    expect(isAppDownload('blob:app://kiosk/abc', page(indexUrl), built)).toBe(true);
    expect(isAppDownload('blob:app://kiosk/abc', page(indexUrl, true), built)).toBe(false);
    expect(isAppDownload('blob:file:///abc', page(indexUrl), built)).toBe(false);
    expect(isAppDownload('blob:null/abc', page(indexUrl), built)).toBe(false);
    expect(isAppDownload('blob:app://kiosk/abc', page(fileIndexUrl), built)).toBe(false);
    expect(isAppDownload('file:///etc/passwd', page(indexUrl), built)).toBe(false);
  });

  it("accepts a blob: of the dev server's origin only in development", () => {
    const dev: ShellOptions = { ...built, devUrl: 'http://localhost:5173/' };
    const devPage = page('http://localhost:5173/#/admin');
    expect(isAppDownload('blob:http://localhost:5173/abc', devPage, dev)).toBe(true);
    expect(isAppDownload('blob:http://localhost:5174/abc', devPage, dev)).toBe(false);
    expect(isAppDownload('blob:file:///abc', devPage, dev)).toBe(false);
  });
});

describe('isAppUrl', () => {
  it('accepts exactly the app page on app://kiosk/', () => {
    expect(isAppUrl(indexUrl, built)).toBe(true);
    expect(isAppUrl('app://kiosk/', built)).toBe(true);
    expect(isAppUrl(`${indexUrl}?x=1#/code`, built)).toBe(true);
    expect(isAppUrl(fileIndexUrl, built)).toBe(false);
    expect(isAppUrl('app://kiosk/assets/a.js', built)).toBe(false);
    expect(isAppUrl('app://kiosk:80/index.html', built)).toBe(false);
    expect(isAppUrl('app://user@kiosk/index.html', built)).toBe(false);
    expect(isAppUrl('app://kiosk.evil/index.html', built)).toBe(false);
    expect(isAppUrl(pathToFileURL('/etc/passwd').href, built)).toBe(false);
    expect(isAppUrl('file://server/share/index.html', built)).toBe(false);
    expect(isAppUrl('https://evil.example/', built)).toBe(false);
    expect(isAppUrl('not a url', built)).toBe(false);
  });

  it('accepts the dev server origin in development only', () => {
    const dev = { ...built, devUrl: 'http://localhost:5173' };
    expect(isAppUrl('http://localhost:5173/#/x', dev)).toBe(true);
    expect(isAppUrl('http://localhost:5174/', dev)).toBe(false);
    expect(isAppUrl(indexUrl, dev)).toBe(false);
    expect(isAppUrl('http://localhost:5173/', built)).toBe(false);
  });
});

describe('resource windows', () => {
  it('refuse anything but http(s)', () => {
    for (const url of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'data:text/html,<script>1</script>',
      'chrome://settings',
      'ftp://x.example/',
      'nonsense',
    ]) {
      expect(openResourceWindow(url, resourcePartition('abc'))).toBeNull();
    }
    expect(electron.BrowserWindow.instances).toHaveLength(0);
  });

  it('use an in-memory partition per session, no preload, the same sandbox', () => {
    const partition = resourcePartition('0123abcd');
    expect(partition).not.toMatch(/^persist:/);
    expect(resourcePartition('other')).not.toBe(partition);
    const child = openResourceWindow('https://intranet.example/rota', partition)!;
    expect(child).not.toBeNull();
    const prefs = (child as unknown as electron.BrowserWindow).options.webPreferences!;
    expect(prefs).toMatchObject({
      partition,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      devTools: false,
    });
    expect(prefs).not.toHaveProperty('preload');
    expect(() => openResourceWindow('https://x.example/', 'persist:kiosk')).toThrow();

    const contents = (child as unknown as electron.BrowserWindow).webContents;
    expect(contents.session).toBe(electron.session.fromPartition(partition));
    expect(contents.windowOpenHandler!({ url: 'https://x.example/' })).toEqual({ action: 'deny' });
    const inside = electron.navigationEvent('https://intranet.example/login');
    contents.emit('will-navigate', inside);
    expect(inside.preventDefault).not.toHaveBeenCalled();
    const out = electron.navigationEvent('file:///etc/passwd');
    contents.emit('will-navigate', out);
    expect(out.preventDefault).toHaveBeenCalled();

    const callback = vi.fn();
    const ses = electron.session.fromPartition(partition);
    (ses.permissionRequestHandler as (...a: unknown[]) => void)({}, 'media', callback, {});
    expect(callback).toHaveBeenCalledWith(false);
  });

  it('sign-out wipes the partition and the kiosk window storage', async () => {
    const main = createMainWindow(built) as unknown as electron.BrowserWindow;
    const partition = resourcePartition('feed');
    await wipeSessionStorage(partition, main as never);
    const ses = electron.session.fromPartition(partition);
    expect(ses.clearStorageData).toHaveBeenCalled();
    expect(ses.clearCache).toHaveBeenCalled();
    expect(electron.session.defaultSession.clearStorageData).toHaveBeenCalled();
  });
});

describe('secureWebPreferences', () => {
  it('never turns on Node or turns off isolation', () => {
    const prefs = secureWebPreferences({ devTools: true, preload: '/p.js' });
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.sandbox).toBe(true);
  });
});
