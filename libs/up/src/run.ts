import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import { constants as osConstants } from 'node:os';
import { join, resolve } from 'node:path';
import { readArtifact } from '@mvmforge/codegen';
import { CodedError, diagnostic } from '@mvmforge/ir';
import { killGroup, REAPED_SIGNALS, runCaptured, type ReapedSignal } from '@mvmforge/process';
import { materializeMvmctl } from './build-mvmctl';
import { flakeRef, flakeSafeTempDir, unsafeFlakePathChar } from './flake-ref';
import { maskArgv, secretVarsOf } from './mask';
import { detectMvmctlCli, verbArgs, type DetectedCli, type MvmctlCli } from './mvmctl-cli';
import { upOptionsToArgs, type UpOptions } from './options';
import { resolveMvmctl, type ResolvedMvmctl } from './resolve-mvmctl';
import { splitUpArgs } from './split-args';

type Env = Readonly<Record<string, string | undefined>>;

export interface RunUpOptions {
  /** The artifact directory (made absolute here; mvmctl gets `--flake path:<absolute dir>`). */
  artifactDir: string;
  /** Typed options (the Nx `up` target's), mapped to the detected CLI's flags before the MVMFORGE_UP_ARGS words. */
  upOptions?: UpOptions;
  /** Ready-made mvmctl flags placed before the MVMFORGE_UP_ARGS words (after the upOptions flags). */
  optionArgs?: readonly string[];
  /** Arguments appended after the MVMFORGE_UP_ARGS words (CLI: after `--`; Nx: the `args` option). */
  extraArgs?: readonly string[];
  /** Environment for resolution, MVMFORGE_UP_ARGS and the child; defaults to process.env. */
  env?: Env;
  /** Print which mvmctl, its version, its CLI and the (masked) argv first, on `log`. */
  verbose?: boolean;
  /** Called once mvmctl has been spawned (the Nx executor reports "running" from here). */
  onSpawn?: (child: ChildProcess) => void;
  /** Where diagnostics of `up` itself go; defaults to process.stderr. */
  log?: (line: string) => void;
  /** Grace period before SIGKILL after a second forwarded signal; tests shorten it. */
  killGraceMs?: number;
  /** Whether mvmctl shares the terminal's process group (default: when stdin is a TTY). */
  shareProcessGroup?: boolean;
}

/** After a second forwarded signal, mvmctl gets this long to exit before SIGKILL (§11.5). */
export const KILL_GRACE_MS = 10_000;

/**
 * The full argv after the resolved command: the verb of `cli` (`up` or `machine run`), `--flake
 * path:<dir>`, the option flags, the MVMFORGE_UP_ARGS words, then the extra args (the user's
 * own words last, as §11.1 orders them).
 */
