#!/usr/bin/env node
// Benchmark (not a test): emitting corpus/hello-app/app.py vs the floor of starting Python at all
// (`python3 -c pass`), both measured in this run; median of N runs each. Goal: library emit
// (SDK process + strict parse + validate + canonicalize) ≤ 3× the bare interpreter start.
// The CLI row adds one Node.js start on top and is shown for information.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const N = Number(process.env.BENCH_RUNS || 15);
const entry = join(root, 'corpus', 'hello-app', 'app.py');
const python = process.env.MVMFORGE_PYTHON || 'python3';

if (!existsSync(join(root, 'libs', 'emit', 'dist', 'index.js')) || !existsSync(join(root, 'apps', 'cli', 'dist', 'main.js'))) {
  console.error('bench/emit: build first (npm run build)');
  process.exit(1);
}
const { emitWorkload } = require(join(root, 'libs', 'emit', 'dist', 'index.js'));

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const ms = (start) => Number(process.hrtime.bigint() - start) / 1e6;

async function measure(fn) {
  await fn(); // warm-up (file cache, interpreter)
  const times = [];
  for (let i = 0; i < N; i += 1) {
    const start = process.hrtime.bigint();
    await fn();
    times.push(ms(start));
  }
  return median(times);
}

const baseline = await measure(() => {
  const r = spawnSync(python, ['-c', 'pass'], { stdio: 'ignore' });
  if (r.status !== 0) throw new Error(`${python} -c pass failed`);
});
const library = await measure(async () => {
  await emitWorkload(entry, { stderr: 'capture' });
});
const cli = await measure(() => {
  const r = spawnSync(process.execPath, [join(root, 'apps', 'cli', 'bin', 'mvmforge.js'), 'emit', entry], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) throw new Error('mvmforge emit failed');
});

const ratio = library / baseline;
console.log(`runs per row: ${N} (median)`);
console.log(`${`${python} -c pass`.padEnd(33)}${baseline.toFixed(1)} ms`);
console.log(`${'emitWorkload(hello-app)'.padEnd(33)}${library.toFixed(1)} ms   ${ratio.toFixed(2)}x  (goal <= 3x) ${ratio <= 3 ? 'OK' : 'OVER GOAL'}`);
console.log(`${'mvmforge emit (new node process)'.padEnd(33)}${cli.toFixed(1)} ms   ${(cli / baseline).toFixed(2)}x  (includes Node.js startup)`);
