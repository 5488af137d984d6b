// The renderer's view of the preload: window.kiosk is exactly the contract's KioskApi.
import type { KioskApi } from '../shared/ipc/contract';

declare global {
  interface Window {
    kiosk: KioskApi;
  }
}

export {};
