import { rmSync, statSync } from 'node:fs';
import { constants as osConstants } from 'node:os';
import { join, resolve } from 'node:path';
import { compileWorkload, readArtifact } from '@mvmforge/codegen';
import { loadWorkloadSource } from '@mvmforge/emit';
import { UpInterruptedError, UpUsageError } from './errors';
import { flakeSafeTempDir } from './flake-ref';

export interface PreparedArtifact {
  /** Absolute artifact directory to hand to mvmctl. */
  dir: string;
  /** True when `up` compiled it from an entry or manifest. */
  compiled: boolean;
  /** Removes the temporary artifact, if one was made; call after mvmctl has exited. Idempotent. */
  cleanup(): void;
  /**
   * Stops holding SIGINT/SIGTERM/SIGHUP and returns a signal that arrived since compile finished, if any.
   * Call it right after runUp() was called (runUp installs its own handlers synchronously), so
   * there is no moment in which a signal would kill mvmforge and leave the temporary artifact.
   */
  release(): NodeJS.Signals | undefined;
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

const HELD_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Holds SIGINT/SIGTERM/SIGHUP while `up` owns a temporary directory and no child runs yet: the
 * signal is remembered instead of killing the process, and it aborts the compile (the source walk
 * checks the AbortSignal at every entry), so `up` answers within a moment, removes the directory
 * and exits 128+n instead of finishing a long walk first.
 */
function holdSignals(): { received(): NodeJS.Signals | undefined; abort: AbortSignal; stop(): void } {
  let received: NodeJS.Signals | undefined;
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => {
    received ??= signal;
    controller.abort(new UpInterruptedError(signal, 128 + (osConstants.signals[signal] ?? 0)));
  };
  for (const s of HELD_SIGNALS) process.on(s, onSignal);
  return {
    received: () => received,
    abort: controller.signal,
    stop: () => {
      for (const s of HELD_SIGNALS) process.removeListener(s, onSignal);
    },
  };
}

/**
 * Turns `up`'s argument into an artifact directory (artifact-v1 §1): a directory is used as is
 * (and must hold flake.nix + launch.json); an entry or manifest is compiled first, into `out` or
 * into a fresh directory under the OS temp dir that cleanup() removes. A SIGINT/SIGTERM/SIGHUP
 * during the compile into a temporary directory aborts it, removes it and throws UpInterruptedError.
 */
export async function prepareArtifact(arg: string, options: { out?: string; env?: NodeJS.ProcessEnv } = {}): Promise<PreparedArtifact> {
  if (isDirectory(arg)) {
    if (options.out !== undefined) {
      throw new UpUsageError('--out applies only when up compiles an entry or manifest, not to an artifact directory');
    }
    const dir = resolve(arg);
    readArtifact(dir); // E_ARTIFACT_INVALID unless a format-1.0 artifact
    return { dir, compiled: false, cleanup: () => undefined, release: () => undefined };
  }

  const { workload, manifestDir } = await loadWorkloadSource(arg, { env: options.env });
  if (options.out !== undefined) {
    const result = await compileWorkload({ workload, manifestDir, out: resolve(options.out), env: options.env });
    return { dir: resolve(result.out), compiled: true, cleanup: () => undefined, release: () => undefined };
  }

  // Held from before the directory exists, so no signal can ever leave it behind.
  const signals = holdSignals();
  let tmp: string | undefined;
  const cleanup = (): void => {
    if (tmp !== undefined) rmSync(tmp, { recursive: true, force: true });
  };
  try {
    // Refused before compiling: runUp would have to copy the artifact into this same directory.
    tmp = flakeSafeTempDir(
      (base, bad) =>
        `up compiles into the temporary directory ${JSON.stringify(base)}, which contains ${JSON.stringify(bad)}; mvmctl's \`nix build\` shell line cannot carry it. ` +
        'Set TMPDIR to a directory with a plain path (letters, digits, . _ - + = @ , /), or pass --out with such a directory',
    );
    // The artifact goes one level below the fresh directory: compile publishes by renaming a
    // staging sibling into place, and that sibling must live inside our directory too.
    const result = await compileWorkload({ workload, manifestDir, out: join(tmp, 'artifact'), env: options.env, signal: signals.abort });
    const signal = signals.received();
    if (signal !== undefined) throw new UpInterruptedError(signal, 128 + (osConstants.signals[signal] ?? 0));
    const dir = resolve(result.out);
    return {
      dir,
      compiled: true,
      cleanup,
      release: () => {
        signals.stop();
        return signals.received();
      },
    };
  } catch (err) {
    signals.stop();
    cleanup();
    const signal = signals.received();
    // An interrupted compile may fail in odd ways (codegen cleans up its staging on the signal too);
    // the signal is the real reason.
    if (signal !== undefined && !(err instanceof UpInterruptedError)) {
      throw new UpInterruptedError(signal, 128 + (osConstants.signals[signal] ?? 0));
    }
    throw err;
  }
}
