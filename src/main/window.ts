// The kiosk window and the resource windows, with their security settings fixed in one place
// (Electron's security checklist): sandboxed, isolated renderers without Node, a strict CSP,
// no navigation away from the app, no new windows, every permission denied.
import {
  BrowserWindow,
  Menu,
  session,
  type Session,
  type WebContents,
  type WebPreferences,
} from 'electron';
import { join, resolve } from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../shared/csp';
import { APP_INDEX_URL, APP_ORIGIN, handleAppScheme, isAppPageUrl } from './app-protocol';
import { KIOSK_WINDOW_OPTIONS } from './lockdown';

export { CONTENT_SECURITY_POLICY };

/**
 * `electron-vite dev` only: Vite injects an inline React-refresh preamble and inline styles,
 * and talks to its dev server over a WebSocket. electron.vite.config.ts relaxes the meta tag
 * the same way in dev. Never used for the built app.
 */
export const DEV_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.replace(
  "script-src 'self'",
  "script-src 'self' 'unsafe-inline'",
)
  .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
  .replace("connect-src 'self'", "connect-src 'self' ws://localhost:* ws://127.0.0.1:*");

export interface ShellOptions {
  /** Full-screen kiosk (default) or a normal window for development. */
  windowed: boolean;
  /** Dev tools: only in windowed mode of an unpackaged app. */
  devTools: boolean;
  /** electron-vite's dev server (ELECTRON_RENDERER_URL): only unpackaged and with --dev. */
  devUrl?: string;
  /** Folder of the built app (out/): preload/index.js and renderer/ live under it. */
  outDir: string;
}

/** A dev server URL worth trusting: plain http on this machine's loopback, nothing else. */
function loopbackHttpUrl(value: string | undefined): string | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(value);
    const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
    return url.protocol === 'http:' && loopback && !url.username && !url.password
      ? url.href
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The shell's options from its command line and environment. A packaged kiosk never opens dev
 * tools (even `--windowed`) and never loads a URL from the environment; unpackaged, the dev
 * server is used only when `--dev` asks for it (`npm start` does not pass it), so a stray
 * ELECTRON_RENDERER_URL cannot point the kiosk at someone else's page.
 */
export function shellOptionsFrom(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  isPackaged: boolean,
  outDir: string,
): ShellOptions {
  const windowed = argv.includes('--windowed') || env.KIOSK_WINDOWED === '1';
  const dev = !isPackaged && argv.includes('--dev');
  const devUrl = dev ? loopbackHttpUrl(env.ELECTRON_RENDERER_URL) : undefined;
  return { windowed, devTools: windowed && !isPackaged, devUrl, outDir };
}

export function rendererDir(options: ShellOptions): string {
  return resolve(options.outDir, 'renderer');
}

export function rendererIndexPath(options: ShellOptions): string {
  return resolve(rendererDir(options), 'index.html');
}

export function preloadPath(options: ShellOptions): string {
  return resolve(options.outDir, 'preload', 'index.js');
}

/** The page the kiosk window loads: app://kiosk/index.html, or the dev server. */
export function appPageUrl(options: ShellOptions): string {
  return options.devUrl ?? APP_INDEX_URL;
}

/**
 * Is this the kiosk app's own page? The dev server's origin in development, otherwise exactly
 * `app://kiosk/index.html` (query and fragment ignored; no file: URL, no other asset).
 */
export function isAppUrl(url: string, options: ShellOptions): boolean {
  if (options.devUrl) {
    try {
      return new URL(url).origin === new URL(options.devUrl).origin;
    } catch {
      return false;
    }
  }
  return isAppPageUrl(url);
}

export function isHttpUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

/** The settings every window of ours gets; only the preload and dev tools differ. */
export function secureWebPreferences(extra: {
  preload?: string;
  devTools: boolean;
  partition?: string;
}): WebPreferences {
  return {
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
    safeDialogs: true,
    devTools: extra.devTools,
    ...(extra.preload ? { preload: extra.preload } : {}),
    ...(extra.partition ? { partition: extra.partition } : {}),
  };
}

