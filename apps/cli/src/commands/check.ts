import type { Command } from 'commander';
import { checkArtifact, resolveSystem, SUPPORTED_SYSTEMS, UnsupportedSystemError } from '@mvmforge/nix-check';
import { EXIT_OK, EXIT_USAGE, runCommand } from '../io';

interface CheckFlags {
  system?: string;
  json?: boolean;
}

/** `mvmforge check <artifact-dir> [--system S] [--json]`: evaluate an artifact with real Nix (artifact-v1 §10). */
export function registerCheck(program: Command): void {
  program
    .command('check')
    .description('evaluate a compiled artifact with real Nix and compare it with its launch.json')
    .argument('<artifact-dir>', 'directory produced by `mvmforge compile`')
    .option('--system <system>', `Nix system to evaluate (${SUPPORTED_SYSTEMS.join(' or ')}; default: the host CPU's)`)
    .option('--json', 'print a JSON result document on stdout')
    .action(async (dir: string, flags: CheckFlags) => {
      const mode = { json: flags.json === true };
      let system: string;
      try {
        system = resolveSystem(flags.system);
      } catch (err) {
        if (!(err instanceof UnsupportedSystemError)) throw err;
        process.stderr.write(`mvmforge check: ${err.message}\n`);
        process.exitCode = EXIT_USAGE;
        return;
      }
      process.exitCode = await runCommand(mode, async () => {
        const r = await checkArtifact(dir, { system });
        if (mode.json) {
          const doc = { ok: true, name: r.name, system: r.system, workload_id: r.workloadId, ir_hash: r.irHash };
          process.stdout.write(`${JSON.stringify(doc)}\n`);
        } else {
          process.stdout.write(`ok: ${dir} evaluates with Nix (${r.system}): ${r.name}\n`);
        }
        return EXIT_OK;
      });
    });
}
