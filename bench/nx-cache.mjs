#!/usr/bin/env node
// The Nx flow over N generated workloads (100; quick: 5), compile only (no Nix needed):
// 1. cache effectiveness: pairs of a cold `nx run-many -t compile` (.nx and dist deleted: every
//    emit and compile runs) followed by a warm one (every task a local cache hit, checked in
//    Nx's output, which is read from a file, not a pipe). Goal (issue 12): warm ≤ 3% of cold.
// 2. "the Nx flow hashes each source file once per change": every node process of a cold run,
//    then of a run after changing one source file, is preloaded with lib/read-counter.cjs, which
//    logs each content read of a workload's bundled source (pkg/**) from JavaScript. Goal: at
//    most 1 read per source file per run (Nx's native hasher and Python are not seen; see there).
import { appendFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import harness from './lib/harness.js';
import { REPO, standalone } from './lib/common.mjs';
import { makeWorkspace, runNx, workloadFiles, workloadId } from './lib/workspace.mjs';

const { measurePairs, pairLines, goalFrom, failedGoal, realPython, fmtSummary } = harness;

// MVMFORGE_BENCH_NX_WORKLOADS overrides the count (the goal's name shows it): on a loaded machine a
// cold run of 100 workloads can take over half an hour, and the cold/warm pairs need six.
const SIZE = (config) => Number.parseInt(process.env.MVMFORGE_BENCH_NX_WORKLOADS ?? '', 10) || (config.quick ? 5 : 100);

/** The goals this bench measures, in order (the runner lists them as not measured if the bench breaks). */
export const goalSpecs = (config) => [
  { name: `warm run-many ${SIZE(config)} workloads vs cold`, limit: 3, unit: '%' },
  { name: 'Nx flow reads of each source file per change', limit: 1, unit: 'reads' },
];
const ARGS = ['run-many', '-t', 'compile', '--outputStyle=static'];
const HITS = /Nx read the output from the cache instead of running the command for (\d+) out of (\d+) tasks/;

function fresh(root) {
  rmSync(join(root, '.nx'), { recursive: true, force: true });
  rmSync(join(root, 'dist'), { recursive: true, force: true });
}

/** Reads per file from a read-counter log: Map path → count. */
function countReads(log) {
  const counts = new Map();
  if (!existsSync(log)) return counts;
  for (const line of readFileSync(log, 'utf8').split('\n')) {
    if (line === '') continue;
    const file = line.slice(line.indexOf('\t') + 1);
    counts.set(file, (counts.get(file) ?? 0) + 1);
  }
  return counts;
}

async function cacheGoal(ws, n, config, env, spec) {
  const stats = await measurePairs({
    pairs: config.pairs,
    swap: false, // the warm run needs the cold run just before it
    a: () => {
      fresh(ws.root);
      const r = runNx(ws.root, ARGS, env);
      if (!existsSync(join(ws.root, `dist/mvmforge/workloads/${workloadId(0)}/artifact/launch.json`)))
        throw new Error('the cold run wrote no artifact');
      return r.ms;
    },
    b: () => {
      const r = runNx(ws.root, ARGS, env);
      const hits = HITS.exec(r.stdout);
      if (!hits || hits[1] !== hits[2] || Number(hits[2]) !== 2 * n) {
        throw new Error(
          `the warm run was not ${2 * n} cache hits (${hits ? `${hits[1]} of ${hits[2]}` : 'no cache summary'}):\n${r.stdout.slice(-2000)}`,
        );
      }
      return r.ms;
    },
  });
  for (const line of pairLines(
    `nx run-many -t compile, ${n} workloads (${2 * n} tasks incl. emit)`,
    { a: 'cold', b: 'warm (all cache hits)' },
    stats,
  ))
    console.log(line);
  console.log(`  warm/cold per pair: ${fmtSummary(stats.ratio, (x) => `${(100 * x).toFixed(2)}%`)}`);
  return goalFrom(spec, 100 * stats.ratio.median);
}

function readsGoal(ws, n, env, spec) {
  const log = join(ws.root, '..', 'reads.log');
  const sources = join(ws.root, 'workloads');
  const counted = {
    ...env,
    NODE_OPTIONS: `--require=${join(REPO, 'bench/lib/read-counter.cjs')}`,
    MVMFORGE_BENCH_READ_ROOT: sources,
    MVMFORGE_BENCH_READ_LOG: log,
  };
  const bundled = (file) => file.includes('/pkg/');
  const describe = (counts, files) => {
    const values = files.map((f) => counts.get(f) ?? 0);
    return { max: Math.max(0, ...values), total: values.reduce((s, v) => s + v, 0) };
  };
  const allSources = [];
  for (let i = 0; i < n; i++) for (const f of ['__init__.py', '__main__.py']) allSources.push(join(sources, workloadId(i), 'pkg', f));

  fresh(ws.root);
  rmSync(log, { force: true });
  runNx(ws.root, ARGS, counted);
  const cold = countReads(log);
  const coldStats = describe(cold, allSources);

  const changed = join(sources, workloadId(0), 'pkg/__main__.py');
  const before = readFileSync(changed);
  appendFileSync(changed, '# changed\n');
  rmSync(log, { force: true });
  try {
    runNx(ws.root, ARGS, counted);
  } finally {
    writeFileSync(changed, before);
  }
  const after = countReads(log);
  const changedReads = after.get(changed) ?? 0;
  const others = describe(
    after,
    allSources.filter((f) => !f.startsWith(join(sources, workloadId(0)) + '/')),
  );
  const stray = [...cold.keys(), ...after.keys()].filter((f) => bundled(f) && !allSources.includes(f));
  rmSync(log, { force: true });

  console.log('source reads by the Nx flow (content reads from JavaScript, lib/read-counter.cjs):');
  console.log(`  cold run:        ${coldStats.total} reads of ${allSources.length} source files, at most ${coldStats.max} per file`);
  console.log(`  after a change:  the changed file read ${changedReads}×; unchanged workloads' files ${others.total} reads`);
  if (stray.length > 0) console.log(`  also read: ${stray.slice(0, 5).join(', ')}`);
  if (coldStats.total === 0) throw new Error('the read counter saw no source reads at all (is NODE_OPTIONS passed to the tasks?)');
  return goalFrom(spec, Math.max(coldStats.max, changedReads, others.max));
}

export async function run(config) {
  const n = SIZE(config);
  const [cacheSpec, readsSpec] = goalSpecs(config);
  const env = { MVMFORGE_PYTHON: realPython() };
  const goals = [];
  const ws = makeWorkspace('cache', workloadFiles(n));
  try {
    goals.push(await cacheGoal(ws, n, config, env, cacheSpec));
  } catch (err) {
    goals.push(failedGoal(cacheSpec.name, cacheSpec.limit, cacheSpec.unit, err.message.split('\n')[0]));
    console.log(`nx-cache: ${err.message}`);
  }
  try {
    goals.push(readsGoal(ws, n, env, readsSpec));
  } catch (err) {
    goals.push(failedGoal(readsSpec.name, readsSpec.limit, readsSpec.unit, err.message.split('\n')[0]));
    console.log(`nx-cache: ${err.message}`);
  } finally {
    ws.cleanup();
  }
  return goals;
}

await standalone(import.meta.url, run);