const hardened = new WeakSet<Session>();

/**
 * Which downloads a session lets through: none (resource windows), or the admin screen's CSV
 * exports, which are blob: URLs made by the app's own page.
 */
export type DownloadRule = (url: string, from: WebContents | undefined) => boolean;

/**
 * Deny every permission (camera, notifications, serial, HID, …) and every download but those
 * `allowDownload` accepts; those are saved where the person chooses in a save dialog.
 */
export function hardenSession(ses: Session, allowDownload?: DownloadRule): void {
  if (hardened.has(ses)) return;
  hardened.add(ses);
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
  ses.on('will-download', (event, item, contents) => {
    if (!allowDownload?.(item.getURL(), contents)) {
      event.preventDefault();
      return;
    }
    item.setSaveDialogOptions({
      title: 'Save the CSV file',
      defaultPath: item.getFilename(),
      filters: [{ name: 'CSV', extensions: ['csv'] }],
    });
  });
}

/**
 * The admin screen's exports (src/renderer/src/admin/download.ts): a blob: URL started by the
 * kiosk's own page. Anything else (a link to a file on the web, a resource window) is refused.
 */
export function isAppDownload(
  url: string,
  from: WebContents | undefined,
  options: ShellOptions,
): boolean {
  if (!url.startsWith('blob:') || !from || from.isDestroyed()) return false;
  if (!isAppUrl(from.getURL(), options)) return false;
  // A blob URL names the origin that made it: the dev server's, or app://kiosk.
  const inner = url.slice('blob:'.length);
  if (options.devUrl) return inner.startsWith(`${new URL(options.devUrl).origin}/`);
  return inner.startsWith(`${APP_ORIGIN}/`);
}

/**
 * The CSP as a response header of web requests too (the dev server); app://kiosk responses
 * carry it from the protocol handler itself.
 */
export function installContentSecurityPolicy(ses: Session, policy: string): void {
  ses.webRequest.onHeadersReceived((details, callback) => {
    const responseHeaders = { ...details.responseHeaders };
    for (const name of Object.keys(responseHeaders)) {
      if (name.toLowerCase() === 'content-security-policy') delete responseHeaders[name];
    }
    responseHeaders['Content-Security-Policy'] = [policy];
    callback({ responseHeaders });
  });
}

/** Who decides where a web contents may go: checked by the app-wide guard in index.ts too. */
export type NavigationRule = (url: string) => boolean;

const navigationRules = new WeakMap<WebContents, NavigationRule>();

/** The app-wide guard's question: web contents nobody gave a rule to go nowhere. */
export function navigationAllowed(contents: WebContents, url: string): boolean {
  return navigationRules.get(contents)?.(url) ?? false;
}

