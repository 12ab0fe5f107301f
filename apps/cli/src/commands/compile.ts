import type { Command } from 'commander';
import { compileWorkload } from '@mvmforge/codegen';
import { loadWorkloadSource } from '@mvmforge/emit';
import type { VerbResult } from '../exit';

interface CompileFlags {
  out: string;
  baseDir?: string;
  root?: string;
  json?: boolean;
}

export function configure(cmd: Command): void {
  cmd
    .description('compile a workload into an artifact directory (flake.nix, launch.json, src/)')
    .argument('<input>', 'entry .py, IR manifest .json, or - for stdin')
    .requiredOption('--out <dir>', 'artifact directory to create or replace')
    .option('--base-dir <dir>', 'base directory for a relative source.path (default: the manifest directory)')
    .option('--root <dir>', 'allowed root the source must stay inside (default: the git root, else the manifest directory)')
    .option('--json', 'print the result (or errors) as JSON on stdout');
}

export async function run(input: string, flags: CompileFlags): Promise<VerbResult> {
  const mode = { json: flags.json === true };
  const { workload, manifestDir } = await loadWorkloadSource(input);
  const result = await compileWorkload({ workload, manifestDir, baseDir: flags.baseDir, root: flags.root, out: flags.out });
  if (mode.json) {
    const { out, ir_hash, tree_hash, file_count, workload_id } = result;
    process.stdout.write(`${JSON.stringify({ out, ir_hash, tree_hash, file_count, workload_id })}\n`);
  } else {
    process.stdout.write(
      `compiled ${result.workload_id} -> ${result.out}\n` +
        `  ir_hash    ${result.ir_hash}\n` +
        `  tree_hash  ${result.tree_hash}\n` +
        `  src files  ${result.file_count}\n`,
    );
  }
  return 'ok';
}
