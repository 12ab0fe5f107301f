import type { Command } from 'commander';
import { isUpUsageError, prepareArtifact, runUp, splitUpArgs, UpInterruptedError } from '@mvmforge/up';
import type { ChildProcess } from 'node:child_process';
import { UsageError, type VerbResult } from '../exit';

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

export async function run(target: string, operands: string[], flags: UpFlags, command: Command): Promise<VerbResult> {
  const afterSeparator = wordsAfterSeparator(command);
  // Everything meant for mvmctl must follow `--`, so a stray word is never silently forwarded.
  if (afterSeparator !== undefined && operands.length > afterSeparator.length) {
    throw new UsageError(`unexpected argument ${JSON.stringify(operands[0])}; put mvmctl arguments after --`);
  }
  const mvmctlArgs = operands;
  try {
    // A malformed MVMFORGE_UP_ARGS is reported before any compile work (runUp re-checks it).
    splitUpArgs(process.env.MVMFORGE_UP_ARGS ?? '');
    const artifact = await prepareArtifact(target, { out: flags.out });
    try {
      let pending: NodeJS.Signals | undefined = undefined;
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
      return { passthrough: await exit };
    } finally {
      // Only reached after mvmctl has exited (runUp never settles earlier).
      artifact.cleanup();
    }
  } catch (err) {
    if (isUpUsageError(err)) throw new UsageError(err.message);
    if (err instanceof UpInterruptedError) {
      process.stderr.write(`mvmforge up: ${err.message}\n`);
      return { passthrough: err.exitStatus };
    }
    throw err;
  }
}

export function configure(cmd: Command): void {
  cmd
    .description(
      'boot a workload through mvmctl: compile an entry or manifest if needed, then run `mvmctl up --flake path:<artifact>` (`machine run --flake` on current mvmctl)',
    )
    .argument('<target>', 'an entry (app.py, app.ts, …), an IR manifest (.json) or an artifact directory')
    .argument('[mvmctl-args...]', 'arguments for mvmctl, after --')
    .option('--out <dir>', 'compile into this directory (default: a temporary directory removed afterwards)')
    .option('--verbose', 'print which mvmctl is used, its version and CLI, and the argv (secret values masked) first')
    .usage('<entry|manifest.json|artifact-dir> [--out <dir>] [--verbose] [-- <mvmctl args...>]');
}