export function lockNavigation(contents: WebContents, allowed: NavigationRule): void {
  navigationRules.set(contents, allowed);
  const guard = (event: { preventDefault(): void }, url: string) => {
    if (!allowed(url)) event.preventDefault();
  };
  contents.on('will-navigate', (event) => guard(event, event.url));
  contents.on('will-frame-navigate', (event) => guard(event, event.url));
  contents.on('will-redirect', (event) => guard(event, event.url));
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

export interface MainWindowHooks {
  /** A link asked for a new window (target=_blank, window.open): never a window of its own. */
  onOpenRequest?(url: string): void;
}

export function createMainWindow(
  options: ShellOptions,
  hooks: MainWindowHooks = {},
): BrowserWindow {
  const ses = session.defaultSession;
  hardenSession(ses, (url, from) => isAppDownload(url, from, options));
  const policy = options.devUrl ? DEV_CONTENT_SECURITY_POLICY : CONTENT_SECURITY_POLICY;
  installContentSecurityPolicy(ses, policy);
  serveAppScheme(ses, options, policy);

  // No application menu unless dev tools are on: it carries the reload and dev-tools shortcuts.
  if (!options.windowed || !options.devTools) Menu.setApplicationMenu(null);

  const window = new BrowserWindow({
    title: 'SMS Kiosk Sign-In',
    show: false,
    backgroundColor: '#ffffff',
    autoHideMenuBar: true,
    ...(options.windowed
      ? { width: 1280, height: 800, kiosk: false, fullscreen: false }
      : KIOSK_WINDOW_OPTIONS),
    webPreferences: secureWebPreferences({
      preload: preloadPath(options),
      devTools: options.devTools,
    }),
  });

  const contents = window.webContents;
  lockNavigation(contents, (url) => isAppUrl(url, options));
  contents.setWindowOpenHandler(({ url }) => {
    hooks.onOpenRequest?.(url);
    return { action: 'deny' };
  });

  window.once('ready-to-show', () => window.show());
  void window.loadURL(appPageUrl(options));
  return window;
}

const served = new WeakSet<Session>();

/** app://kiosk/ on this session: files of the built renderer folder, with the CSP header. */
function serveAppScheme(ses: Session, options: ShellOptions, csp: string): void {
  if (served.has(ses)) return;
  served.add(ses);
  handleAppScheme(ses.protocol, { rendererDir: rendererDir(options), csp });
}

/** The partition of one signed-in session's resource windows: in memory (no `persist:`). */
export function resourcePartition(sessionKey: string): string {
  const safe = sessionKey.replace(/[^A-Za-z0-9_-]/g, '');
  if (!safe) throw new Error('A resource partition needs a session key.');
  return `kiosk-resources-${safe}`;
}

/**
 * Opens one of the signed-in worker's resources in a locked-down child window: no preload, the
 * same sandbox, its own in-memory partition so cookies and storage die with the session.
 * Anything but http(s) is refused (returns null).
 */
export function openResourceWindow(
  url: string,
  sessionPartition: string,
  parent?: BrowserWindow,
): BrowserWindow | null {
  if (!isHttpUrl(url)) return null;
  if (sessionPartition.startsWith('persist:')) {
    throw new Error('Resource windows use in-memory partitions only.');
  }
  hardenSession(session.fromPartition(sessionPartition));
  const bounds = parent && !parent.isDestroyed() ? parent.getBounds() : undefined;
  const child = new BrowserWindow({
    title: 'Resource',
    parent,
    modal: false,
    autoHideMenuBar: true,
    // A frame with a close button: in kiosk mode it is the way back to the kiosk screen.
    frame: true,
    ...(bounds
      ? {
          x: bounds.x + 24,
          y: bounds.y + 24,
          width: Math.max(640, bounds.width - 48),
          height: Math.max(480, bounds.height - 48),
        }
      : { width: 1200, height: 800 }),
    webPreferences: secureWebPreferences({ devTools: false, partition: sessionPartition }),
  });
  lockNavigation(child.webContents, isHttpUrl);
  child.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  void child.loadURL(url);
  return child;
}

/**
 * Sign-out: clear everything the session left behind, in its resource partition and in the
 * kiosk window's own web storage.
 */
export async function wipeSessionStorage(
  partition: string | null,
  mainWindow?: BrowserWindow | null,
): Promise<void> {
  const work: Promise<unknown>[] = [];
  if (partition) {
    const resources = session.fromPartition(partition);
    work.push(resources.clearStorageData(), resources.clearCache(), resources.clearAuthCache());
  }
  if (mainWindow && !mainWindow.isDestroyed()) {
    work.push(mainWindow.webContents.session.clearStorageData());
  }
  await Promise.all(work);
}

/** Where the built app lives when running from out/main/index.js. */
export function defaultOutDir(mainDir: string): string {
  return join(mainDir, '..');
}
