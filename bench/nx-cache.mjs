#!/usr/bin/env node
// Cache effectiveness of the inferred targets: `nx run-many -t compile` over 100 generated
// workloads, cold (nx reset, no outputs: every emit and compile runs) vs warm (every task a local
// cache hit). Goal: warm ≤ 5% of cold. Compile only, so no Nix is needed. Reports; never fails on
// speed. Needs `npm run build`.
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { makeWorkspace, timeNx, workloadFiles } from './nx-graph.mjs';

const N = Number(process.env.BENCH_NX_WORKLOADS ?? 100);
const ws = makeWorkspace('cache', workloadFiles(N));
try {
  const args = ['run-many', '-t', 'compile', '--outputStyle=static'];
  timeNx(ws.root, ['reset']);
  rmSync(join(ws.root, 'dist'), { recursive: true, force: true });
  const cold = timeNx(ws.root, args);
  if (!existsSync(join(ws.root, 'dist/mvmforge/workloads/w000/artifact/launch.json'))) throw new Error('cold run wrote no artifact');
  const warm = timeNx(ws.root, args);
  const hits = /Nx read the output from the cache instead of running the command for (\d+) out of (\d+) tasks/.exec(warm.stdout);
  if (!hits || hits[1] !== hits[2]) throw new Error(`warm run was not all cache hits:\n${warm.stdout.slice(-2000)}`);
  const pct = (100 * warm.ms) / cold.ms;
  console.log(`nx run-many -t compile over ${N} workloads (${hits[2]} tasks incl. emit):`);
  console.log(`  cold (nothing cached):   ${(cold.ms / 1000).toFixed(1)} s`);
  console.log(`  warm (all cache hits):   ${(warm.ms / 1000).toFixed(2)} s`);
  console.log(`  warm/cold: ${pct.toFixed(1)}% (goal <= 5%) ${pct <= 5 ? 'OK' : 'OVER GOAL'}`);
} finally {
  ws.cleanup();
}
