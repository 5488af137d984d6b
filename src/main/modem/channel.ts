// One AT command in flight at a time over a byte stream. The channel owns what is generic about
// AT: echo, final result codes, timeouts, the SMS prompt, and telling unsolicited result codes
// (URCs) apart from responses. It knows nothing about what any command means (commands.ts does).
import { EventEmitter } from 'node:events';
import type { Scheduler, TimerHandle } from '../time';
import { AtFramer, type Frame } from './framer';
import { expectedPrefix, responsePrefix, splitParams, CTRL_Z, ESC } from './commands';
import { ModemError, ModemErrorCode, errorFromFinalLine } from './errors';

export interface ChannelWriter {
  write(data: Buffer): unknown;
}

export interface Urc {
  /** `+CMTI`, `RING`, `^RSSI` … */
  name: string;
  line: string;
  params: string[];
  /** The second line of two-line URCs (+CMT, +CDS in PDU mode, +CBM): usually a PDU. */
  body?: string;
}

export interface CommandOptions {
  /** Time for the whole answer; default `defaultTimeoutMs`. */
  timeoutMs?: number;
  /**
   * Some modems send no OK after `+CPIN: READY`. With this set to the prefix (`+CPIN`), the
   * command completes `okGraceMs` after that line if no final result follows.
   */
  okOptionalAfter?: string;
}

export interface PromptCommandOptions {
  /** Time from the command to the `>` prompt. */
  promptTimeoutMs?: number;
  /** Time from Ctrl-Z to the final result; the network may take up to a minute. */
  resultTimeoutMs?: number;
}

export interface AtResponse {
  command: string;
  /** Information lines, without echo, URCs or the final OK. */
  lines: string[];
}

export interface ChannelOptions {
  scheduler: Scheduler;
  defaultTimeoutMs?: number;
  promptTimeoutMs?: number;
  resultTimeoutMs?: number;
  okGraceMs?: number;
  /** Pause after a timed-out command, during which late answers are dropped as stray. */
  quietAfterTimeoutMs?: number;
}

export interface ChannelEvents {
  urc: [Urc];
  /** Every line in and out, for logs and recorded transcripts. */
  trace: [{ direction: 'tx' | 'rx'; text: string }];
  /** A final result that matched no command (for example a late OK after a timeout). */
  stray: [string];
  /** A command got no answer in time. */
  timeout: [string];
}

type Phase = 'command' | 'prompt' | 'result' | 'grace';

interface InFlight {
  command: string;
  payload?: string;
  prefix?: string;
  okOptionalAfter?: string;
  phase: Phase;
  lines: string[];
  timer?: TimerHandle;
  timeoutMs: number;
  resultTimeoutMs: number;
  resolve(response: AtResponse): void;
  reject(error: ModemError): void;
}

type Queued = Omit<InFlight, 'phase' | 'lines' | 'timer'>;

const FINAL_OK = /^OK$/i;
const FINAL_ERROR = /^(ERROR|\+CMS ERROR:.*|\+CME ERROR:.*|COMMAND NOT SUPPORT.*)$/i;

// URCs with a second line that belongs to them.
const TWO_LINE_URC = new Set(['+CMT', '+CBM', '+CDS']);
// Prefixed URCs we know of; any prefixed line that is not the in-flight command's is one too.
const KNOWN_URC_PREFIXES = new Set([
  '+CMTI',
  '+CMT',
  '+CDS',
  '+CDSI',
  '+CBM',
  '+CRING',
  '+CLIP',
  '+CREG',
  '+CGREG',
  '+CEREG',
  '+CUSD',
  '+CIEV',
  '+CPIN',
  '+CFUN',
  '+PACSP',
  '+QIND',
  '+CTZV',
  '+CTZE',
  '+STIN',
  '+ZDONR',
  '+ZPASR',
  '+ZUSIMR',
  '^RSSI',
  '^BOOT',
  '^MODE',
  '^SRVST',
  '^SIMST',
  '^HCSQ',
  '^STIN',
  '#STN',
  '*PSUTTZ',
]);
// Bare-word URCs (no prefix).
const KNOWN_URC_WORDS = /^(RING|RDY|SMS READY|CALL READY|PB DONE|NO CARRIER|\^BOOT.*)$/i;

export class AtChannel extends EventEmitter<ChannelEvents> {
  private readonly framer: AtFramer;
  private readonly scheduler: Scheduler;
  private readonly defaultTimeoutMs: number;
  private readonly promptTimeoutMs: number;
  private readonly resultTimeoutMs: number;
  private readonly okGraceMs: number;
  private readonly queue: Queued[] = [];
  private current?: InFlight;
  private pendingUrc?: Urc;
  private closedWith?: ModemError;
  private readonly quietAfterTimeoutMs: number;
  /** After a timeout, the next command waits until then, so a late answer is not taken for its. */
  private quietUntil = 0;
  private quietTimer?: TimerHandle;

