/**
 * Entry → canonical IR: run the SDK, re-parse its output strictly, validate, and re-canonicalize
 * on the host (the SDK's bytes are not trusted to be canonical, python-sdk.md §4).
 */
import type { Workload } from '@mvmforge/ir';
import { CodedError } from '@mvmforge/ir/dist/diagnostic';
import { closeSync, openSync, statSync } from 'node:fs';
import { inputReadError } from './errors';
import { irRuntime, loadWhileRunning } from './ir-runtime';
import { runEntry } from './run-entry';
import type { RunSdkOptions } from './run-sdk';

export interface EmittedWorkload {
  workload: Workload;
  /** Canonical IR bytes (UTF-8, no trailing newline). */
  canonical: Buffer;
  irHash: string;
  /** The bytes the SDK wrote, before host re-canonicalization. */
  sdkBytes: Buffer;
  /** The SDK process's stderr (author prints). */
  sdkStderr: string;
}

/** Runs the SDK on `entry` and parses its output; parse errors are thrown as their own codes. */
export async function emitAndParse(
  entry: string,
  opts: RunSdkOptions = {},
): Promise<{ workload: Workload; sdkBytes: Buffer; sdkStderr: string }> {
  assertReadableEntry(entry);
  // The child is spawned before runEntry returns; the IR library then loads while the SDK runs.
  const running = runEntry(entry, opts);
  const { parseWorkload } = loadWhileRunning(running, irRuntime);
  const { bytes, stderr } = await running;
  const parsed = parseWorkload(bytes);
  if (!parsed.ok) throw new CodedError(parsed.errors);
  return { workload: parsed.workload, sdkBytes: bytes, sdkStderr: stderr };
}

/**
 * A missing or unreadable entry is the user's path mistake, reported before Python starts: the SDK
 * would otherwise fail with E_EMIT_FAILED and "fix the app.py line" for a file that is not there.
 */
export function assertReadableEntry(entry: string): void {
  try {
    if (statSync(entry).isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    closeSync(openSync(entry, 'r'));
  } catch (err) {
    throw inputReadError(JSON.stringify(entry), err);
  }
}

/**
 * Emit, parse and validate the workload declared in `entry`: its canonical IR bytes (what
 * `mvmforge emit` prints), hash and the SDK's own output. Throws CodedError with every validation error.
 */
export async function emitWorkload(entry: string, opts: RunSdkOptions = {}): Promise<EmittedWorkload> {
  const { workload, sdkBytes, sdkStderr } = await emitAndParse(entry, opts);
  const { validateWorkload, canonicalizeWorkload, irHash } = irRuntime();
  const errors = validateWorkload(workload);
  if (errors.length > 0) throw new CodedError(errors);
  return {
    workload,
    canonical: Buffer.from(canonicalizeWorkload(workload), 'utf8'),
    irHash: irHash(workload),
    sdkBytes,
    sdkStderr,
  };
}
