import type { Command } from 'commander';
import { irHash } from '@mvmforge/ir';
import { loadWorkloadSource } from '@mvmforge/emit';
import type { VerbResult } from '../exit';

/** `mvmforge hash FILE|-`: print the ir_hash (ir-v0 §7) and a newline. Parses; does not validate. */
export function configure(cmd: Command): void {
  cmd
    .description('print the ir_hash of a workload (parses strictly; does not validate)')
    .argument('<input>', 'IR manifest .json, entry .py, or - for stdin');
}

export async function run(input: string): Promise<VerbResult> {
  const { workload } = await loadWorkloadSource(input);
  process.stdout.write(`${irHash(workload)}\n`);
  return 'ok';
}
