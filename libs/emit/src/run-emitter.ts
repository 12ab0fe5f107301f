/**
 * The emitter contract shared by both SDKs (python-sdk.md §7): the SDK runs as a child process in
 * its own process group, no shell, and writes the IR to a fresh temporary file named by
 * MVMFORGE_IR_OUT (never to stdout, so nothing the author prints can mix into it). The temporary
 * directory is always removed, on SIGINT/SIGTERM/SIGHUP too: the guard taken before it exists keeps
 * the signal from ending the process until the SDK's group has been reaped (runCaptured) and the
 * directory is gone; then the signal is re-raised.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CodedError } from '@mvmforge/ir/dist/diagnostic';
import { guardSignals, runCaptured } from '@mvmforge/process';
import { emitFailed } from './errors';

export const DEFAULT_EMIT_TIMEOUT_MS = 120_000;

export interface RunSdkOptions {
  /** Environment to start from (default: process.env). MVMFORGE_PYTHON is read from it. */
  env?: NodeJS.ProcessEnv;
  /** Milliseconds before the SDK process is killed (default 120 s). */
  timeoutMs?: number;
  /**
   * 'inherit' (default): on success the SDK's stderr (what the author's code printed) is copied to
   * our stderr; on failure it is only in the E_EMIT_FAILED detail, so the user sees it once.
   * 'capture': kept only; the caller decides what to show (RunSdkResult.stderr, or the error detail).
   */
  stderr?: 'inherit' | 'capture';
  /** Directory that holds the Python `mvmforge` package (default: the bundled one, see sdkPythonPath). */
  sdkPath?: string;
}

export interface RunSdkResult {
  /** The IR bytes exactly as the SDK wrote them. */
  bytes: Buffer;
  /** Everything the SDK (and the author's code) wrote to stderr. */
  stderr: string;
}

export interface EmitterProcess {
  /** "Python" or "Node": named in every failure ("the Python SDK exited with status 1"). */
  sdk: string;
  command: string;
  args: readonly string[];
  /** The child's environment, without MVMFORGE_IR_OUT (added here). */
  env: NodeJS.ProcessEnv;
  /** The command as a user would type it, for the timeout and no-output messages. */
  commandLine: string;
  /** The coded error for a child that could not be started at all. */
  spawnError(error: NodeJS.ErrnoException): CodedError;
}

export async function runEmitter(p: EmitterProcess, opts: RunSdkOptions): Promise<RunSdkResult> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_EMIT_TIMEOUT_MS;
  const guard = guardSignals();
  let tempDir: string;
  try {
    tempDir = mkdtempSync(join(tmpdir(), 'mvmforge-emit-'));
  } catch (err) {
    guard.release();
    throw err;
  }
  const irFile = join(tempDir, 'ir.json');
  try {
    const outcome = await runCaptured(p.command, p.args, { env: { ...p.env, MVMFORGE_IR_OUT: irFile }, timeoutMs, stdout: 'ignore' });
    if (outcome.kind === 'spawn-error') throw p.spawnError(outcome.error);
    const stderr = outcome.stderr;
    const name = `the ${p.sdk} SDK`;
    if (outcome.kind === 'timeout') {
      throw emitFailed(
        `${name} did not finish within ${Math.round(timeoutMs / 1000)} s and was killed (${p.commandLine})${withStderr(stderr)}`,
      );
    }
    if (outcome.signal) throw emitFailed(`${name} was killed by ${outcome.signal}${withStderr(stderr)}`);
    if (outcome.status !== 0) throw emitFailed(`${name} exited with status ${outcome.status}${withStderr(stderr)}`);
    let bytes: Buffer;
    try {
      bytes = readFileSync(irFile);
    } catch {
      throw emitFailed(`${name} exited 0 but wrote no IR file (${p.commandLine})${withStderr(stderr)}`);
    }
    if (bytes.length === 0) throw emitFailed(`${name} exited 0 but its IR output is empty (${p.commandLine})${withStderr(stderr)}`);
    if (opts.stderr !== 'capture' && stderr) process.stderr.write(stderr);
    return { bytes, stderr };
  } finally {
    rmSync(tempDir, { recursive: true, force: true });
    guard.release();
  }
}

/** The SDK's stderr appended to an error detail (it already names file and line). */
function withStderr(stderr: string): string {
  const text = stderr.trim();
  return text ? `: ${text}` : '';
}
