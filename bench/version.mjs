#!/usr/bin/env node
// CLI start-up: `mvmforge --version` (the bin script as a user runs it) vs `node -e 0`, the floor
// of starting Node.js at all, same node binary, alternating pairs. Goal (issue 12): ≤ 1.5×.
import harness from './lib/harness.js';
import { CLI_BIN, standalone } from './lib/common.mjs';

const { measurePairs, pairLines, goalFrom, timeCommand, cleanEnv } = harness;

export const goalSpecs = () => [{ name: '--version vs node -e 0', limit: 1.5 }];

export async function run(config) {
  const env = cleanEnv();
  const node = process.execPath;
  const stats = await measurePairs({
    pairs: config.fastPairs,
    a: () => timeCommand(node, ['-e', '0'], { env }).ms,
    b: () => {
      const r = timeCommand(node, [CLI_BIN, '--version'], { env });
      if (!/^\d+\.\d+\.\d+/.test(r.stdout)) throw new Error(`mvmforge --version printed ${JSON.stringify(r.stdout)}`);
      return r.ms;
    },
  });
  for (const line of pairLines('CLI start-up', { a: 'node -e 0', b: 'mvmforge --version' }, stats)) console.log(line);
  if (env.NODE_EXTRA_CA_CERTS) {
    // Node reads that file at start-up, before any of our code runs: every Node side of every bench
    // pays it, the python and nix baselines do not. Shown so the floors below can be read.
    const without = { ...env };
    delete without.NODE_EXTRA_CA_CERTS;
    const certs = await measurePairs({
      pairs: config.fastPairs,
      a: () => timeCommand(node, ['-e', '0'], { env: without }).ms,
      b: () => timeCommand(node, ['-e', '0'], { env }).ms,
    });
    const labels = { a: 'node -e 0, NODE_EXTRA_CA_CERTS unset', b: 'node -e 0, as this environment sets it' };
    for (const line of pairLines('NODE_EXTRA_CA_CERTS is set', labels, certs)) console.log(line);
  }
  return [goalFrom(goalSpecs()[0], stats.ratio.median)];
}

await standalone(import.meta.url, run);
