/**
 * Which SDK runs an entry file: `.py` the Python SDK, `.ts`/`.mts`/`.cts`/`.js`/`.mjs`/`.cjs` the
 * Node one. Both honour the same contract and options.
 */
import { isNodeEntry } from './node-entry';
import { runNodeSdk } from './run-node-sdk';
import { runSdk, type RunSdkOptions, type RunSdkResult } from './run-sdk';

/** An entry that an SDK runs (as opposed to an IR JSON file). */
export function isSdkEntry(path: string): boolean {
  return path.toLowerCase().endsWith('.py') || isNodeEntry(path);
}

export function runEntry(entryPath: string, opts: RunSdkOptions = {}): Promise<RunSdkResult> {
  return isNodeEntry(entryPath) ? runNodeSdk(entryPath, opts) : runSdk(entryPath, opts);
}
