import { resolve } from 'node:path';
import type { Command } from 'commander';
import { emitWorkload, writeFileAtomic } from '@mvmforge/emit';
import { CodedError } from '@mvmforge/ir/dist/diagnostic';
import { errorMessage } from '@mvmforge/ir/dist/error-message';
import type { VerbResult } from '../exit';

/**
 * `mvmforge emit ENTRY.py [--out FILE]`: run the Python SDK, validate, and print the canonical IR
 * (no trailing newline) or write it atomically to FILE. Thin: all the work is in @mvmforge/emit.
 */
export function configure(cmd: Command): void {
  cmd
    .description('run the Python SDK on an entry and print its canonical Workload IR')
    .argument('<entry>', 'the workload entry file (app.py, app.ts, app.mts, app.js or app.mjs)')
    .option('--out <file>', 'write the IR to this file (atomically) instead of stdout');
}

export async function run(entry: string, flags: { out?: string }): Promise<VerbResult> {
  const emitted = await emitWorkload(entry);
  if (flags.out !== undefined) writeIrFile(flags.out, emitted.canonical);
  else process.stdout.write(emitted.canonical);
  return 'ok';
}

/** Writes the IR atomically; a write failure is a coded error, not a stack trace. */
function writeIrFile(target: string, bytes: Buffer): void {
  try {
    writeFileAtomic(resolve(target), bytes);
  } catch (err) {
    throw new CodedError({ code: 'E_EMIT_FAILED', path: '', detail: `cannot write ${target}: ${errorMessage(err)}` });
  }
}
