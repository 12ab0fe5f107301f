/**
 * Runs a child process without a shell and collects what it prints. Used for the Python SDK, nix
 * and `cargo build`; `mvmctl` (which inherits the terminal) is supervised by @mvmforge/up instead.
 *
 * The child leads its own process group (so it and whatever it starts can be reaped together).
 * While it runs, SIGINT/SIGTERM/SIGHUP are caught (guardSignals): the signal is passed to the
 * whole group, whatever is left of the group is SIGKILLed once the child has exited, and the
 * signal is re-raised when the last guard is released — callers that own temporary files take
 * their own guard around the call so they can remove them first.
 */
import { spawn } from 'node:child_process';
import { killGroup } from './group';
import { guardSignals } from './signals';

export interface RunCapturedOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Kill the child's process group with SIGKILL after this many milliseconds (default: no limit). */
  timeoutMs?: number;
  /** 'capture' (default) keeps stdout; 'ignore' discards it. */
  stdout?: 'capture' | 'ignore';
  /** 'capture' (default) keeps stderr; 'inherit' shows it live (cargo's build progress). */
  stderr?: 'capture' | 'inherit';
}

export type CapturedOutcome =
  | { kind: 'exit'; status: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }
  | { kind: 'timeout'; stdout: string; stderr: string }
  | { kind: 'spawn-error'; error: NodeJS.ErrnoException; stdout: string; stderr: string };

/** How long to wait for the output pipes to close after the child itself has exited. */
const PIPE_DRAIN_MS = 500;

export function runCaptured(command: string, args: readonly string[], options: RunCapturedOptions = {}): Promise<CapturedOutcome> {
  return new Promise((resolve) => {
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let settled = false;
    let timedOut = false;
    let signalled = false;
    const child = spawn(command, [...args], {
      env: options.env ?? process.env,
      cwd: options.cwd,
      stdio: ['ignore', options.stdout === 'ignore' ? 'ignore' : 'pipe', options.stderr === 'inherit' ? 'inherit' : 'pipe'],
      shell: false,
      detached: true,
    });
    const guard = guardSignals((signal) => {
      signalled = true;
      killGroup(child, signal);
    });
    const text = (chunks: Buffer[]) => Buffer.concat(chunks).toString('utf8');
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            killGroup(child, 'SIGKILL');
          }, options.timeoutMs);
    const finish = (outcome: CapturedOutcome) => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      // Released before the caller continues: a caller that still has cleanup to do after a
      // signal (a temp dir, a scratch copy) holds its own guard, so the signal is re-raised only
      // when that caller releases it — never from a callback racing the caller's error handling.
      guard.release();
      resolve(outcome);
    };
    child.stdout?.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (error: NodeJS.ErrnoException) => finish({ kind: 'spawn-error', error, stdout: text(out), stderr: text(err) }));
    const done = (status: number | null, signal: NodeJS.Signals | null) => {
      if (timedOut) finish({ kind: 'timeout', stdout: text(out), stderr: text(err) });
      else finish({ kind: 'exit', status, signal, stdout: text(out), stderr: text(err) });
    };
    child.on('close', done);
    // 'close' waits for the pipes to reach EOF, which never comes while a background process the
    // child started still holds them (an author's app.py may do that). Once the child itself has
    // exited, give the pipes a moment to drain, then stop waiting.
    child.on('exit', (status, signal) => {
      // After a signal, nothing of the group may outlive the child (a member that ignored it).
      if (signalled || timedOut) killGroup(child, 'SIGKILL');
      const drain = setTimeout(() => {
        child.stdout?.destroy();
        child.stderr?.destroy();
        done(status, signal);
      }, PIPE_DRAIN_MS);
      // Unref'd normally (a lingering pipe must not keep us alive); kept after a signal, or the
      // process could run out of work and exit 0 before the signal is re-raised.
      if (!signalled) drain.unref();
    });
  });
}
