// The boundaries of docs/ARCHITECTURE.md are kept by eslint.config.mjs, not by comments. Each case
// lints a small text as if it were a file in that folder and expects the rule to name it.
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: process.cwd() });
});

async function rulesFor(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => m.ruleId ?? `parse: ${m.message}`);
}

const RESTRICTED = '@typescript-eslint/no-restricted-imports';
const RENDERER = 'src/renderer/src/api.ts';
const PRELOAD = 'src/preload/index.ts';
const MAIN = 'src/main/time.ts';

describe('import boundaries', { timeout: 120_000 }, () => {
  it('the renderer never imports main-process code', async () => {
    expect(
      await rulesFor(
        RENDERER,
        "import { openServices } from '../../main/services';\nopenServices;\n",
      ),
    ).toContain(RESTRICTED);
    expect(
      await rulesFor(RENDERER, "import Database from 'better-sqlite3';\nDatabase;\n"),
    ).toContain(RESTRICTED);
  });

  it('main never imports the browser harness', async () => {
    expect(
      await rulesFor(MAIN, "import { startHarness } from '../dev/harness';\nstartHarness;\n"),
    ).toContain(RESTRICTED);
  });

  it('no zod in the preload or the renderer, but their types are fine', async () => {
    expect(await rulesFor(RENDERER, "import { z } from 'zod';\nz;\n")).toContain(RESTRICTED);
    expect(await rulesFor(PRELOAD, "import { z } from 'zod';\nz;\n")).toContain(RESTRICTED);
    expect(
      await rulesFor(
        RENDERER,
        "import { CHANNELS } from '../../shared/ipc/contract';\nCHANNELS;\n",
      ),
    ).toContain(RESTRICTED);
    expect(
      await rulesFor(
        RENDERER,
        "import type { IpcError } from '../../shared/ipc/contract';\nexport type E = IpcError;\n",
      ),
    ).toEqual([]);
    // A zod-free shared module (what the renderer takes values from) cannot pull zod in either.
    expect(
      await rulesFor(
        'src/shared/domain.ts',
        "import { SECOND_FACTORS } from './policy';\nexport const F = SECOND_FACTORS;\n",
      ),
    ).toContain(RESTRICTED);
  });
});

describe('promise rules (type-aware)', { timeout: 120_000 }, () => {
  it('a floating promise is an error', async () => {
    expect(await rulesFor(MAIN, 'async function work(): Promise<void> {}\nwork();\n')).toContain(
      '@typescript-eslint/no-floating-promises',
    );
  });

  it('an async callback where a void one is expected is an error', async () => {
    expect(
      await rulesFor(
        MAIN,
        'async function work(): Promise<void> {}\n[1, 2].forEach(async () => {\n  await work();\n});\n',
      ),
    ).toContain('@typescript-eslint/no-misused-promises');
  });
});
