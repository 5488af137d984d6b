// The whole bridge: window.kiosk, built from the contract over ipcRenderer. Nothing else is
// exposed (no ipcRenderer, no Node). Bundled into one CommonJS file for the sandbox.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { buildKioskApi, EVENT_NAMES, type KioskTransport } from '../shared/ipc/kiosk-api';
import type { IpcResult } from '../shared/ipc/contract';

const transport: KioskTransport = {
  async invoke(channel, request) {
    try {
      return (await ipcRenderer.invoke(channel, request)) as IpcResult<unknown>;
    } catch {
      // The main side never throws; this is a window closing or the app quitting.
      return { ok: false, error: { code: 'internal', message: 'The kiosk is not responding.' } };
    }
  },
  subscribe(event, listener) {
    if (!EVENT_NAMES.includes(event)) return () => undefined;
    const handler = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(event, handler);
    return () => {
      ipcRenderer.removeListener(event, handler);
    };
  },
};

contextBridge.exposeInMainWorld('kiosk', buildKioskApi(transport));
