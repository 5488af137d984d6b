import { userInfo } from 'node:os';
import { openCoreServices, type CoreServices } from '../services';

/** Who the audit log names for changes made from a shell. */
export function cliActor(): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return 'cli';
  }
}

export async function withCore<T>(
  dbPath: string,
  fn: (core: CoreServices) => Promise<T> | T,
): Promise<T> {
  const core = openCoreServices(dbPath);
  try {
    return await fn(core);
  } finally {
    core.close();
  }
}
