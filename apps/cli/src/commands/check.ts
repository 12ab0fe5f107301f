import type { Command } from 'commander';
import { checkArtifact, resolveSystem, SUPPORTED_SYSTEMS, UnsupportedSystemError } from '@mvmforge/nix-check';
import { UsageError, type VerbResult } from '../exit';

interface CheckFlags {
  system?: string;
  json?: boolean;
}

/** `mvmforge check <artifact-dir> [--system S] [--json]`: evaluate an artifact with real Nix (artifact-v1 §10). */
export function configure(cmd: Command): void {
  cmd
    .description('evaluate a compiled artifact with real Nix and compare it with its launch.json')
    .argument('<artifact-dir>', 'directory produced by `mvmforge compile`')
    .option('--system <system>', `Nix system to evaluate (${SUPPORTED_SYSTEMS.join(' or ')}; default: the host CPU's)`)
    .option('--json', 'print a JSON result document on stdout');
}

function systemOrUsage(flag: string | undefined): string {
  try {
    return resolveSystem(flag);
  } catch (err) {
    if (err instanceof UnsupportedSystemError) throw new UsageError(err.message);
    throw err;
  }
}

export async function run(dir: string, flags: CheckFlags): Promise<VerbResult> {
  const system = systemOrUsage(flags.system);
  const r = await checkArtifact(dir, { system });
  if (flags.json === true) {
    const doc = { ok: true, name: r.name, system: r.system, workload_id: r.workloadId, ir_hash: r.irHash };
    process.stdout.write(`${JSON.stringify(doc)}\n`);
  } else {
    process.stdout.write(`ok: ${dir} evaluates with Nix (${r.system}): ${r.name}\n`);
  }
  return 'ok';
}
