/**
 * Runs the Python SDK's emitter as a child process (python-sdk.md §7): `<python> -m mvmforge
 * <entry>`, no shell, the bundled package first on PYTHONPATH, and the IR written to a fresh
 * temporary file named by MVMFORGE_IR_OUT (never to stdout, so nothing the author prints can mix
 * into it). The temporary directory is always removed, on a SIGINT/SIGTERM/SIGHUP too: the guard
 * taken before it exists keeps the signal from ending the process until the SDK's process group
 * has been reaped (runCaptured) and the directory is gone; then the signal is re-raised.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { guardSignals, runCaptured } from '@mvmforge/process';
import { emitFailed, pythonNotFound } from './errors';
import { pythonInterpreter, sdkPythonPath } from './sdk-location';

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
  /** Directory that holds the `mvmforge` package (default: the bundled one, see sdkPythonPath). */
  sdkPath?: string;
}

export interface RunSdkResult {
  /** The IR bytes exactly as the SDK wrote them. */
  bytes: Buffer;
  /** Everything the SDK (and the author's code) wrote to stderr. */
  stderr: string;
}

export async function runSdk(entryPath: string, opts: RunSdkOptions = {}): Promise<RunSdkResult> {
  const baseEnv = opts.env ?? process.env;
  const python = pythonInterpreter(baseEnv);
  const sdkPath = opts.sdkPath ?? sdkPythonPath();
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
  const existingPath = baseEnv.PYTHONPATH;
  const env: NodeJS.ProcessEnv = {
    ...baseEnv,
    PYTHONPATH: existingPath ? `${sdkPath}${delimiter}${existingPath}` : sdkPath,
    PYTHONDONTWRITEBYTECODE: '1',
    MVMFORGE_IR_OUT: irFile,
  };
  try {
    const outcome = await runCaptured(python.command, ['-m', 'mvmforge', entryPath], {
      env,
      timeoutMs,
      stdout: 'ignore',
    });
    const stderr = outcome.stderr;
    if (outcome.kind === 'spawn-error') {
      const missing = outcome.error.code === 'ENOENT' || outcome.error.code === 'EACCES';
      throw (missing ? pythonNotFound : emitFailed)(interpreterProblem(python, outcome.error));
    }
    if (outcome.kind === 'timeout') {
      throw emitFailed(
        `the Python SDK did not finish within ${Math.round(timeoutMs / 1000)} s and was killed ` +
          `(${python.command} -m mvmforge ${entryPath})${withStderr(stderr)}`,
      );
    }
    if (outcome.signal) {
      throw emitFailed(`the Python SDK was killed by ${outcome.signal}${withStderr(stderr)}`);
    }
    if (outcome.status !== 0) {
      throw emitFailed(`the Python SDK exited with status ${outcome.status}${withStderr(stderr)}`);
    }
    let bytes: Buffer;
    try {
      bytes = readFileSync(irFile);
    } catch {
      throw emitFailed(`the Python SDK exited 0 but wrote no IR file (${python.command} -m mvmforge ${entryPath})${withStderr(stderr)}`);
    }
    if (bytes.length === 0) {
      throw emitFailed(`the Python SDK exited 0 but its IR output is empty (${python.command} -m mvmforge ${entryPath})${withStderr(stderr)}`);
    }
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

function interpreterProblem(python: { command: string; fromEnv: boolean }, error: NodeJS.ErrnoException): string {
  if (error.code === 'ENOENT' || error.code === 'EACCES') {
    if (python.fromEnv) {
      return `MVMFORGE_PYTHON=${python.command} cannot be run (${error.code}); point it at a Python >= 3.9 interpreter, or unset it to use python3 from PATH`;
    }
    return 'no python3 found on PATH; install Python >= 3.9 (for example `apt-get install python3`) or set MVMFORGE_PYTHON to an interpreter';
  }
  return `could not start ${python.command}: ${error.message}`;
}
