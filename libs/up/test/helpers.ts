/** Shared fixtures for the `up` tests: artifact dirs, the fake mvmctl, a clean env, the built CLI. */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { assertCliBuilt, CLI_BIN, REPO_ROOT } from '../../../fixtures/test-support/cli';

export { assertCliBuilt, REPO_ROOT };
export const FAKE_MVMCTL = join(REPO_ROOT, 'fixtures/fake-mvmctl/fake-mvmctl');
/** The fake speaking the current CLI (`machine run --flake`; `up` is an unrecognized subcommand). */
export const FAKE_MVMCTL_MACHINE_RUN = join(REPO_ROOT, 'fixtures/fake-mvmctl/fake-mvmctl-machine-run');
export const CLI = CLI_BIN;
/** The directory of the running node, so `#!/usr/bin/env node` scripts work under a narrowed PATH. */
export const NODE_DIR = dirname(process.execPath);

const madeDirs: string[] = [];
// Every test file that imports these helpers cleans up the temporary directories it made.
afterAll(() => {
  for (const d of madeDirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

export function tempDir(prefix = 'mvmforge-up-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  madeDirs.push(dir);
  return dir;
}

/** A minimal artifact directory: what the fake mvmctl's checks (§11.7) require, nothing more. */
export function makeArtifact(dir: string, workloadId = 'hello'): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'flake.nix'), '{ outputs = _: { }; }\n');
  const launch = {
    artifact_format_version: '1.0',
    flake_attribute: 'mvmforge.workload',
    flake_path: '.',
    ir_hash: '0'.repeat(64),
    ir_schema_version: '0.1',
    toolchain_version: '0.1.0',
    workload_id: workloadId,
  };
  writeFileSync(join(dir, 'launch.json'), `${JSON.stringify(launch)}\n`);
  return dir;
}

/** process.env without anything that steers `up` or the fake, plus the given overrides. */
export function cleanEnv(overrides: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k.startsWith('MVMFORGE_') && k !== 'MVMFORGE_PYTHON') continue;
    env[k] = v;
  }
  for (const [k, v] of Object.entries(overrides)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

/** Writes an executable Node script (absolute shebang, so PATH does not matter). */
export function writeNodeScript(file: string, body: string): string {
  writeFileSync(file, `#!${process.execPath}\n'use strict';\n${body}\n`);
  chmodSync(file, 0o755);
  return file;
}

/**
 * A fake `cargo` at `file` that "builds" mvmctl: it appends its argv (one JSON line) to `record`
 * and prints the compiler-artifact message `cargo build --message-format=json-render-diagnostics`
 * prints for the `mvmctl` binary at `executable`. With FAKE_CARGO_FAIL set it fails like a
 * compile error instead (rustc's diagnostic on stderr, status 101).
 */
export function writeFakeCargo(file: string, record: string, executable: string): string {
  const message = JSON.stringify({ reason: 'compiler-artifact', target: { name: 'mvmctl', kind: ['bin'] }, executable });
  return writeNodeScript(
    file,
    `require('node:fs').appendFileSync(${JSON.stringify(record)}, JSON.stringify(process.argv.slice(2)) + '\\n');
if (process.env.FAKE_CARGO_FAIL) { process.stderr.write('error[E0425]: cannot find value\\n'); process.exit(101); }
console.log(${JSON.stringify(message)});`,
  );
}

export interface Recorded {
  argv?: string[];
  cwd?: string;
  exit?: number | null;
  flake_path?: string | null;
  launch_json?: string;
  hold?: boolean;
  signal?: string;
  cli?: string;
  flake_ref?: string | null;
  child_pid?: number;
}

export function readRecord(file: string): Recorded[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Recorded);
}

/** The recorded calls that tried to boot (not the `--help` / `--version` probes). */
export function boots(file: string): Recorded[] {
  return readRecord(file).filter((r) => r.flake_ref !== undefined);
}

export interface CliResult {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Spawns the built CLI; `onStart` sees the child (for signal tests). */
export function runCli(
  args: readonly string[],
  options: { env: NodeJS.ProcessEnv; cwd?: string; onStart?: (child: ChildProcess) => void },
): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: options.env,
      cwd: options.cwd ?? REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.once('error', reject);
    child.once('close', (status, signal) => resolvePromise({ status, signal, stdout, stderr }));
    options.onStart?.(child);
  });
}

export async function waitFor(predicate: () => boolean, timeoutMs = 15_000, what = 'condition'): Promise<void> {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
