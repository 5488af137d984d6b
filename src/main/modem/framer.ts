// Bytes from the modem -> lines and SMS prompts. A readline parser cannot do this on its own:
// the prompt after AT+CMGS (`> `) has no line end. The framer keeps all state between chunks
// in a few fields, so any chunking of the same bytes produces the same frames (fuzz-tested).
import { Transform, type TransformCallback } from 'node:stream';

export type Frame = { type: 'line'; text: string } | { type: 'prompt' };

export interface FramerOptions {
  /**
   * Asked when a `>` starts a line: only then is it a prompt. The channel answers true while it
   * waits for the prompt, so a received text-mode message that starts with `>` stays text.
   * Defaults to always true.
   */
  promptExpected?: () => boolean;
  /** Longest line kept; longer runs of garbage are cut into lines of this size. */
  maxLineLength?: number;
}

const CR = 0x0d;
const LF = 0x0a;
const GT = 0x3e;
const SPACE = 0x20;
const NUL = 0x00;

export class AtFramer {
  private line: number[] = [];
  /** Right after a prompt: one space belongs to the prompt (`> `), not to the next line. */
  private afterPrompt = false;
  private readonly promptExpected: () => boolean;
  private readonly maxLineLength: number;

  constructor(options: FramerOptions = {}) {
    this.promptExpected = options.promptExpected ?? (() => true);
    this.maxLineLength = options.maxLineLength ?? 4096;
  }

  push(chunk: Uint8Array): Frame[] {
    const frames: Frame[] = [];
    for (const byte of chunk) {
      if (this.afterPrompt) {
        this.afterPrompt = false;
        if (byte === SPACE) continue;
      }
      if (byte === CR || byte === LF) {
        this.flushLine(frames);
        continue;
      }
      if (byte === NUL) continue;
      if (byte === GT && this.line.length === 0 && this.promptExpected()) {
        frames.push({ type: 'prompt' });
        this.afterPrompt = true;
        continue;
      }
      this.line.push(byte);
      if (this.line.length >= this.maxLineLength) this.flushLine(frames);
    }
    return frames;
  }

  /** Drops any partial line (after a reconnect the old bytes mean nothing). */
  reset(): void {
    this.line = [];
    this.afterPrompt = false;
  }

  private flushLine(frames: Frame[]): void {
    if (this.line.length === 0) return;
    // latin1 maps every byte to one character, so a split never corrupts a character and garbage
    // stays visible in logs. Modems are driven in GSM/IRA/UCS2-hex character sets: all ASCII.
    const text = Buffer.from(this.line).toString('latin1').trim();
    this.line = [];
    if (text.length > 0) frames.push({ type: 'line', text });
  }
}

/** The framer as a stream parser (objectMode output), in the style of @serialport/parser-*. */
export class AtFrameParser extends Transform {
  private readonly framer: AtFramer;

  constructor(options: FramerOptions = {}) {
    super({ readableObjectMode: true });
    this.framer = new AtFramer(options);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    for (const frame of this.framer.push(chunk)) this.push(frame);
    callback();
  }
}
