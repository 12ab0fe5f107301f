import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export const REPO_ROOT = join(__dirname, '..', '..', '..');
export const CORPUS_DIR = join(REPO_ROOT, 'corpus');
export const FIXTURES = join(__dirname, 'fixtures');
export const CLI = join(REPO_ROOT, 'apps', 'cli', 'bin', 'mvmforge.js');
export const EVERY_TYPE_ENTRY = join(REPO_ROOT, 'libs', 'sdk-python', 'tests', 'fixtures', 'every_type', 'app.py');

/** Every corpus workload entry, by folder name. */
export function corpusEntries(): { name: string; entry: string }[] {
  return readdirSync(CORPUS_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(CORPUS_DIR, d.name, 'app.py')))
    .map((d) => ({ name: d.name, entry: join(CORPUS_DIR, d.name, 'app.py') }))
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

/** Runs the built CLI (npm test builds first). */
export function runCli(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): SpawnSyncReturns<Buffer> {
  if (!existsSync(join(REPO_ROOT, 'apps', 'cli', 'dist', 'main.js'))) {
    throw new Error('the CLI is not built; run `npm run build` first');
  }
  return spawnSync(process.execPath, [CLI, ...args], { cwd: opts.cwd ?? REPO_ROOT, env: opts.env ?? cleanEnv(), timeout: 60_000 });
}
