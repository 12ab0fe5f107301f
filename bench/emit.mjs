#!/usr/bin/env node
// Emit through the CLI as a user runs it (`mvmforge emit corpus/hello-app/app.py`, a new node
// process that starts the SDK under Python) vs the same interpreter's bare start
// (`python -c pass`), alternating pairs. Both sides use the real interpreter binary, resolved
// through any pyenv shim, and the CLI gets it through MVMFORGE_PYTHON, so neither side pays a
// shim. Goal (issue 12): ≤ 2×. Also prints the Node floor: a node process that only starts Python
// (without NODE_EXTRA_CA_CERTS, as the launcher starts node: harness.floorEnv).
import { join } from 'node:path';
import harness from './lib/harness.js';
import { CLI, REPO, standalone } from './lib/common.mjs';

const { measurePairs, pairLines, goalFrom, timeCommand, cleanEnv, realPython, launcherArgs, floorEnv } = harness;

export const goalSpecs = () => [{ name: 'emit CLI vs python start', limit: 2 }];

export async function run(config) {
  const python = realPython();
  const env = cleanEnv({ MVMFORGE_PYTHON: python });
  const entry = join(REPO, 'corpus/hello-app/app.py');
  console.log(`interpreter: ${python}`);
  const pythonStart = () => timeCommand(python, ['-c', 'pass'], { env }).ms;
  const stats = await measurePairs({
    pairs: config.fastPairs,
    a: pythonStart,
    b: () => {
      const r = timeCommand(CLI, ['emit', entry], { env, what: 'mvmforge emit' });
      if (!r.stdout.includes('"schema_version"')) throw new Error('mvmforge emit printed no Workload IR');
      return r.ms;
    },
  });
  for (const line of pairLines('emit hello-app', { a: 'python -c pass', b: 'mvmforge emit (CLI)' }, stats)) console.log(line);
  // The floor: a Node process that only starts the interpreter. No Node CLI can go below it.
  const floor = await measurePairs({
    pairs: config.fastPairs,
    a: pythonStart,
    b: () => timeCommand(process.execPath, launcherArgs(python, ['-c', 'pass']), { env: floorEnv(env), what: 'node starting python' }).ms,
  });
  for (const line of pairLines('floor', { a: 'python -c pass', b: 'node starting python -c pass' }, floor)) console.log(line);
  return [goalFrom(goalSpecs()[0], stats.ratio.median, { floor: floor.ratio.median })];
}

await standalone(import.meta.url, run);
