#!/usr/bin/env node
// Project-graph cost of the @mvmforge/nx plugin: `nx show projects --json` (daemon off, the
// workspace's .nx folder deleted before every run, so the graph is computed from scratch each
// time) in a workspace of N generated workloads vs one of N plain package.json projects,
// alternating pairs, for N = 100 / 500 / 2000 (quick: 10 / 25 / 50). Goals (issue 12): ≤ 1.3× at
// 500 and at 2000, and linear: the per-project cost of the workloads workspace is printed for each
// N, and its increment per added project from the middle to the largest N must stay within 1.5×
// of the increment from the smallest to the middle N (a quadratic scan grows it ~4×).
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import harness from './lib/harness.js';
import { standalone } from './lib/common.mjs';
import { makeWorkspace, plainFiles, runNx, workloadFiles } from './lib/workspace.mjs';

const { measurePairs, pairLines, goalFrom, fmtMs } = harness;

const SIZES = (config) => (config.quick ? [10, 25, 50] : [100, 500, 2000]);

/** The goals this bench measures, in order (the runner lists them as not measured if the bench breaks). */
export function goalSpecs(config) {
  const [s, m, l] = SIZES(config);
  return [
    { name: `nx graph ${m} workloads vs plain`, limit: 1.3 },
    { name: `nx graph ${l} workloads vs plain`, limit: 1.3 },
    { name: `nx graph linear (increment/project N=${m}→${l} vs ${s}→${m})`, limit: 1.5 },
  ];
}

function showProjects(root, expected) {
  rmSync(join(root, '.nx'), { recursive: true, force: true });
  const r = runNx(root, ['show', 'projects', '--json']);
  const start = r.stdout.indexOf('[');
  const count = start < 0 ? -1 : JSON.parse(r.stdout.slice(start)).length;
  if (count !== expected)
    throw new Error(`nx show projects listed ${count} projects, expected ${expected}:\n${r.stdout.slice(-1000)}${r.stderr.slice(-1000)}`);
  return r.ms;
}

export async function run(config) {
  const sizes = SIZES(config);
  const specs = goalSpecs(config);
  const goals = [];
  const rows = [];
  for (const n of sizes) {
    const workloads = makeWorkspace('graph-workloads', workloadFiles(n));
    const plain = makeWorkspace('graph-plain', plainFiles(n), { plugin: false, workspaces: ['packages/*'] });
    try {
      const stats = await measurePairs({
        pairs: config.pairs,
        a: () => showProjects(plain.root, n),
        b: () => showProjects(workloads.root, n),
      });
      for (const line of pairLines(`nx graph, ${n} projects`, { a: `${n} package.json projects`, b: `${n} mvmforge workloads` }, stats))
        console.log(line);
      rows.push({ n, w: stats.b.median, p: stats.a.median });
      if (sizes.indexOf(n) > 0) goals.push(goalFrom(specs[sizes.indexOf(n) - 1], stats.ratio.median));
    } finally {
      workloads.cleanup();
      plain.cleanup();
    }
  }
  console.log('nx graph per-project cost (median wall time / N; increment = Δtime / ΔN from the previous N):');
  rows.forEach((r, i) => {
    const inc = (k) => (i === 0 ? '' : `   increment ${fmtMs((r[k] - rows[i - 1][k]) / (r.n - rows[i - 1].n))}/project`);
    console.log(`  N=${String(r.n).padStart(4)}  workloads ${fmtMs(r.w / r.n)}/project${inc('w')}`);
    console.log(`          plain     ${fmtMs(r.p / r.n)}/project${inc('p')}`);
  });
  const [s, m, l] = rows;
  const incLow = (m.w - s.w) / (m.n - s.n);
  const incHigh = (l.w - m.w) / (l.n - m.n);
  // A time that did not grow with N means the noise is larger than the per-project cost (small
  // quick-mode sizes): no ratio of such increments means anything, so it is not counted as met.
  if (incLow > 0 && incHigh > 0) goals.push(goalFrom(specs[2], incHigh / incLow));
  else
    goals.push(
      harness.failedGoal(
        specs[2].name,
        specs[2].limit,
        '×',
        `the time did not grow with N (increments ${fmtMs(incLow)}, ${fmtMs(incHigh)}/project): noise exceeds the per-project cost`,
      ),
    );
  return goals;
}

await standalone(import.meta.url, run);
