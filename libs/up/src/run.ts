import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { constants as osConstants } from 'node:os';
import { resolve } from 'node:path';
import { readArtifact } from '@mvmforge/codegen';
import { CodedError, diagnostic } from '@mvmforge/ir';
import { resolveMvmctl, type ResolvedMvmctl } from './resolve-mvmctl';
import { splitUpArgs } from './split-args';

type Env = Readonly<Record<string, string | undefined>>;

export interface RunUpOptions {
  /** The artifact directory (made absolute here; mvmctl gets `--flake <absolute dir>`). */
  artifactDir: string;
  /** mvmctl flags placed before the MVMFORGE_UP_ARGS words (the Nx `up` target's typed options). */
  optionArgs?: readonly string[];
  /** Arguments appended after the MVMFORGE_UP_ARGS words (CLI: after `--`; Nx: the `args` option). */
  extraArgs?: readonly string[];
  /** Environment for resolution, MVMFORGE_UP_ARGS and the child; defaults to process.env. */
  env?: Env;
  /** Print `<mvmctl> --version` first (resolution options 1 and 3 only, artifact-v1 §11.2). */
  verbose?: boolean;
  /** Called once mvmctl has been spawned (the Nx executor reports "running" from here). */
  onSpawn?: (child: ChildProcess) => void;
  /** Where diagnostics of `up` itself go (verbose output); defaults to process.stderr. */
  log?: (line: string) => void;
  /** Grace period before SIGKILL after a second forwarded signal; tests shorten it. */
  killGraceMs?: number;
}

/** After a second forwarded signal, mvmctl gets this long to exit before SIGKILL (§11.5). */
export const KILL_GRACE_MS = 10_000;

/** The full argv of §11.1 after the resolved command: `up --flake <dir>`, env words, extra args. */
export function buildUpArgv(
  mvmctl: ResolvedMvmctl,
  artifactDir: string,
  words: { optionArgs?: readonly string[]; upArgsWords: readonly string[]; extraArgs?: readonly string[] },
): string[] {
  return [
    ...mvmctl.prefixArgs,
    'up',
    '--flake',
    artifactDir,
    ...(words.optionArgs ?? []),
    ...words.upArgsWords,
    ...(words.extraArgs ?? []),
  ];
}

/** Exit status of a finished child: its code, or 128 + n when killed by signal n. */
export function exitStatusOf(code: number | null, signal: NodeJS.Signals | null): number {
  if (code !== null) return code;
  const n = signal ? (osConstants.signals as Record<string, number>)[signal] : undefined;
  return n === undefined ? 1 : 128 + n;
}

function printVersion(mvmctl: ResolvedMvmctl, env: Env, log: (line: string) => void): void {
  // Only for a direct executable: with cargo, --version would first build mvmctl just to print it.
  if (mvmctl.source === 'MVMFORGE_MVM_REPO') {
    log(`mvmforge: mvmctl via cargo from MVMFORGE_MVM_REPO (${mvmctl.command} ${mvmctl.prefixArgs.join(' ')})`);
    return;
  }
  const r = spawnSync(mvmctl.command, ['--version'], { env: env as NodeJS.ProcessEnv, encoding: 'utf8', timeout: 30_000 });
  const out = `${r.stdout ?? ''}`.trim();
  if (r.status === 0 && out) log(`mvmforge: using ${mvmctl.command} (${out}), found via ${mvmctl.source}`);
  else log(`mvmforge: using ${mvmctl.command}, found via ${mvmctl.source}; \`--version\` failed (no minimum version is enforced)`);
}

/**
 * Runs `<mvmctl> up --flake <dir> [MVMFORGE_UP_ARGS words] [extra args]` (artifact-v1 §11) and resolves
 * to its exit status. The child shares our stdio and process group; SIGINT/SIGTERM are forwarded
 * and we never settle before the child has exited. Throws UpUsageError for a malformed
 * MVMFORGE_UP_ARGS, CodedError for E_ARTIFACT_INVALID / E_MVM_NOT_FOUND — all before spawning.
 */
export async function runUp(options: RunUpOptions): Promise<number> {
  const env = options.env ?? process.env;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  // Usage errors first: a bad MVMFORGE_UP_ARGS is the user's typo whatever else is wrong.
  const upArgsWords = splitUpArgs(env.MVMFORGE_UP_ARGS ?? '');
  const artifactDir = resolve(options.artifactDir);
  readArtifact(artifactDir); // E_ARTIFACT_INVALID unless a format-1.0 artifact
  const mvmctl = resolveMvmctl(env);
  if (options.verbose) printVersion(mvmctl, env, log);

  const argv = buildUpArgv(mvmctl, artifactDir, { optionArgs: options.optionArgs, upArgsWords, extraArgs: options.extraArgs });
  if (options.verbose) log(`mvmforge: running ${JSON.stringify([mvmctl.command, ...argv])}`);
  return superviseChild(mvmctl.command, argv, env, options.onSpawn, options.killGraceMs ?? KILL_GRACE_MS);
}

function superviseChild(
  command: string,
  argv: string[],
  env: Env,
  onSpawn: ((child: ChildProcess) => void) | undefined,
  killGraceMs: number,
): Promise<number> {
  return new Promise<number>((resolvePromise, reject) => {
    // No `detached`: the child stays in our process group, so a terminal's Ctrl-C reaches it too.
    const child = spawn(command, argv, { stdio: 'inherit', env: env as NodeJS.ProcessEnv });
    let forwarded = 0;
    let killTimer: NodeJS.Timeout | undefined;

    const forward = (signal: NodeJS.Signals): void => {
      forwarded += 1;
      child.kill(signal);
      if (forwarded === 2 && killTimer === undefined) {
        killTimer = setTimeout(() => child.kill('SIGKILL'), killGraceMs);
      }
    };
    const onSigint = (): void => forward('SIGINT');
    const onSigterm = (): void => forward('SIGTERM');
    // Our handlers replace Node's default "exit on signal", which is what keeps us alive until
    // the child has exited.
    process.on('SIGINT', onSigint);
    process.on('SIGTERM', onSigterm);

    const cleanup = (): void => {
      process.removeListener('SIGINT', onSigint);
      process.removeListener('SIGTERM', onSigterm);
      if (killTimer !== undefined) clearTimeout(killTimer);
    };

    child.once('spawn', () => onSpawn?.(child));
    child.once('error', (err: NodeJS.ErrnoException) => {
      // Only spawn failures land here (the file vanished or lost its x bit since resolution).
      cleanup();
      reject(new CodedError(diagnostic('E_MVM_NOT_FOUND', '', `could not start ${command}: ${err.message}`)));
    });
    child.once('exit', (code, signal) => {
      cleanup();
      resolvePromise(exitStatusOf(code, signal));
    });
  });
}
