/**
 * Runs the TypeScript/JavaScript SDK's emitter (node-emitter.js) as a child Node process — the
 * same contract as the Python SDK (python-sdk.md §7): `process.execPath` (the Node running the
 * host, so no PATH lookup), no shell, the IR written to a fresh temporary file named by
 * MVMFORGE_IR_OUT, a timeout, and every failure as E_EMIT_FAILED with the SDK's `file:line` line.
 * The temporary directory is always removed (run-emitter.ts).
 */
import { dirname, join } from 'node:path';
import { emitFailed } from './errors';
import { runEmitter, type RunSdkOptions, type RunSdkResult } from './run-emitter';

/**
 * The compiled emitter. Resolved through this package's own package.json so that the same path
 * works from the built library and from its sources under jest (which needs the build first).
 */
export function nodeEmitterPath(): string {
  return join(dirname(require.resolve('@mvmforge/emit/package.json')), 'dist', 'node-emitter.js');
}

export function runNodeSdk(entryPath: string, opts: RunSdkOptions = {}): Promise<RunSdkResult> {
  return runEmitter(
    {
      sdk: 'Node',
      command: process.execPath,
      args: [nodeEmitterPath(), entryPath],
      env: opts.env ?? process.env,
      commandLine: `node ${entryPath}`,
      spawnError: (error) => emitFailed(`could not start ${process.execPath}: ${error.message}`),
    },
    opts,
  );
}
