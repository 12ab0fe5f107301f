import { runCaptured, shellQuote } from '@mvmforge/process';

/**
 * Passed to every nix command: flakes on even without nix.conf, never write flake.lock, and no
 * eval cache — Nix 2.8–2.10 can answer a wrong attribute from it when two evaluations of one flake
 * fingerprint overlap (fixed in 2.11; see docs/decisions.md).
 */
export const NIX_COMMON_ARGS: readonly string[] = [
  '--extra-experimental-features',
  'nix-command flakes',
  '--no-write-lock-file',
  '--option',
  'eval-cache',
  'false',
];

export interface NixResult {
  /** The argv after the nix executable, for messages. */
  args: string[];
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs nix without a shell; stdout and stderr are kept apart (warnings go to stderr). */
export async function runNix(nix: string, subcommand: readonly string[], rest: readonly string[]): Promise<NixResult> {
  const args = [...subcommand, ...NIX_COMMON_ARGS, ...rest];
  const outcome = await runCaptured(nix, args);
  if (outcome.kind === 'spawn-error') {
    return { args, status: null, signal: null, stdout: '', stderr: `could not run ${nix}: ${outcome.error.message}` };
  }
  // No timeout is set, so the outcome is an exit.
  const { status, signal } = outcome.kind === 'exit' ? outcome : { status: null, signal: null };
  return { args, status, signal, stdout: outcome.stdout, stderr: outcome.stderr };
}

/**
 * The last lines of nix's stderr, without the "not writing modified lock file" notice that
 * every command prints (it is expected with --no-write-lock-file and would hide the error).
 */
export function stderrTail(stderr: string, maxLines = 20): string {
  const kept: string[] = [];
  let inLockNotice = false;
  for (const line of stderr.split('\n')) {
    if (line.startsWith('warning: not writing modified lock file')) {
      inLockNotice = true;
      continue;
    }
    if (inLockNotice && (line.startsWith('\u2022 ') || line.startsWith(' '))) continue;
    inLockNotice = false;
    if (line.trim() !== '') kept.push(line);
  }
  return kept.slice(-maxLines).join('\n');
}

/** The command as a user would type it, for messages (each word quoted only when needed). */
export function displayCommand(args: readonly string[]): string {
  return ['nix', ...args].map(shellQuote).join(' ');
}
