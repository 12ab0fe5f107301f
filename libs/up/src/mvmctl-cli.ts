/**
 * Which of the two mvmctl command lines the resolved mvmctl speaks:
 *
 * - `up`: `mvmctl up --flake <ref>` — the pin and the v0.13 release
 *   (crates/mvm-cli/src/commands.rs@4c6362e l.243, `Commands::Up`).
 * - `machine-run`: `mvmctl machine run --flake <ref>` — current mvm, where `up` is gone
 *   (crates/mvm-cli/src/commands/tests.rs `up_removed`, a later revision: `InvalidSubcommand`).
 *
 * Detection asks clap for help, which boots nothing: `up --help` first (it also answers on an
 * mvmctl that has both), then `machine run --help`; the one that exits 0 and lists `--flake` wins.
 * MVMFORGE_MVMCTL_CLI=up|machine-run overrides it for when the help text cannot tell.
 */
import { CodedError, diagnostic } from '@mvmforge/ir';
import { runCaptured } from '@mvmforge/process';
import { UpUsageError } from './errors';

export type MvmctlCli = 'up' | 'machine-run';
export const MVMCTL_CLIS: readonly MvmctlCli[] = ['up', 'machine-run'];

type Env = Readonly<Record<string, string | undefined>>;

const PROBE_TIMEOUT_MS = 60_000;

/** The words that select the verb, before `--flake`. */
export function verbArgs(cli: MvmctlCli): string[] {
  return cli === 'up' ? ['up'] : ['machine', 'run'];
}

/** MVMFORGE_MVMCTL_CLI, if set (empty counts as unset); anything else is a usage error. */
export function cliOverride(env: Env): MvmctlCli | undefined {
  const raw = env.MVMFORGE_MVMCTL_CLI;
  if (raw === undefined || raw === '') return undefined;
  if ((MVMCTL_CLIS as readonly string[]).includes(raw)) return raw as MvmctlCli;
  throw new UpUsageError(`MVMFORGE_MVMCTL_CLI must be "up" or "machine-run", got ${JSON.stringify(raw)}`);
}

interface Probe {
  ok: boolean;
  summary: string;
}

function firstLine(text: string): string {
  const line = text.split('\n').find((l) => l.trim() !== '');
  return line === undefined ? '' : line.trim();
}

async function probe(command: string, prefixArgs: readonly string[], words: string[], env: Env): Promise<Probe> {
  const r = await runCaptured(command, [...prefixArgs, ...words], { env: env as NodeJS.ProcessEnv, timeoutMs: PROBE_TIMEOUT_MS });
  if (r.kind === 'spawn-error') return { ok: false, summary: `could not run it: ${r.error.message}` };
  if (r.kind === 'timeout') return { ok: false, summary: 'no answer within 60 s' };
  const help = `${r.stdout}\n${r.stderr}`;
  if (r.status === 0 && /(^|\s)--flake\b/.test(help)) return { ok: true, summary: 'lists --flake' };
  const why =
    r.status === 0 ? 'exit 0 but no --flake in the help' : `exit ${r.status ?? r.signal}: ${firstLine(r.stderr) || firstLine(r.stdout)}`;
  return { ok: false, summary: why };
}

async function versionOf(command: string, prefixArgs: readonly string[], env: Env): Promise<string> {
  const r = await runCaptured(command, [...prefixArgs, '--version'], { env: env as NodeJS.ProcessEnv, timeoutMs: PROBE_TIMEOUT_MS });
  if (r.kind === 'exit' && r.status === 0 && r.stdout.trim() !== '') return JSON.stringify(r.stdout.trim());
  return '(`--version` gave nothing)';
}

export interface DetectedCli {
  cli: MvmctlCli;
  how: 'MVMFORGE_MVMCTL_CLI' | 'detected';
}

/**
 * Decides the CLI for `command prefixArgs…` (an executable mvmctl; the cargo route is built first,
 * so nothing here compiles). Throws UpUsageError for a bad override, E_MVMCTL_CLI_UNKNOWN when
 * neither form answers.
 */
export async function detectMvmctlCli(command: string, prefixArgs: readonly string[], env: Env): Promise<DetectedCli> {
  const forced = cliOverride(env);
  if (forced !== undefined) return { cli: forced, how: 'MVMFORGE_MVMCTL_CLI' };
  const up = await probe(command, prefixArgs, ['up', '--help'], env);
  if (up.ok) return { cli: 'up', how: 'detected' };
  const machine = await probe(command, prefixArgs, ['machine', 'run', '--help'], env);
  if (machine.ok) return { cli: 'machine-run', how: 'detected' };
  const version = await versionOf(command, prefixArgs, env);
  throw new CodedError(
    diagnostic(
      'E_MVMCTL_CLI_UNKNOWN',
      '',
      `${command} (version ${version}) speaks neither \`up --flake\` (up --help: ${up.summary}) nor ` +
        `\`machine run --flake\` (machine run --help: ${machine.summary}). ` +
        'Use an mvmctl that has one of them, or set MVMFORGE_MVMCTL_CLI=up|machine-run if this detection is wrong',
    ),
  );
}
