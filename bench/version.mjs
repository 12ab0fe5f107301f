#!/usr/bin/env node
// CLI start-up: `mvmforge --version` (the installed command, bin/mvmforge, as a user runs it) vs
// `node -e 0` in the same environment, the cost of starting Node.js at all, same node binary,
// alternating pairs. Goal (issue 12): ≤ 1.5×. Where the environment sets NODE_EXTRA_CA_CERTS (Node
// 20 parses it at start-up, nodejs/node#40524) the launcher withholds it from its own node, so the
// ratio drops below 1×; the Node floor (`node -e 0` without it) is printed so that part can be read.
import harness from './lib/harness.js';
import { CLI, standalone } from './lib/common.mjs';

const { measurePairs, pairLines, goalFrom, timeCommand, cleanEnv, floorEnv } = harness;

export const goalSpecs = () => [{ name: '--version vs node -e 0', limit: 1.5 }];

export async function run(config) {
  const env = cleanEnv();
  const node = process.execPath;
  const nodeStart = () => timeCommand(node, ['-e', '0'], { env }).ms;
  const stats = await measurePairs({
    pairs: config.fastPairs,
    a: nodeStart,
    b: () => {
      const r = timeCommand(CLI, ['--version'], { env });
      if (!/^\d+\.\d+\.\d+/.test(r.stdout)) throw new Error(`mvmforge --version printed ${JSON.stringify(r.stdout)}`);
      return r.ms;
    },
  });
  for (const line of pairLines('CLI start-up', { a: 'node -e 0', b: 'mvmforge --version' }, stats)) console.log(line);
  const floor = await measurePairs({
    pairs: config.fastPairs,
    a: nodeStart,
    b: () => timeCommand(node, ['-e', '0'], { env: floorEnv(env) }).ms,
  });
  const labels = { a: 'node -e 0', b: 'node -e 0 without NODE_EXTRA_CA_CERTS' };
  for (const line of pairLines(`floor (NODE_EXTRA_CA_CERTS ${env.NODE_EXTRA_CA_CERTS ? 'is' : 'is not'} set)`, labels, floor))
    console.log(line);
  return [goalFrom(goalSpecs()[0], stats.ratio.median, { floor: floor.ratio.median })];
}

await standalone(import.meta.url, run);
