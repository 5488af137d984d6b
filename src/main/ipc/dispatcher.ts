// The one gate every IPC request passes, whatever the transport (Electron, the browser demo,
// the test bridge): parse the payload with the channel's zod schema, run the handler, and turn
// anything thrown into a typed error. Sender checks belong to the transport (only it knows
// who sent the message) and run before this.
import {
  channels,
  type Channel,
  type IpcError,
  type IpcResult,
  type RequestOf,
  type ResponseOf,
} from '../../shared/ipc/contract';
import { firstIssue, issueDetail } from '../../shared/schemas';

export type Handler<C extends Channel> = (
  request: RequestOf<C>,
) => Promise<IpcResult<ResponseOf<C>>> | IpcResult<ResponseOf<C>>;

export type HandlerTable = { [C in Channel]: Handler<C> };

export interface Dispatcher {
  dispatch(channel: string, payload: unknown): Promise<IpcResult<unknown>>;
}

export function isChannel(name: string): name is Channel {
  return Object.prototype.hasOwnProperty.call(channels, name);
}

export function createDispatcher(
  handlers: HandlerTable,
  onInternalError: (channel: string, error: unknown) => void = (channel, error) =>
    console.error(`IPC ${channel} failed:`, error),
): Dispatcher {
  return {
    async dispatch(channel, payload) {
      if (!isChannel(channel)) {
        return fail('invalid_request', `Unknown request "${String(channel).slice(0, 40)}".`);
      }
      const parsed = channels[channel].request.safeParse(payload);
      if (!parsed.success) {
        return {
          ok: false,
          error: {
            code: 'invalid_request',
            message: firstIssue(parsed.error),
            ...issueDetail(parsed.error),
          },
        };
      }
      try {
        const handler = handlers[channel] as (request: unknown) => unknown;
        return (await handler(parsed.data)) as IpcResult<unknown>;
      } catch (error) {
        onInternalError(channel, error);
        return fail('internal', 'Something went wrong in the kiosk. Please try again.');
      }
    },
  };
}

export function fail(code: IpcError['code'], message: string): { ok: false; error: IpcError } {
  return { ok: false, error: { code, message } };
}
