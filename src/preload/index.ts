// Thin bridge: exposes window.kiosk through contextBridge (filled in with the IPC contract).
import { contextBridge } from 'electron';

contextBridge.exposeInMainWorld('kiosk', {});
