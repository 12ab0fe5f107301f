/**
 * A throwaway Nx workspace for end-to-end tests, built by hand (nx-notes §10): package.json,
 * nx.json registering the built plugin, node_modules linked to this repository's, the corpus
 * workloads and the toolchain projects copied in, `git init` + one commit on `main`. Commands run
 * through the real `nx` CLI with the daemon, Nx Cloud and the TUI off.
 */
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export const REPO = resolve(__dirname, '../../../..');
export const NX_BIN = join(REPO, 'node_modules/nx/dist/bin/nx.js');

export interface RunResult {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** stdout + stderr, for assertions that do not care which stream. */
  output: string;
}

export interface WorkspaceOptions {
  /** Corpus workloads to copy (folder names under corpus/). */
  corpus?: string[];
  /** Parent folder (default: a fresh temp dir). */
  parent?: string;
  /** Extra nx.json plugin options. */
  pluginOptions?: Record<string, unknown>;
}

/** Environment variables that must not leak from the developer's shell into a test workspace. */
const SCRUBBED =
  /^(NX_|MVMFORGE_MVM_FLAKE_URL$|MVMFORGE_UP_ARGS$|MVMFORGE_MVMCTL$|MVMFORGE_MVMCTL_CLI$|MVMFORGE_MVM_REPO$|MVMFORGE_FAKE_|MVMFORGE_PYTHON$|GIT_)/;

export function baseEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!SCRUBBED.test(k)) env[k] = v;
  return {
    ...env,
    NX_DAEMON: 'false',
    NX_NO_CLOUD: 'true',
    NX_TUI: 'false',
    FORCE_COLOR: '0',
    NO_COLOR: '1',
    ...extra,
  };
}

function toResult(r: SpawnSyncReturns<string>): RunResult {
  if (r.error) throw r.error;
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr, output: `${r.stdout}\n${r.stderr}` };
}

export class E2EWorkspace {
  /**
   * `ownedParent`: the temp directory makeWorkspace created around `root` (tests keep files such
   * as the fake mvmctl's record next to the workspace); remove() deletes it too.
   */
  constructor(
    readonly root: string,
    private readonly ownedParent?: string,
  ) {}

  nx(args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 300_000): RunResult {
    return toResult(
      spawnSync(process.execPath, [NX_BIN, ...args], { cwd: this.root, env: baseEnv(env), encoding: 'utf8', timeout: timeoutMs }),
    );
  }

