// Paths and small helpers shared by the bench modules (bench/<name>.mjs).
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import harness from './harness.js';

export const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/**
 * The CLI exactly as a user runs it: the package's bin (`npx mvmforge`, node_modules/.bin), the sh
 * launcher that execs node on bin/mvmforge.js without NODE_EXTRA_CA_CERTS (apps/cli/bin/mvmforge).
 */
export const CLI = join(REPO, 'apps/cli/bin/mvmforge');
export const NX_BIN = join(REPO, 'node_modules/nx/dist/bin/nx.js');

/** Every bench drives built code; a missing build is a usage error, not a measurement. */
export function requireBuilt() {
  for (const p of ['apps/cli/dist/main.js', 'tools/executors/dist/index.js', 'libs/codegen/dist/index.js']) {
    if (!existsSync(join(REPO, p))) throw new Error(`${p} is missing: build first (npm run build)`);
  }
}

/** Writes `files` (relative path → text or Buffer) under `root`. */
export function writeTree(root, files) {
  for (const [rel, body] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), body);
  }
}

/** Lets `node bench/NAME.mjs` run one bench alone and still print its goals line. */
export async function standalone(moduleUrl, run) {
  if (process.argv[1] === undefined || pathToFileURL(process.argv[1]).href !== moduleUrl) return;
  requireBuilt();
  const goals = await run(harness.benchConfig());
  console.log(harness.summaryLine(goals));
}
