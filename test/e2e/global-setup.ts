// Once per run: the renderer the harness serves is built from the current sources.
import { ensureRendererBuilt } from '../../src/dev/build-renderer';

export default async function globalSetup(): Promise<void> {
  await ensureRendererBuilt({ quiet: true });
}
