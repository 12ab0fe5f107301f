import { readFileSync } from 'node:fs';
import { isPythonEntry, loadWorkloadSource } from '@mvmforge/emit';
import { CodedError, parseWorkload, type Workload } from '@mvmforge/ir';

/**
 * The one way the IR verbs (`validate`, `hash`, `canonicalize`) read their input: a `.py` entry
 * runs the Python SDK (through @mvmforge/emit), `-` reads stdin, anything else is an IR JSON
 * manifest. Parsing is strict; nothing is validated here.
 */

/** Reading the input failed (I/O): E_MALFORMED_MANIFEST at `.` (ir-v0 §3.1), which `validate` exits 2 for. */
export class ManifestReadError extends CodedError {}

export function readManifestBytes(arg: string): Buffer {
  try {
    return arg === '-' ? readFileSync(0) : readFileSync(arg);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const reason = e.code === 'ENOENT' ? 'no such file' : e.code === 'EISDIR' ? 'is a directory' : e.message;
    throw new ManifestReadError({ code: 'E_MALFORMED_MANIFEST', path: '.', detail: `cannot read ${arg === '-' ? 'stdin' : JSON.stringify(arg)}: ${reason}` });
  }
}

/** Reads and strictly parses the workload named by a CLI argument; throws CodedError on failure. */
export async function readManifestInput(arg: string): Promise<Workload> {
  if (isPythonEntry(arg)) return (await loadWorkloadSource(arg)).workload;
  const parsed = parseWorkload(readManifestBytes(arg));
  if (!parsed.ok) throw new CodedError(parsed.errors);
  return parsed.workload;
}
