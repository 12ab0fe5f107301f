import { InvalidArgumentError, type Command } from 'commander';
import type * as Codegen from '@mvmforge/codegen';
import { loadWhileRunning, loadWorkloadSource } from '@mvmforge/emit';
import type { VerbResult } from '../exit';

interface CompileFlags {
  out: string;
  baseDir?: string;
  root?: string;
  json?: boolean;
  warnBundleMb?: number;
}

/** `--warn-bundle-mb`: a positive number of MiB (fractions allowed). */
function parseMib(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a positive number of MiB');
  return Math.round(n * 1024 * 1024);
}

export function configure(cmd: Command): void {
  cmd
    .description('compile a workload into an artifact directory (flake.nix, launch.json, src/)')
    .argument('<input>', 'entry .py, IR manifest .json, or - for stdin')
    .requiredOption('--out <dir>', 'artifact directory to create or replace')
    .option('--base-dir <dir>', 'base directory for a relative source.path (default: the manifest directory)')
    .option('--root <dir>', 'allowed root the source must stay inside (default: the git root, else the manifest directory)')
    .option('--warn-bundle-mb <mib>', 'warn loudly when the source bundle is larger than this (default 256)', parseMib)
    .option('--json', 'print the result (or errors) as JSON on stdout');
}

export async function run(input: string, flags: CompileFlags): Promise<VerbResult> {
  const mode = { json: flags.json === true };
  // An entry's SDK is already running when loadWorkloadSource returns its promise; the compiler
  // (about 90 ms of modules) loads meanwhile instead of before the SDK starts.
  const loading = loadWorkloadSource(input);
  const { compileWorkload } = loadWhileRunning(loading, () => require('@mvmforge/codegen') as typeof Codegen);
  const { workload, manifestDir, kind } = await loading;
  const result = await compileWorkload({
    workload,
    manifestDir,
    manifestKind: kind,
    manifestFile: kind === 'json' ? input : undefined,
    baseDir: flags.baseDir,
    root: flags.root,
    out: flags.out,
    warnBytes: flags.warnBundleMb,
  });
  for (const w of result.warnings) process.stderr.write(`mvmforge: WARNING: ${w}\n`);
  if (mode.json) {
    // The --json wire format keeps its snake_case keys in this order (the TS result is camelCase).
    const { out, irHash, treeHash, fileCount, workloadId, bytes, rules, warnings } = result;
    const doc = { out, ir_hash: irHash, tree_hash: treeHash, file_count: fileCount, workload_id: workloadId, bytes, rules, warnings };
    process.stdout.write(`${JSON.stringify(doc)}\n`);
  } else {
    process.stdout.write(
      `compiled ${result.workloadId} -> ${result.out}\n` +
        `  ir_hash    ${result.irHash}\n` +
        `  tree_hash  ${result.treeHash}\n` +
        `  src files  ${result.fileCount}\n`,
    );
  }
  return 'ok';
}
