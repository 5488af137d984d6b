// The shared reference material (GSM 03.38 table, the SMS corpus) lives in `shared/reference`
// beside the project's checkout: ../shared from the main checkout, further up from a git
// worktree. Found by walking up from the repository, so tests run from either.
import { existsSync } from 'node:fs';
import path from 'node:path';

const REPO_ROOT = path.resolve(__dirname, '../..');

export function referencePath(...parts: string[]): string {
  for (let dir = path.dirname(REPO_ROOT); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'shared', 'reference');
    if (existsSync(candidate)) return path.join(candidate, ...parts);
    if (path.dirname(dir) === dir) {
      throw new Error(`No shared/reference folder above ${REPO_ROOT}`);
    }
  }
}