  constructor(
    private readonly writer: ChannelWriter,
    options: ChannelOptions,
  ) {
    super();
    this.scheduler = options.scheduler;
    this.defaultTimeoutMs = options.defaultTimeoutMs ?? 5_000;
    this.promptTimeoutMs = options.promptTimeoutMs ?? 5_000;
    this.resultTimeoutMs = options.resultTimeoutMs ?? 60_000;
    this.okGraceMs = options.okGraceMs ?? 500;
    this.quietAfterTimeoutMs = options.quietAfterTimeoutMs ?? 250;
    this.framer = new AtFramer({ promptExpected: () => this.current?.phase === 'prompt' });
  }

  /** Bytes from the modem. */
  receive(chunk: Uint8Array): void {
    for (const frame of this.framer.push(chunk)) this.onFrame(frame);
  }

  /** Runs one command; resolves with its information lines on OK, rejects with ModemError. */
  run(command: string, options: CommandOptions = {}): Promise<AtResponse> {
    return this.enqueue({
      command,
      prefix: expectedPrefix(command),
      okOptionalAfter: options.okOptionalAfter?.toUpperCase(),
      timeoutMs: options.timeoutMs ?? this.defaultTimeoutMs,
      resultTimeoutMs: 0,
    });
  }

  /**
   * Runs a command that asks for a `>` prompt (AT+CMGS), then sends `payload` ended by Ctrl-Z.
   * The prompt and the result have separate timeouts.
   */
  runWithPayload(
    command: string,
    payload: string,
    options: PromptCommandOptions = {},
  ): Promise<AtResponse> {
    return this.enqueue({
      command,
      payload,
      prefix: expectedPrefix(command),
      timeoutMs: options.promptTimeoutMs ?? this.promptTimeoutMs,
      resultTimeoutMs: options.resultTimeoutMs ?? this.resultTimeoutMs,
    });
  }

  /** Writes raw bytes outside any command (for example ESC to leave a stuck prompt). */
  writeRaw(data: string): void {
    this.writer.write(Buffer.from(data, 'latin1'));
  }

  get busy(): boolean {
    return this.current !== undefined || this.queue.length > 0;
  }

  /** Fails the command in flight and everything queued; later commands fail at once. */
  close(error: ModemError): void {
    this.closedWith = error;
    if (this.quietTimer) this.scheduler.clearTimeout(this.quietTimer);
    this.quietTimer = undefined;
    const current = this.current;
    this.current = undefined;
    if (current) {
      if (current.timer) this.scheduler.clearTimeout(current.timer);
      current.reject(error);
    }
    for (const queued of this.queue.splice(0)) queued.reject(error);
    this.framer.reset();
    this.pendingUrc = undefined;
  }

