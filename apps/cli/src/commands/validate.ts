import type { Command } from 'commander';
import { loadWorkloadSource } from '@mvmforge/emit';
import { CodedError, validateWorkload } from '@mvmforge/ir';
import type { VerbResult } from '../exit';

/**
 * `mvmforge validate FILE|- [--json]`: parse strictly and run every validation rule (ir-v0 §9).
 * Exit 0 valid, 1 invalid or unreadable (coded errors), 2 usage error.
 */
export function configure(cmd: Command): void {
  cmd
    .description('check a workload against the IR v0 rules; exit 0 valid, 1 invalid or unreadable, 2 usage error')
    .argument('<input>', 'IR manifest .json, entry .py, or - for stdin')
    .option('--json', 'print {"ok":…,"errors":[{"code","path","detail"}]} on stdout');
}

export async function run(input: string, flags: { json?: boolean }): Promise<VerbResult> {
  const { workload } = await loadWorkloadSource(input);
  const errors = validateWorkload(workload);
  if (errors.length > 0) throw new CodedError(errors);
  if (flags.json === true) process.stdout.write(`${JSON.stringify({ ok: true, errors: [] })}\n`);
  else process.stdout.write(`valid: workload ${JSON.stringify(workload.id)}\n`);
  return 'ok';
}
