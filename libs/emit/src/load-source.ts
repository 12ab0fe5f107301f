/**
 * The one loader behind every CLI verb that takes a workload (`validate`, `hash`, `compile`, `up`):
 * a `.py` entry runs the SDK, `-` reads stdin, anything else is read as an IR JSON file. It parses
 * strictly but does not validate — `hash` must work on invalid documents; the caller decides.
 */
import { closeSync, openSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { CodedError, parseWorkload, readFdBounded, readFileBounded, type Workload } from '@mvmforge/ir';
import { emitAndParse } from './emit-workload';
import type { RunSdkOptions } from './run-sdk';

export type WorkloadSourceKind = 'python' | 'json' | 'stdin';

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

/**
 * The input could not be read (I/O): E_MALFORMED_MANIFEST at `.` (ir-v0 §3.1). A class of its own
 * because `mvmforge validate` exits 2 for it rather than 1.
 */
export class WorkloadReadError extends CodedError {}

export function isPythonEntry(arg: string): boolean {
  return arg.toLowerCase().endsWith('.py');
}

export async function loadWorkloadSource(arg: string, opts: LoadOptions = {}): Promise<LoadedWorkloadSource> {
  if (arg === '-') {
    const bytes = readOrThrow('stdin', opts.readStdin ?? (() => readFdBounded(0, 'stdin')));
    return { workload: parseOrThrow(bytes), manifestDir: process.cwd(), kind: 'stdin' };
  }
  if (isPythonEntry(arg)) {
    // An unreadable entry is an I/O error like an unreadable manifest, not an SDK failure.
    readOrThrow(JSON.stringify(arg), () => {
      if (statSync(arg).isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
      closeSync(openSync(arg, 'r'));
      return Buffer.alloc(0);
    });
    const { workload } = await emitAndParse(arg, opts);
    return { workload, manifestDir: dirname(resolve(arg)), kind: 'python' };
  }
  const bytes = readOrThrow(JSON.stringify(arg), () => readFileBounded(arg, JSON.stringify(arg)));
  return { workload: parseOrThrow(bytes), manifestDir: dirname(resolve(arg)), kind: 'json' };
}

function readOrThrow(what: string, read: () => Buffer): Buffer {
  try {
    return read();
  } catch (err) {
    if (err instanceof CodedError) throw err; // E_INPUT_TOO_LARGE: the size cap, not an I/O error
    const code = (err as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (err as Error).message;
    // ir-v0 §3.1: I/O errors reading the manifest are E_MALFORMED_MANIFEST at the document root.
    throw new WorkloadReadError({ code: 'E_MALFORMED_MANIFEST', path: '.', detail: `cannot read ${what}: ${reason}` });
  }
}

function parseOrThrow(bytes: Buffer): Workload {
  const parsed = parseWorkload(bytes);
  if (!parsed.ok) throw new CodedError(parsed.errors);
  return parsed.workload;
}
