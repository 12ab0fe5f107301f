import type { Command } from 'commander';
import { canonicalizeWorkload } from '@mvmforge/ir';
import { EXIT_OK, runCommand } from '../io';
import { loadWorkloadSource } from '@mvmforge/emit';

/** `mvmforge canonicalize FILE|-`: the canonical bytes of the normalized IR (ir-v0 §5–§6), no trailing newline. */
export function registerCanonicalize(program: Command): void {
  program
    .command('canonicalize')
    .description('print the canonical JSON of the normalized workload (the bytes ir_hash is computed over; no trailing newline)')
    .argument('<input>', 'IR manifest .json, entry .py, or - for stdin')
    .action(async (input: string) => {
      process.exitCode = await runCommand({ json: false }, async () => {
        const { workload } = await loadWorkloadSource(input);
        process.stdout.write(Buffer.from(canonicalizeWorkload(workload), 'utf8'));
        return EXIT_OK;
      });
    });
}
