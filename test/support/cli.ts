// Runs the admin CLI in-process and collects what it printed, for the CLI tests.
import { runCli } from '../../src/main/cli/main';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

export async function runCliCaptured(argv: string[]): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) }, {});
  return { code, out: out.join('\n'), err: err.join('\n') };
}
