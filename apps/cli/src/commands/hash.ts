import type { Command } from 'commander';
import { irHash } from '@mvmforge/ir';
import { EXIT_OK, runCommand } from '../io';
import { loadWorkloadSource } from '@mvmforge/emit';

/** `mvmforge hash FILE|-`: print the ir_hash (ir-v0 §7) and a newline. Parses; does not validate. */
export function registerHash(program: Command): void {
  program
    .command('hash')
    .description('print the ir_hash of a workload (parses strictly; does not validate)')
    .argument('<input>', 'IR manifest .json, entry .py, or - for stdin')
    .action(async (input: string) => {
      process.exitCode = await runCommand({ json: false }, async () => {
        const { workload } = await loadWorkloadSource(input);
        process.stdout.write(`${irHash(workload)}\n`);
        return EXIT_OK;
      });
    });
}
