/**
 * The one loader behind every CLI verb that takes a workload (`validate`, `hash`, `compile`, `up`):
 * a `.py` entry runs the SDK, `-` reads stdin, anything else is read as an IR JSON file. It parses
 * strictly but does not validate — `hash` must work on invalid documents; the caller decides.
 */
import { dirname, resolve } from 'node:path';
import type { Workload } from '@mvmforge/ir';
import { CodedError } from '@mvmforge/ir/dist/diagnostic';
import { readFdBounded, readFileBounded } from '@mvmforge/ir/dist/input-limit';
import { emitAndParse } from './emit-workload';
import { inputReadError, WorkloadReadError } from './errors';
import { irRuntime } from './ir-runtime';
import type { RunSdkOptions } from './run-sdk';
import { isNodeEntry } from './node-entry';
import { isSdkEntry } from './run-entry';

export type WorkloadSourceKind = 'python' | 'node' | 'json' | 'stdin';

export interface LoadedWorkloadSource {
  workload: Workload;
  /** Base for a relative source.path (artifact-v1 §7): the entry's or file's directory; cwd for stdin. Absolute. */
  manifestDir: string;
  kind: WorkloadSourceKind;
}

export interface LoadOptions extends RunSdkOptions {
  /** Reads stdin for `-` (default: file descriptor 0). */
  readStdin?: () => Buffer;
}

export { WorkloadReadError };

export function isPythonEntry(arg: string): boolean {
  return arg.toLowerCase().endsWith('.py');
}

export async function loadWorkloadSource(arg: string, opts: LoadOptions = {}): Promise<LoadedWorkloadSource> {
  if (arg === '-') {
    const bytes = readOrThrow('stdin', opts.readStdin ?? (() => readFdBounded(0, 'stdin')));
    return { workload: parseOrThrow(bytes), manifestDir: process.cwd(), kind: 'stdin' };
  }
  if (isSdkEntry(arg)) {
    // emitAndParse checks the entry is a readable file first (E_INPUT_NOT_FOUND / E_INPUT_UNREADABLE).
    const { workload } = await emitAndParse(arg, opts);
    return { workload, manifestDir: dirname(resolve(arg)), kind: isNodeEntry(arg) ? 'node' : 'python' };
  }
  const bytes = readOrThrow(JSON.stringify(arg), () => readFileBounded(arg, JSON.stringify(arg)));
  return { workload: parseOrThrow(bytes), manifestDir: dirname(resolve(arg)), kind: 'json' };
}

/**
 * I/O errors get their own codes naming the input (issue 9 item 8), not ir-v0 §3.1's
 * E_MALFORMED_MANIFEST at `.`, whose hint is about JSON and byte-order marks: a mistyped path is
 * not a malformed document. The codes have no IR location, so the path is empty.
 */
function readOrThrow(what: string, read: () => Buffer): Buffer {
  try {
    return read();
  } catch (err) {
    if (err instanceof CodedError) throw err; // E_INPUT_TOO_LARGE: the size cap, not an I/O error
    throw inputReadError(what, err);
  }
}

function parseOrThrow(bytes: Buffer): Workload {
  const parsed = irRuntime().parseWorkload(bytes);
  if (!parsed.ok) throw new CodedError(parsed.errors);
  return parsed.workload;
}