export function buildUpArgv(
  mvmctl: Pick<ResolvedMvmctl, 'prefixArgs'>,
  artifactDir: string,
  words: { optionArgs?: readonly string[]; upArgsWords: readonly string[]; extraArgs?: readonly string[] },
  cli: MvmctlCli = 'up',
): string[] {
  return [
    ...mvmctl.prefixArgs,
    ...verbArgs(cli),
    '--flake',
    flakeRef(artifactDir),
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

/** The one line `up` prints of its own when mvmctl fails or dies (mvmctl's output stays untouched). */
export function failureLine(code: number | null, signal: NodeJS.Signals | null): string | undefined {
  if (signal !== null) return `mvmforge up: mvmctl was killed by ${signal} (exit status ${exitStatusOf(code, signal)})`;
  if (code !== null && code !== 0) return `mvmforge up: mvmctl exited with status ${code}`;
  return undefined;
}

async function printVersion(mvmctl: ResolvedMvmctl, command: string, env: Env, log: (line: string) => void): Promise<void> {
  const r = await runCaptured(command, ['--version'], { env: env as NodeJS.ProcessEnv, timeoutMs: 30_000 });
  const out = r.kind === 'exit' && r.status === 0 ? r.stdout.trim() : '';
  const via = mvmctl.source === 'MVMFORGE_MVM_REPO' ? 'built by cargo from MVMFORGE_MVM_REPO' : `found via ${mvmctl.source}`;
  if (out) log(`mvmforge: using ${command} (${out}), ${via}`);
  else log(`mvmforge: using ${command}, ${via}; \`--version\` failed (no minimum version is enforced)`);
}

/**
 * Copies an artifact whose path mvmctl's shell line would split into a fresh directory under the
 * OS temp dir; the caller removes it. E_MVMCTL_FLAKE_PATH_UNSAFE when the temp dir is unsafe too.
 */
function safeCopy(artifactDir: string, bad: string): { dir: string; remove: () => void } {
  const holder = flakeSafeTempDir(
    (base, tmpBad) =>
      `the artifact path ${JSON.stringify(artifactDir)} contains ${JSON.stringify(bad)}, which mvmctl's \`nix build\` shell line cannot carry, ` +
      `and the temporary directory ${JSON.stringify(base)} contains ${JSON.stringify(tmpBad)} too. ` +
      'Set TMPDIR to a directory with a plain path (letters, digits, . _ - + = @ , /), or compile with --out into one',
  );
  const dir = join(holder, 'artifact');
  const remove = (): void => rmSync(holder, { recursive: true, force: true });
  try {
    // verbatimSymlinks: the bundle's relative symlinks stay exactly as compile wrote them.
    cpSync(artifactDir, dir, { recursive: true, verbatimSymlinks: true, errorOnExist: true });
  } catch (err) {
    remove();
    throw err;
  }
  return { dir, remove };
}

/**
 * Runs `<mvmctl> up|machine run --flake path:<dir> [options] [MVMFORGE_UP_ARGS words] [extra args]`
 * (artifact-v1 §11, as superseded by mvm-upstream.md) and resolves to its exit status. SIGINT,
 * SIGTERM and SIGHUP are caught from the moment runUp is called (synchronously, so a caller can
 * hand over its own signal handling with no gap): before mvmctl starts, a signal means mvmctl is
 * never started and the status is 128 + n; afterwards it is forwarded. We never settle before the
 * child has exited. Throws UpUsageError for a malformed MVMFORGE_UP_ARGS / MVMFORGE_MVMCTL_CLI or
 * an option the CLI lacks, CodedError for E_ARTIFACT_INVALID / E_MVM_NOT_FOUND / E_MVMCTL_* — all
 * before spawning mvmctl.
 */
export async function runUp(options: RunUpOptions): Promise<number> {
  const relay = new SignalRelay(options.killGraceMs ?? KILL_GRACE_MS);
  try {
    return await runUpRelayed(options, relay);
  } finally {
    relay.dispose();
  }
}

async function runUpRelayed(options: RunUpOptions, relay: SignalRelay): Promise<number> {
  const env = options.env ?? process.env;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  // Usage errors first: a bad MVMFORGE_UP_ARGS is the user's typo whatever else is wrong.
  const upArgsWords = splitUpArgs(env.MVMFORGE_UP_ARGS ?? '');
  const artifactDir = resolve(options.artifactDir);
  const artifact = readArtifact(artifactDir); // E_ARTIFACT_INVALID unless a format-1.0 artifact
  const resolved = resolveMvmctl(env);
  // A signal while cargo builds or a probe runs kills that child (its own guard); whatever error
  // follows, the signal is the real reason.
  let command: string;
  let prefixArgs: string[];
  let detected: DetectedCli;
  try {
    ({ command, prefixArgs } = await materializeMvmctl(resolved, env));
    if (relay.received !== undefined) return interrupted(relay, log);
    detected = await detectMvmctlCli(command, prefixArgs, env);
  } catch (err) {
    if (relay.received !== undefined) return interrupted(relay, log);
    throw err;
  }
  if (relay.received !== undefined) return interrupted(relay, log);
  const optionArgs = [...(options.upOptions ? upOptionsToArgs(options.upOptions, detected.cli) : []), ...(options.optionArgs ?? [])];
  if (options.verbose) {
    await printVersion(resolved, command, env, log);
    log(
      `mvmforge: mvmctl CLI: ${verbArgs(detected.cli).join(' ')} --flake (${detected.how === 'detected' ? 'detected from its --help' : 'from MVMFORGE_MVMCTL_CLI'})`,
    );
  }

  const bad = unsafeFlakePathChar(artifactDir);
  const copy = bad === undefined ? undefined : safeCopy(artifactDir, bad);
  if (copy && options.verbose)
    log(`mvmforge: ${JSON.stringify(artifactDir)} cannot be passed to mvmctl as is (${JSON.stringify(bad)}); using a copy at ${copy.dir}`);
  try {
    if (relay.received !== undefined) return interrupted(relay, log);
    const argv = buildUpArgv(
      { prefixArgs },
      copy?.dir ?? artifactDir,
      { optionArgs, upArgsWords, extraArgs: options.extraArgs },
      detected.cli,
    );
    if (options.verbose) log(`mvmforge: running ${JSON.stringify([command, ...maskArgv(argv, secretVarsOf(artifact.document))])}`);
    const share = options.shareProcessGroup ?? process.stdin.isTTY === true;
    const { code, signal } = await relay.supervise(command, argv, env, options.onSpawn, share);
    const line = failureLine(code, signal);
    if (line !== undefined) log(line);
    return exitStatusOf(code, signal);
  } finally {
    copy?.remove();
  }
}

function interrupted(relay: SignalRelay, log: (line: string) => void): number {
  const signal = relay.received as ReapedSignal;
  log(`mvmforge up: interrupted by ${signal} before mvmctl started; nothing was started`);
  return exitStatusOf(null, signal);
}

/**
 * Owns SIGINT/SIGTERM/SIGHUP for one runUp. Before a child exists a signal is only remembered;
 * once mvmctl runs, each signal is forwarded and a second one starts the SIGKILL timer (§11.5).
 *
 * Outside a terminal mvmctl leads its own process group, so signals and the SIGKILL escalation
 * reach everything it started; from a terminal it stays in the terminal's foreground group,
 * because a background group that reads the terminal (mvmctl's console) would be stopped with
 * SIGTTIN — there Ctrl-C and hangup reach the whole group from the terminal anyway.
 */
class SignalRelay {
  received: ReapedSignal | undefined;
  private child: ChildProcess | undefined;
  private grouped = true;
  private forwarded = 0;
  private killTimer: NodeJS.Timeout | undefined;
  // Our handlers replace Node's default "exit on signal", which is what keeps us alive until
  // the child has exited.
  private readonly handlers = REAPED_SIGNALS.map((signal) => [signal, () => this.onSignal(signal)] as const);

  constructor(private readonly killGraceMs: number) {
    for (const [signal, handler] of this.handlers) process.on(signal, handler);
  }

  private onSignal(signal: ReapedSignal): void {
    this.received ??= signal;
    if (this.child === undefined) return;
    this.forwarded += 1;
    killGroup(this.child, signal, this.grouped);
    if (this.forwarded === 2 && this.killTimer === undefined) {
      const child = this.child;
      this.killTimer = setTimeout(() => killGroup(child, 'SIGKILL', this.grouped), this.killGraceMs);
    }
  }

  supervise(
    command: string,
    argv: string[],
    env: Env,
    onSpawn: ((child: ChildProcess) => void) | undefined,
    shareProcessGroup: boolean,
  ): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    return new Promise((resolvePromise, reject) => {
      this.grouped = !shareProcessGroup;
      const child = spawn(command, argv, { stdio: 'inherit', env: env as NodeJS.ProcessEnv, detached: this.grouped });
      this.child = child;
      child.once('spawn', () => onSpawn?.(child));
      child.once('error', (err: NodeJS.ErrnoException) => {
        // Only spawn failures land here (the file vanished or lost its x bit since resolution).
        this.child = undefined;
        reject(new CodedError(diagnostic('E_MVM_NOT_FOUND', '', `could not start ${command}: ${err.message}`)));
      });
      child.once('exit', (code, signal) => {
        if (this.killTimer !== undefined) clearTimeout(this.killTimer);
        // After a forwarded signal nothing mvmctl started may outlive it (e.g. a nix build it ran).
        if (this.forwarded > 0 && this.grouped) killGroup(child, 'SIGKILL', true);
        this.child = undefined;
        resolvePromise({ code, signal });
      });
    });
  }

  dispose(): void {
    for (const [signal, handler] of this.handlers) process.removeListener(signal, handler);
    if (this.killTimer !== undefined) clearTimeout(this.killTimer);
  }
}
