import { closeSync, openSync, readFileSync, statSync } from 'node:fs';
import { isPythonEntry, loadWorkloadSource } from '@mvmforge/emit';
import { CodedError, parseWorkload, type Workload } from '@mvmforge/ir';

/**
 * The one way the IR verbs (`validate`, `hash`, `canonicalize`) read their input: a `.py` entry
 * runs the Python SDK (through @mvmforge/emit), `-` reads stdin, anything else is an IR JSON
 * manifest. Parsing is strict; nothing is validated here.
 */

/** Reading the input failed (I/O): E_MALFORMED_MANIFEST at `.` (ir-v0 §3.1), which `validate` exits 2 for. */
export class ManifestReadError extends CodedError {}

function readFailure(arg: string, err: unknown): ManifestReadError {
  const e = err as NodeJS.ErrnoException;
  const reason = e.code === 'ENOENT' ? 'no such file' : e.code === 'EISDIR' ? 'is a directory' : e.message;
  return new ManifestReadError({ code: 'E_MALFORMED_MANIFEST', path: '.', detail: `cannot read ${arg === '-' ? 'stdin' : JSON.stringify(arg)}: ${reason}` });
}

/** A `.py` entry is run by the SDK; an unreadable one is still an I/O error, not an emit failure. */
function assertReadableFile(arg: string): void {
  try {
    if (statSync(arg).isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    closeSync(openSync(arg, 'r'));
  } catch (err) {
    throw readFailure(arg, err);
  }
}

export function readManifestBytes(arg: string): Buffer {
  try {
    return arg === '-' ? readFileSync(0) : readFileSync(arg);
  } catch (err) {
    throw readFailure(arg, err);
  }
}

/** Reads and strictly parses the workload named by a CLI argument; throws CodedError on failure. */
export async function readManifestInput(arg: string): Promise<Workload> {
  if (isPythonEntry(arg)) {
    assertReadableFile(arg);
    return (await loadWorkloadSource(arg)).workload;
  }
  const parsed = parseWorkload(readManifestBytes(arg));
  if (!parsed.ok) throw new CodedError(parsed.errors);
  return parsed.workload;
}
