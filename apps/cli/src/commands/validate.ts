import type { Command } from 'commander';
import { WorkloadReadError, loadWorkloadSource } from '@mvmforge/emit';
import { CodedError, validateWorkload } from '@mvmforge/ir';
import { EXIT_OK, EXIT_USAGE, printDiagnostics, runCommand } from '../io';

interface ValidateFlags {
  json?: boolean;
}

/**
 * `mvmforge validate FILE|- [--json]`: parse strictly and run every validation rule (ir-v0 §9).
 * Exit 0 valid, 1 invalid (parse or validation errors), 2 usage or I/O error.
 */
export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('check a workload against the IR v0 rules; exit 0 valid, 1 invalid, 2 usage or I/O error')
    .argument('<input>', 'IR manifest .json, entry .py, or - for stdin')
    .option('--json', 'print {"ok":…,"errors":[{"code","path","detail"}]} on stdout')
    .action(async (input: string, flags: ValidateFlags) => {
      const mode = { json: flags.json === true };
      process.exitCode = await runCommand(mode, async () => {
        let workload;
        try {
          ({ workload } = await loadWorkloadSource(input));
        } catch (err) {
          if (!(err instanceof WorkloadReadError)) throw err;
          printDiagnostics(err.diagnostics, mode);
          return EXIT_USAGE;
        }
        const errors = validateWorkload(workload);
        if (errors.length > 0) throw new CodedError(errors);
        if (mode.json) process.stdout.write(`${JSON.stringify({ ok: true, errors: [] })}\n`);
        else process.stdout.write(`valid: workload ${JSON.stringify(workload.id)}\n`);
        return EXIT_OK;
      });
    });
}
