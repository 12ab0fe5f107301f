/**
 * Runs the Python SDK's emitter as a child process (python-sdk.md §7): `<python> -m mvmforge
 * <entry>`, no shell, the bundled package first on PYTHONPATH, and the IR written to a fresh
 * temporary file named by MVMFORGE_IR_OUT (never to stdout, so nothing the author prints can mix
 * into it). The temporary directory is always removed.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { emitFailed } from './errors';
import { pythonInterpreter, sdkPythonPath } from './sdk-location';

export const DEFAULT_EMIT_TIMEOUT_MS = 120_000;
/** How long to wait for stderr EOF after the SDK process has exited. */
const STDERR_DRAIN_MS = 500;

export interface RunSdkOptions {
  /** Environment to start from (default: process.env). MVMFORGE_PYTHON is read from it. */
  env?: NodeJS.ProcessEnv;
  /** Milliseconds before the SDK process is killed (default 120 s). */
  timeoutMs?: number;
  /**
   * 'inherit' (default): the SDK's stderr is copied live to our stderr (and kept for error details).
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
  const tempDir = mkdtempSync(join(tmpdir(), 'mvmforge-emit-'));
  const irFile = join(tempDir, 'ir.json');
  const existingPath = baseEnv.PYTHONPATH;
  const env: NodeJS.ProcessEnv = {
    ...baseEnv,
    PYTHONPATH: existingPath ? `${sdkPath}${delimiter}${existingPath}` : sdkPath,
    PYTHONDONTWRITEBYTECODE: '1',
    MVMFORGE_IR_OUT: irFile,
  };
  try {
    const outcome = await runProcess(python.command, ['-m', 'mvmforge', entryPath], env, timeoutMs, opts.stderr ?? 'inherit');
    const stderr = outcome.stderr;
    if (outcome.kind === 'spawn-error') {
      throw emitFailed(interpreterProblem(python, outcome.error));
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
    return { bytes, stderr };
  } finally {
    rmSync(tempDir, { recursive: true, force: true });
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

type ProcessOutcome =
  | { kind: 'exit'; status: number | null; signal: NodeJS.Signals | null; stderr: string }
  | { kind: 'timeout'; stderr: string }
  | { kind: 'spawn-error'; error: NodeJS.ErrnoException; stderr: string };

function runProcess(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
  stderrMode: 'inherit' | 'capture',
): Promise<ProcessOutcome> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let settled = false;
    let timedOut = false;
    const child = spawn(command, args, { env, stdio: ['ignore', 'ignore', 'pipe'], shell: false });
    const finish = (outcome: ProcessOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const stderrText = () => Buffer.concat(chunks).toString('utf8');
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stderr.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      if (stderrMode === 'inherit') process.stderr.write(chunk);
    });
    child.on('error', (error: NodeJS.ErrnoException) => finish({ kind: 'spawn-error', error, stderr: stderrText() }));
    const done = (status: number | null, signal: NodeJS.Signals | null) => {
      if (timedOut) finish({ kind: 'timeout', stderr: stderrText() });
      else finish({ kind: 'exit', status, signal, stderr: stderrText() });
    };
    child.on('close', done);
    // 'close' waits for stderr to reach EOF, which never comes while a background process the
    // author's code started still holds the pipe. After the SDK itself has exited, give the pipe
    // a moment to drain, then stop waiting for it.
    child.on('exit', (status, signal) => {
      setTimeout(() => {
        child.stderr.destroy();
        done(status, signal);
      }, STDERR_DRAIN_MS).unref();
    });
  });
}
