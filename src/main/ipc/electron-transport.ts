// The Electron transport of the IPC contract: one ipcMain.handle per contract channel, each
// message's sender checked before the dispatcher sees it, and the kiosk's events forwarded to
// the window. Channel and event names come from the contract; none is written here.
import type { EventEmitter } from 'node:events';
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { channels, EVENT_NAMES, type Channel, type IpcResult } from '../../shared/ipc/contract';
import { fail, type Dispatcher } from './dispatcher';

export interface ElectronTransportDeps {
  dispatcher: Dispatcher;
  events: EventEmitter;
  /** The kiosk window; null before it exists or after it closed. */
  window(): BrowserWindow | null;
  /** Is this URL the kiosk app's own page (window.ts isAppUrl)? */
  isAppUrl(url: string): boolean;
  onRejected?(channel: Channel, reason: string): void;
}

/**
 * Why a message must be refused, or null when it comes from the kiosk page itself: the sending
 * web contents is the kiosk window's, the frame is that window's top frame (not an iframe, not
 * a frame that has since gone), and the frame is showing the app's own page.
 */
export function senderProblem(
  event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>,
  window: BrowserWindow | null,
  isAppUrl: (url: string) => boolean,
): string | null {
  if (!window || window.isDestroyed()) return 'no kiosk window';
  const contents = window.webContents;
  if (event.sender?.id !== contents.id) return 'not the kiosk window';
  const frame = event.senderFrame;
  if (!frame) return 'the sending frame is gone';
  const top = contents.mainFrame;
  if (
    frame.parent !== null ||
    frame.processId !== top.processId ||
    frame.frameToken !== top.frameToken
  ) {
    return 'not the top frame';
  }
  if (!isAppUrl(frame.url)) return 'not the app page';
  return null;
}

/** Registers the handlers and the event forwarding; returns the undo (for tests and quit). */
export function registerElectronTransport(deps: ElectronTransportDeps): () => void {
  const names = Object.keys(channels) as Channel[];
  for (const channel of names) {
    ipcMain.handle(channel, async (event, payload: unknown): Promise<IpcResult<unknown>> => {
      const problem = senderProblem(event, deps.window(), deps.isAppUrl);
      if (problem) {
        deps.onRejected?.(channel, problem);
        return fail('forbidden_sender', 'This request did not come from the kiosk screen.');
      }
      return deps.dispatcher.dispatch(channel, payload);
    });
  }

  // Each contract event travels on its own Electron channel named after it; the preload
  // listens to exactly the names in EVENT_NAMES.
  const forwarders = EVENT_NAMES.map((name) => {
    const forward = (payload: unknown) => {
      const window = deps.window();
      if (!window || window.isDestroyed()) return;
      const contents = window.webContents;
      if (contents.isDestroyed() || !deps.isAppUrl(contents.getURL())) return;
      contents.send(name, payload);
    };
    deps.events.on(name, forward);
    return [name, forward] as const;
  });

  return () => {
    for (const channel of names) ipcMain.removeHandler(channel);
    for (const [name, forward] of forwarders) deps.events.off(name, forward);
  };
}
