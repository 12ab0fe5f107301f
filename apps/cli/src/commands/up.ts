import type { Command } from 'commander';
import { isUpUsageError, prepareArtifact, runUp, splitUpArgs, UpInterruptedError } from '@mvmforge/up';
import type { ChildProcess } from 'node:child_process';
import { EXIT_USAGE, runCommand } from '../io';

interface UpFlags {
  out?: string;
  verbose?: boolean;
}

/**
 * The words the user wrote after the first `--`. Commander folds them into the operands, so the
 * raw argv is the only place that says which operands came after the separator.
 */
function wordsAfterSeparator(command: Command): readonly string[] | undefined {
  const raw = (command.parent as unknown as { rawArgs?: string[] } | null)?.rawArgs;
  if (!raw) return undefined;
  const at = raw.indexOf('--');
  return at < 0 ? [] : raw.slice(at + 1);
}

function usage(message: string): number {
  process.stderr.write(`mvmforge up: ${message}\n`);
  return EXIT_USAGE;
}

async function up(target: string, operands: string[], flags: UpFlags, command: Command): Promise<number> {
  const afterSeparator = wordsAfterSeparator(command);
  // Everything meant for mvmctl must follow `--`, so a stray word is never silently forwarded.
  if (afterSeparator !== undefined && operands.length > afterSeparator.length) {
    return usage(`unexpected argument ${JSON.stringify(operands[0])}; put mvmctl arguments after --`);
  }
  const mvmctlArgs = operands;
  // runCommand turns CodedErrors into exit 1; usage errors must be caught before it sees them.
  return runCommand({ json: false }, async () => {
    try {
      // A malformed MVMFORGE_UP_ARGS is reported before any compile work (runUp re-checks it).
      splitUpArgs(process.env.MVMFORGE_UP_ARGS ?? '');
      const artifact = await prepareArtifact(target, { out: flags.out });
      try {
        let pending: NodeJS.Signals | undefined;
        const exit = runUp({
          artifactDir: artifact.dir,
          extraArgs: mvmctlArgs,
          verbose: flags.verbose === true,
          // A signal that arrived between compile and spawn is passed on, not lost.
          onSpawn: (child: ChildProcess) => {
            if (pending !== undefined) child.kill(pending);
          },
        });
        // runUp has installed its signal handlers synchronously; only now stop holding ours.
        pending = artifact.release();
        return await exit;
      } finally {
        // Only reached after mvmctl has exited (runUp never settles earlier).
        artifact.cleanup();
      }
    } catch (err) {
      if (isUpUsageError(err)) return usage(err.message);
      if (err instanceof UpInterruptedError) {
        process.stderr.write(`mvmforge up: ${err.message}\n`);
        return err.exitStatus;
      }
      throw err;
    }
  });
}

export function registerUp(program: Command): void {
  program
    .command('up')
    .description('boot a workload through mvmctl: compile an entry or manifest if needed, then run `mvmctl up --flake path:<artifact>` (or `mvmctl machine run --flake …` on a current mvmctl)')
    .argument('<target>', 'an entry (.py), an IR manifest (.json) or an artifact directory')
    .argument('[mvmctl-args...]', 'arguments for mvmctl, after --')
    .option('--out <dir>', 'compile into this directory (default: a temporary directory removed afterwards)')
    .option('--verbose', 'print which mvmctl is used, its version and CLI, and the argv (secret values masked) first')
    .usage('<entry.py|manifest.json|artifact-dir> [--out <dir>] [--verbose] [-- <mvmctl args...>]')
    .action(async (target: string, operands: string[], flags: UpFlags, command: Command) => {
      process.exitCode = await up(target, operands, flags, command);
    });
}
