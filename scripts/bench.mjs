#!/usr/bin/env node
// `npm run bench [-- NAME…]`: runs the benches of bench/ (all, or the named ones, in the order
// below), each measuring its goals of issue 12 as ratios of alternating A/B pairs from this run,
// and ends with `bench: K/N goals met — …` listing every goal's value (the ones that fall short
// say by how much). MVMFORGE_BENCH_QUICK=1 selects small sizes for a smoke run. A bench that
// breaks reports its goals as not measured and the others still run. Speed never fails the
// command; a broken bench or a missing build does (exit 1 / 2).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import harness from '../bench/lib/harness.js';
import { REPO, requireBuilt } from '../bench/lib/common.mjs';

// Cheapest first, so a smoke run shows the start-up goals within seconds.
const ORDER = ['version', 'emit', 'compile', 'check', 'nx-graph', 'nx-cache'];

const only = process.argv.slice(2);
const unknown = only.filter((n) => !ORDER.includes(n));
if (unknown.length > 0) {
  console.error(`bench: unknown bench ${unknown.join(', ')}; choose from ${ORDER.join(', ')}`);
  process.exit(2);
}
try {
  requireBuilt();
} catch (err) {
  console.error(`bench: ${err.message}`);
  process.exit(2);
}

const config = harness.benchConfig();
console.log(
  `bench: ${config.quick ? 'QUICK smoke sizes (MVMFORGE_BENCH_QUICK=1)' : 'full sizes'}, ${config.pairs} pairs (${config.fastPairs} for start-up benches) after one warm-up pair`,
);
const goals = [];
let broken = 0;
for (const name of only.length > 0 ? ORDER.filter((n) => only.includes(n)) : ORDER) {
  const file = join(REPO, 'bench', `${name}.mjs`);
  if (!existsSync(file)) throw new Error(`bench/${name}.mjs is missing`);
  console.log(`\n== bench/${name}.mjs`);
  let mod;
  try {
    mod = await import(pathToFileURL(file).href);
    goals.push(...(await mod.run(config)));
  } catch (err) {
    // Every goal of a broken bench is still listed, as not measured, so N stays the same.
    broken += 1;
    console.log(`bench/${name}.mjs broke: ${err.stack ?? err}`);
    goals.push(...harness.notMeasured(typeof mod?.goalSpecs === 'function' ? mod.goalSpecs(config) : undefined, name, err));
  }
}
console.log('');
console.log(harness.summaryLine(goals));
process.exit(broken > 0 ? 1 : 0);
