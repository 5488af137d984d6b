// Every CLI command is a function of its arguments and an output sink, so tests can run the
// CLI in-process and read exactly what it printed and the exit code.

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

export interface CliContext {
  /** Arguments after the command words, e.g. for `modem send --to X` this is ['--to', 'X']. */
  argv: string[];
  io: CliIo;
  /** Database path from the global --db option (or the app's default). */
  dbPath: string;
}

/** Resolves to the process exit code. */
export type CliCommand = (ctx: CliContext) => Promise<number>;

/** Thrown by commands for wrong usage; the dispatcher prints it with the usage text, exit 2. */
export class UsageError extends Error {}
