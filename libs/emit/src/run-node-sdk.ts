/**
 * Runs the TypeScript/JavaScript SDK's emitter (node-emitter.js) as a child Node process — the
 * same contract as the Python SDK (python-sdk.md §7): `process.execPath` (the Node running the
 * host, so no PATH lookup), no shell, the IR written to a fresh temporary file named by
 * MVMFORGE_IR_OUT, a timeout, and every failure as E_EMIT_FAILED with the SDK's `file:line` line.
 * The temporary directory is always removed.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runCaptured } from '@mvmforge/process';
import { emitFailed } from './errors';
import { DEFAULT_EMIT_TIMEOUT_MS, type RunSdkOptions, type RunSdkResult } from './run-sdk';

/**
 * The compiled emitter. Resolved through this package's own package.json so that the same path
 * works from the built library and from its sources under jest (which needs the build first).
 */
export function nodeEmitterPath(): string {
  return join(dirname(require.resolve('@mvmforge/emit/package.json')), 'dist', 'node-emitter.js');
}

export async function runNodeSdk(entryPath: string, opts: RunSdkOptions = {}): Promise<RunSdkResult> {
  const baseEnv = opts.env ?? process.env;
  const timeoutMs = opts.timeoutMs ?? DEFAULT_EMIT_TIMEOUT_MS;
  const tempDir = mkdtempSync(join(tmpdir(), 'mvmforge-emit-'));
  const irFile = join(tempDir, 'ir.json');
  const env: NodeJS.ProcessEnv = { ...baseEnv, MVMFORGE_IR_OUT: irFile };
  const what = `node ${entryPath}`;
  try {
    const outcome = await runCaptured(process.execPath, [nodeEmitterPath(), entryPath], { env, timeoutMs, stdout: 'ignore' });
    const stderr = outcome.stderr;
    if (outcome.kind === 'spawn-error') throw emitFailed(`could not start ${process.execPath}: ${outcome.error.message}`);
    if (outcome.kind === 'timeout') {
      throw emitFailed(`the Node SDK did not finish within ${Math.round(timeoutMs / 1000)} s and was killed (${what})${withStderr(stderr)}`);
    }
    if (outcome.signal) throw emitFailed(`the Node SDK was killed by ${outcome.signal}${withStderr(stderr)}`);
    if (outcome.status !== 0) throw emitFailed(`the Node SDK exited with status ${outcome.status}${withStderr(stderr)}`);
    let bytes: Buffer;
    try {
      bytes = readFileSync(irFile);
    } catch {
      throw emitFailed(`the Node SDK exited 0 but wrote no IR file (${what})${withStderr(stderr)}`);
    }
    if (bytes.length === 0) throw emitFailed(`the Node SDK exited 0 but its IR output is empty (${what})${withStderr(stderr)}`);
    if (opts.stderr !== 'capture' && stderr) process.stderr.write(stderr);
    return { bytes, stderr };
  } finally {
    rmSync(tempDir, { recursive: true, force: true });
  }
}

function withStderr(stderr: string): string {
  const text = stderr.trim();
  return text ? `: ${text}` : '';
}
