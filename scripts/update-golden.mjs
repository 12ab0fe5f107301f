#!/usr/bin/env node
// Regenerates fixtures/golden/<workload>/ — the expected artifact of every corpus workload compiled
// with the pinned mvm flake URL (no MVMFORGE_MVM_FLAKE_URL override) — through the built CLI.
// Run `npm run build` first, then review the diff: every change to a golden file is a change to
// what users get. `node scripts/update-golden.mjs [workload…]` limits the run.
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'apps/cli/bin/mvmforge.js');
if (!existsSync(join(root, 'apps/cli/dist/main.js'))) {
  console.error('update-golden: the CLI is not built; run `npm run build` first');
  process.exit(2);
}
const only = process.argv.slice(2);
// The entry names of fixtures/test-support/corpus-entry.ts (Python first, then the Node SDK's).
const entryName = (w) => ['app.py', 'app.ts', 'app.mts', 'app.js', 'app.mjs'].find((n) => existsSync(join(root, 'corpus', w, n)));
const workloads = readdirSync(join(root, 'corpus'))
  .filter((w) => entryName(w) !== undefined)
  .filter((w) => only.length === 0 || only.includes(w))
  .sort();

const env = { ...process.env };
delete env.MVMFORGE_MVM_FLAKE_URL; // goldens pin the default URL

let failed = 0;
for (const w of workloads) {
  const out = join(root, 'fixtures/golden', w);
  // A stale golden that is no longer an artifact would be refused; start from scratch instead.
  rmSync(out, { recursive: true, force: true });
  const r = spawnSync(process.execPath, [bin, 'compile', join(root, 'corpus', w, entryName(w)), '--out', out, '--json'], {
    cwd: root,
    env,
    encoding: 'utf8',
  });
  if (r.status !== 0) {
    failed += 1;
    console.error(`update-golden: ${w} failed (exit ${r.status})\n${r.stdout}${r.stderr}`);
    continue;
  }
  const { tree_hash, file_count } = JSON.parse(r.stdout);
  console.log(`fixtures/golden/${w}: ${file_count} file(s), tree_hash ${tree_hash}`);
}
process.exit(failed ? 1 : 0);
