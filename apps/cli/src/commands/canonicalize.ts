import type { Command } from 'commander';
import { canonicalizeWorkload } from '@mvmforge/ir';
import { loadWorkloadSource } from '@mvmforge/emit';
import type { VerbResult } from '../exit';

/** `mvmforge canonicalize FILE|-`: the canonical bytes of the normalized IR (ir-v0 §5–§6), no trailing newline. */
export function configure(cmd: Command): void {
  cmd
    .description('print the canonical JSON of the normalized workload (the bytes ir_hash is computed over; no trailing newline)')
    .argument('<input>', 'IR manifest .json, entry .py, or - for stdin');
}

export async function run(input: string): Promise<VerbResult> {
  const { workload } = await loadWorkloadSource(input);
  process.stdout.write(Buffer.from(canonicalizeWorkload(workload), 'utf8'));
  return 'ok';
}
