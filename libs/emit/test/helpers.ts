import type { SpawnSyncReturns } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, runCliSync } from '../../../fixtures/test-support/cli';
import { entryName } from '../../../fixtures/test-support/corpus-entry';

export { REPO_ROOT };
export const CORPUS_DIR = join(REPO_ROOT, 'corpus');
export const FIXTURES = join(__dirname, 'fixtures');
export const EVERY_TYPE_ENTRY = join(REPO_ROOT, 'libs', 'sdk-python', 'tests', 'fixtures', 'every_type', 'app.py');

/** Every corpus workload entry, by folder name. */
export function corpusEntries(): { name: string; entry: string }[] {
  return readdirSync(CORPUS_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory() && entryName(join(CORPUS_DIR, d.name)) !== undefined)
    .map((d) => ({ name: d.name, entry: join(CORPUS_DIR, d.name, entryName(join(CORPUS_DIR, d.name))!) }))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
}

/** Environment for child processes without the knobs a developer's shell might carry. */
export function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.MVMFORGE_DEBUG;
  delete env.MVMFORGE_PYTHON;
  delete env.MVMFORGE_IR_OUT;
  return { ...env, ...extra };
}

/** Runs the built CLI from the repository root with a clean environment. */
export function runCli(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; input?: Buffer } = {}): SpawnSyncReturns<Buffer> {
  return runCliSync(args, { cwd: opts.cwd, env: opts.env ?? cleanEnv(), input: opts.input, timeoutMs: 60_000 });
}
