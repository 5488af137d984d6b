// The one door to main. In Electron the preload has put window.kiosk there (typed in
// src/preload/kiosk-api.d.ts); in the browser demo and the Playwright tests the same API is built
// over the harness's transport.
// kiosk-api.ts, not contract.ts: the renderer needs no zod (main validates every request).
import { buildKioskApi, type KioskApi } from '../../shared/ipc/kiosk-api';
import { webTransport } from './platform/web-transport';

const provided = (window as { kiosk?: KioskApi }).kiosk;

export const kiosk: KioskApi = provided ?? buildKioskApi(webTransport());
