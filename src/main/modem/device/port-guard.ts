// Noticing another program on the modem's port. ModemManager probes every new serial port with
// its own AT commands; their echoes and answers reach us as lines no command of ours asked for
// (`AT…` echoes, +GCAP, identity answers nobody asked for). A few within a minute is no
// coincidence; a late OK after our own timeout is not counted.
import type { Clock } from '../../time';

const FOREIGN_LINE = /^(AT[A-Z+&^#%]|\+GCAP:|\+CGM[IMR]:|\+FCLASS|\+WS46:)/i;
const WINDOW_MS = 60_000;
const THRESHOLD = 3;

/** Line noise from a probe at another baud rate: control characters a modem never sends. */
function isGarbage(line: string): boolean {
  for (const ch of line) {
    const c = ch.charCodeAt(0);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f) return true;
  }
  return false;
}

export function looksForeign(line: string): boolean {
  return FOREIGN_LINE.test(line.trim()) || isGarbage(line);
}

export class ForeignTrafficWatch {
  private readonly seenAt: number[] = [];
  private reported = false;

  constructor(
    private readonly clock: Clock,
    private readonly report: () => void,
  ) {}

  /** One line no command of ours accounts for; reports once per connection. */
  seen(line: string): void {
    if (this.reported || !looksForeign(line)) return;
    const now = this.clock.now();
    this.seenAt.push(now);
    while (this.seenAt.length && this.seenAt[0]! <= now - WINDOW_MS) this.seenAt.shift();
    if (this.seenAt.length >= THRESHOLD) {
      this.reported = true;
      this.report();
    }
  }
}