  private enqueue(spec: Omit<Queued, 'resolve' | 'reject'>): Promise<AtResponse> {
    return new Promise<AtResponse>((resolve, reject) => {
      if (this.closedWith) {
        reject(this.closedWith);
        return;
      }
      this.queue.push({ ...spec, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    if (this.current || this.closedWith || this.quietTimer) return;
    const wait = this.quietUntil - this.scheduler.now();
    if (wait > 0 && this.queue.length > 0) {
      this.quietTimer = this.scheduler.setTimeout(() => {
        this.quietTimer = undefined;
        this.pump();
      }, wait);
      return;
    }
    const next = this.queue.shift();
    if (!next) return;
    const inFlight: InFlight = {
      ...next,
      phase: next.payload !== undefined ? 'prompt' : 'command',
      lines: [],
    };
    this.current = inFlight;
    this.arm(inFlight, inFlight.timeoutMs, () => {
      if (inFlight.phase === 'prompt') {
        // Leave text entry so the modem does not swallow the next command as message text.
        this.writeRaw(ESC);
        this.quietUntil = this.scheduler.now() + this.quietAfterTimeoutMs;
        this.finish(
          inFlight,
          new ModemError(ModemErrorCode.PromptTimeout, 'The modem did not accept the message', {
            temporary: true,
            command: inFlight.command,
          }),
        );
      } else this.timeout(inFlight);
    });
    this.emit('trace', { direction: 'tx', text: inFlight.command });
    this.writer.write(Buffer.from(`${inFlight.command}\r`, 'latin1'));
  }

  private arm(inFlight: InFlight, ms: number, onTimeout: () => void): void {
    if (inFlight.timer) this.scheduler.clearTimeout(inFlight.timer);
    inFlight.timer = this.scheduler.setTimeout(() => {
      inFlight.timer = undefined;
      if (this.current === inFlight) onTimeout();
    }, ms);
  }

  private timeout(inFlight: InFlight): void {
    const sent = inFlight.phase === 'result';
    this.quietUntil = this.scheduler.now() + this.quietAfterTimeoutMs;
    this.emit('timeout', inFlight.command);
    this.finish(
      inFlight,
      new ModemError(
        ModemErrorCode.Timeout,
        sent
          ? 'The modem did not confirm the message in time; it may or may not have been sent'
          : 'The modem did not answer in time',
        { temporary: true, command: inFlight.command },
      ),
    );
  }

  private finish(inFlight: InFlight, outcome: ModemError | AtResponse): void {
    if (this.current !== inFlight) return;
    if (inFlight.timer) this.scheduler.clearTimeout(inFlight.timer);
    this.current = undefined;
    if (outcome instanceof ModemError) inFlight.reject(outcome);
    else inFlight.resolve(outcome);
    this.pump();
  }

  private onFrame(frame: Frame): void {
    const current = this.current;
    if (frame.type === 'prompt') {
      if (current?.phase !== 'prompt' || current.payload === undefined) return;
      this.emit('trace', { direction: 'rx', text: '> ' });
      this.emit('trace', { direction: 'tx', text: `${current.payload}<Ctrl-Z>` });
      current.phase = 'result';
      this.arm(current, current.resultTimeoutMs, () => this.timeout(current));
      this.writer.write(Buffer.from(current.payload + CTRL_Z, 'latin1'));
      return;
    }
    this.onLine(frame.text);
  }

  private onLine(line: string): void {
    this.emit('trace', { direction: 'rx', text: line });
    if (this.pendingUrc) {
      const urc = this.pendingUrc;
      this.pendingUrc = undefined;
      this.emit('urc', { ...urc, body: line });
      return;
    }
    const current = this.current;
    if (current && this.isEcho(current, line)) return;

    if (FINAL_OK.test(line) || FINAL_ERROR.test(line)) {
      if (!current) {
        this.emit('stray', line);
        return;
      }
      const error = errorFromFinalLine(line, current.command);
      if (error) this.finish(current, error);
      else if (current.phase === 'prompt') {
        this.finish(
          current,
          new ModemError(ModemErrorCode.Protocol, 'The modem did not ask for the message', {
            temporary: true,
            command: current.command,
          }),
        );
      } else this.finish(current, { command: current.command, lines: current.lines });
      return;
    }

    const prefix = responsePrefix(line);
    if (current && prefix !== undefined && prefix === current.prefix) {
      current.lines.push(line);
      if (current.okOptionalAfter === prefix && current.phase === 'command') {
        current.phase = 'grace';
        this.arm(current, this.okGraceMs, () =>
          this.finish(current, { command: current.command, lines: current.lines }),
        );
      }
      return;
    }

    if (this.isUrc(line, prefix, current)) {
      const urc: Urc = {
        name: prefix ?? line.toUpperCase(),
        line,
        params: prefix ? splitParams(line.slice(line.indexOf(':') + 1)) : [],
      };
      if (prefix && TWO_LINE_URC.has(prefix) && !(prefix === '+CDS' && urc.params.length > 2)) {
        this.pendingUrc = urc;
      } else this.emit('urc', urc);
      return;
    }

    if (current) current.lines.push(line);
    else this.emit('urc', { name: line.toUpperCase(), line, params: [] });
  }

  private isEcho(current: InFlight, line: string): boolean {
    if (line.toUpperCase() === current.command.toUpperCase()) return true;
    if (current.phase === 'result' && current.payload !== undefined) {
      // Echo of the message may share the prompt line and carry the Ctrl-Z.
      const stripped = line.split(CTRL_Z).join('').split(ESC).join('').trim();
      return line.includes(CTRL_Z) || stripped === current.payload.trim();
    }
    return false;
  }

  private isUrc(line: string, prefix: string | undefined, current?: InFlight): boolean {
    if (!current) return true;
    if (prefix !== undefined) return KNOWN_URC_PREFIXES.has(prefix) || current.prefix !== undefined;
    if (KNOWN_URC_WORDS.test(line)) return true;
    // While waiting for the prompt or the +CMGS result, the modem has nothing else to say.
    return current.phase === 'prompt' || current.phase === 'result';
  }
}
