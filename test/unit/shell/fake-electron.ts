// A stand-in for the `electron` module (the runtime cannot run on build machines): just enough
// of app, BrowserWindow, session, ipcMain, Menu, dialog, contextBridge and ipcRenderer to drive
// the shell's code and read back the settings it chose. Used through vi.mock('electron').
import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

type Listener = (...args: never[]) => unknown;

export class FakeSession extends EventEmitter {
  permissionRequestHandler: Listener | null = null;
  permissionCheckHandler: Listener | null = null;
  devicePermissionHandler: Listener | null = null;
  headersListener: Listener | null = null;
  readonly clearStorageData = vi.fn(async () => undefined);
  readonly clearCache = vi.fn(async () => undefined);
  readonly clearAuthCache = vi.fn(async () => undefined);
  readonly protocol = {
    handlers: new Map<string, (request: Request) => Promise<Response>>(),
    handle: vi.fn((scheme: string, handler: (request: Request) => Promise<Response>) => {
      this.protocol.handlers.set(scheme, handler);
    }),
  };
  readonly webRequest = {
    onHeadersReceived: (listener: Listener) => {
      this.headersListener = listener;
    },
  };

  constructor(readonly partition: string | null) {
    super();
  }

  setPermissionRequestHandler(handler: Listener) {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: Listener) {
    this.permissionCheckHandler = handler;
  }
  setDevicePermissionHandler(handler: Listener) {
    this.devicePermissionHandler = handler;
  }
}

const partitions = new Map<string, FakeSession>();
export const session = {
  defaultSession: new FakeSession(null),
  fromPartition(partition: string): FakeSession {
    let found = partitions.get(partition);
    if (!found) partitions.set(partition, (found = new FakeSession(partition)));
    return found;
  },
};

let nextProcessId = 10;

export class FakeFrame {
  parent: FakeFrame | null = null;
  constructor(
    public url: string,
    readonly processId: number,
    readonly frameToken: string,
  ) {}
}

export class FakeWebContents extends EventEmitter {
  static nextId = 1;
  readonly id = FakeWebContents.nextId++;
  readonly mainFrame: FakeFrame;
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  destroyed = false;
  readonly send = vi.fn();
  readonly reload = vi.fn();
  readonly forcefullyCrashRenderer = vi.fn();
  readonly closeDevTools = vi.fn();

  constructor(readonly session: FakeSession) {
    super();
    this.mainFrame = new FakeFrame('about:blank', nextProcessId++, `token-${this.id}`);
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.windowOpenHandler = handler;
  }
  getURL() {
    return this.mainFrame.url;
  }
  isDestroyed() {
    return this.destroyed;
  }
}

export const app = Object.assign(new EventEmitter(), {
  isPackaged: false,
  requestSingleInstanceLock: vi.fn(() => true),
  enableSandbox: vi.fn(),
  quit: vi.fn(),
  exit: vi.fn(),
  whenReady: vi.fn(() => Promise.resolve()),
  getPath: vi.fn((name: string) => `/fake/${name}`),
  getAppPath: vi.fn(() => '/fake/app'),
});

export class BrowserWindow extends EventEmitter {
  static readonly instances: BrowserWindow[] = [];
  readonly webContents: FakeWebContents;
  destroyed = false;
  minimized = false;
  visible = false;
  readonly show = vi.fn(() => {
    this.visible = true;
    this.emit('show');
  });
  readonly focus = vi.fn();
  readonly restore = vi.fn();
  readonly loadURL = vi.fn(async (url: string) => {
    this.webContents.mainFrame.url = url;
  });
  readonly loadFile = vi.fn(async (path: string) => {
    this.webContents.mainFrame.url = new URL(`file://${path}`).href;
  });

  constructor(
    readonly options: Record<string, unknown> & { webPreferences?: Record<string, unknown> },
  ) {
    super();
    const partition = options.webPreferences?.partition as string | undefined;
    this.webContents = new FakeWebContents(
      partition ? session.fromPartition(partition) : session.defaultSession,
    );
    BrowserWindow.instances.push(this);
    app.emit('web-contents-created', {}, this.webContents);
  }
  isDestroyed() {
    return this.destroyed;
  }
  isMinimized() {
    return this.minimized;
  }
  isVisible() {
    return this.visible;
  }
  destroy() {
    this.destroyed = true;
    this.emit('closed');
  }
  getBounds() {
    return { x: 0, y: 0, width: 1920, height: 1080 };
  }
}

/** Counts the blockers that are on, as Electron's powerSaveBlocker would. */
export const powerSaveBlocker = {
  nextId: 1,
  started: new Map<number, string>(),
  start: vi.fn((type: string): number => {
    const id = powerSaveBlocker.nextId++;
    powerSaveBlocker.started.set(id, type);
    return id;
  }),
  stop: vi.fn((id: number) => {
    powerSaveBlocker.started.delete(id);
  }),
  isStarted: vi.fn((id: number) => powerSaveBlocker.started.has(id)),
};

export const protocol = { registerSchemesAsPrivileged: vi.fn() };

export const Menu = { setApplicationMenu: vi.fn() };
export const dialog = { showErrorBox: vi.fn() };
/** No key store on the build machines: the key file stays plain (safe-storage.ts). */
export const safeStorage = {
  isEncryptionAvailable: vi.fn(() => false),
  getSelectedStorageBackend: vi.fn(() => 'basic_text'),
  encryptString: vi.fn((text: string) => Buffer.from(text)),
  decryptString: vi.fn((sealed: Buffer) => sealed.toString()),
};

export const ipcMain = {
  handlers: new Map<string, Listener>(),
  handle(channel: string, handler: Listener) {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, handler);
  },
  removeHandler(channel: string) {
    this.handlers.delete(channel);
  },
};

export const contextBridge = { exposeInMainWorld: vi.fn() };
export const ipcRenderer = {
  invoke: vi.fn(async (): Promise<unknown> => ({ ok: true, value: null })),
  on: vi.fn(),
  removeListener: vi.fn(),
};

/** A will-navigate style event: records whether the shell prevented it. */
export function navigationEvent(url: string) {
  return { url, preventDefault: vi.fn() };
}

export default {
  app,
  BrowserWindow,
  Menu,
  dialog,
  session,
  protocol,
  powerSaveBlocker,
  ipcMain,
  contextBridge,
  ipcRenderer,
};