  /**
   * Like nx(), without blocking the event loop: needed when this test process also serves
   * something nx talks to (the remote cache double), which spawnSync would deadlock.
   */
  nxAsync(args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 300_000): Promise<RunResult> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [NX_BIN, ...args], { cwd: this.root, env: baseEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      child.on('error', reject);
      child.on('close', (status, signal) => {
        clearTimeout(timer);
        resolve({ status, signal, stdout, stderr, output: `${stdout}\n${stderr}` });
      });
    });
  }

  git(args: string[]): string {
    const r = spawnSync('git', ['-c', 'user.name=e2e', '-c', 'user.email=e2e@example.invalid', '-c', 'commit.gpgsign=false', ...args], {
      cwd: this.root,
      encoding: 'utf8',
      env: baseEnv(),
    });
    if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${r.stderr}`);
    return r.stdout;
  }

  commitAll(message: string): void {
    this.git(['add', '-A']);
    this.git(['commit', '-q', '--allow-empty', '-m', message]);
  }

  path(rel: string): string {
    return join(this.root, rel);
  }

  read(rel: string): string {
    return readFileSync(this.path(rel), 'utf8');
  }

  write(rel: string, text: string): void {
    mkdirSync(dirname(this.path(rel)), { recursive: true });
    writeFileSync(this.path(rel), text);
  }

  remove(): void {
    rmSync(this.ownedParent ?? this.root, { recursive: true, force: true });
  }
}

/**
 * The plugin options of a workspace that develops the toolchain, like this repository's nx.json:
 * layWorkspace copies in the SDK and a codegen stand-in. Users get none of this by default.
 */
export const TOOLCHAIN_PLUGIN_OPTIONS: Readonly<Record<string, unknown>> = {
  emitExtraInputs: ['{workspaceRoot}/libs/sdk-python/python/**/*.py'],
  workloadDependencyRoots: ['libs/sdk-python', 'libs/codegen'],
};

export function nxJson(pluginOptions: Record<string, unknown> = {}): object {
  return {
    neverConnectToCloud: true,
    analytics: false,
    cacheDirectory: '.nx/cache',
    defaultBase: 'main',
    namedInputs: { default: ['{projectRoot}/**/*'], sharedGlobals: [] },
    plugins: [{ plugin: '@mvmforge/nx', options: { artifactDir: 'dist/mvmforge', ...TOOLCHAIN_PLUGIN_OPTIONS, ...pluginOptions } }],
  };
}

const skipPycache = (src: string): boolean => !src.split(/[\\/]/).includes('__pycache__');

/** Lay down the workspace files (no git). */
export function layWorkspace(root: string, options: WorkspaceOptions = {}): void {
  const write = (rel: string, text: string): void => {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  };
  write('package.json', `${JSON.stringify({ name: 'mvmforge-e2e', version: '0.0.0', private: true, workspaces: ['libs/*'] }, null, 2)}\n`);
  write('nx.json', `${JSON.stringify(nxJson(options.pluginOptions), null, 2)}\n`);
  write('.gitignore', 'node_modules\ndist/\n.nx/\n__pycache__/\n');
  symlinkSync(join(REPO, 'node_modules'), join(root, 'node_modules'), 'dir');
  for (const name of options.corpus ?? ['hello-app', 'with-source']) {
    cpSync(join(REPO, 'corpus', name), join(root, 'corpus', name), { recursive: true, filter: skipPycache });
  }
  // The toolchain projects createDependencies links every workload to: the SDK (its Python
  // sources are emit inputs) and a stand-in for the compiler library.
  cpSync(join(REPO, 'libs/sdk-python/package.json'), join(root, 'libs/sdk-python/package.json'));
  cpSync(join(REPO, 'libs/sdk-python/python'), join(root, 'libs/sdk-python/python'), { recursive: true, filter: skipPycache });
  write('libs/codegen/package.json', `${JSON.stringify({ name: '@mvmforge/codegen', version: '0.0.0', private: true }, null, 2)}\n`);
  write('libs/codegen/src/index.ts', '// stand-in for the compiler library (affected tests edit it)\nexport {};\n');
}

/** A fresh committed workspace. */
export function makeWorkspace(options: WorkspaceOptions = {}): E2EWorkspace {
  const parent = options.parent ?? realpathSync(mkdtempSync(join(tmpdir(), 'mvmforge-e2e-')));
  const root = join(parent, 'ws');
  mkdirSync(root, { recursive: true });
  const ws = new E2EWorkspace(root, options.parent === undefined ? parent : undefined);
  try {
    layWorkspace(root, options);
  } catch (err) {
    ws.remove();
    throw err;
  }
  ws.git(['init', '-q', '-b', 'main']);
  ws.commitAll('initial workspace');
  return ws;
}

/** Projects whose task line says it came from the cache, e.g. `{'with-source:compile': 'local'}`. */
export function cacheStatus(output: string): Record<string, 'local' | 'remote' | 'run'> {
  const status: Record<string, 'local' | 'remote' | 'run'> = {};
  for (const line of output.split('\n')) {
    const m = /nx run ([^\s:]+:[^\s]+)(.*)$/.exec(line);
    if (!m) continue;
    const rest = m[2];
    status[m[1]] = /\[remote cache\]/.test(rest)
      ? 'remote'
      : /\[(local cache|existing outputs match the cache)/.test(rest)
        ? 'local'
        : 'run';
  }
  return status;
}

/** Assert a command succeeded, showing its output when it did not. */
export function expectOk(r: RunResult): RunResult {
  if (r.status !== 0) throw new Error(`exit ${r.status} (signal ${r.signal}):\n${r.output}`);
  return r;
}
