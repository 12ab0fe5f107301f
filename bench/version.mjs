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
  return [goalFrom(goalSpecs()[0], stats.ratio.median)];
}

await standalone(import.meta.url, run);
