// Generated Nx workspaces for the Nx benches: N mvmforge workloads (the @mvmforge/nx plugin infers
// them from app.py) or N plain package.json projects, git-initialised, with node_modules linked to
// this repository's so Nx and the built plugin load from here.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import harness from './harness.js';
import { NX_BIN, REPO, writeTree } from './common.mjs';

export function makeWorkspace(label, files, { plugin = true, workspaces = [] } = {}) {
  const root = join(realpathSync(mkdtempSync(join(tmpdir(), `mvmforge-bench-${label}-`))), 'ws');
  writeTree(root, {
    'package.json': JSON.stringify({ name: `bench-${label}`, private: true, workspaces }),
    'nx.json': JSON.stringify({
      neverConnectToCloud: true,
      analytics: false,
      cacheDirectory: '.nx/cache',
      defaultBase: 'main',
      namedInputs: { default: ['{projectRoot}/**/*'], sharedGlobals: [] },
      plugins: plugin ? [{ plugin: '@mvmforge/nx', options: { artifactDir: 'dist/mvmforge' } }] : [],
    }),
    '.gitignore': 'node_modules\ndist/\n.nx/\n__pycache__/\n',
    ...files,
  });
  symlinkSync(join(REPO, 'node_modules'), join(root, 'node_modules'), 'dir');
  const git = (...args) => {
    const r = spawnSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.invalid', '-c', 'commit.gpgsign=false', ...args], {
      cwd: root,
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  };
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'bench');
  return { root, cleanup: () => rmSync(dirname(root), { recursive: true, force: true }) };
}

export const workloadId = (i) => `w${String(i).padStart(4, '0')}`;

export function workloadApp(id) {
  return [
    `"""bench workload ${id}"""`,
    'import mvmforge as mv',
    '',
    `mv.workload("${id}")`,
    'mv.app(',
    '    image=mv.python_image("3.12"),',
    '    source=mv.local_path(".", include=["pkg/**"]),',
    '    entrypoint=mv.entrypoint(["python", "-m", "pkg"]),',
    ')',
    '',
  ].join('\n');
}

/** N workloads: workloads/wNNNN/{app.py, pkg/__init__.py, pkg/__main__.py}. */
export function workloadFiles(count) {
  const files = {};
  for (let i = 0; i < count; i++) {
    const id = workloadId(i);
    files[`workloads/${id}/app.py`] = workloadApp(id);
    files[`workloads/${id}/pkg/__init__.py`] = '';
    files[`workloads/${id}/pkg/__main__.py`] = `print("${id}")\n`;
  }
  return files;
}

/** N plain npm-workspace projects: packages/pNNNN/{package.json, index.js}. */
export function plainFiles(count) {
  const files = {};
  for (let i = 0; i < count; i++) {
    const id = `p${String(i).padStart(4, '0')}`;
    files[`packages/${id}/package.json`] = JSON.stringify({ name: id, version: '0.0.0' });
    files[`packages/${id}/index.js`] = `module.exports = ${JSON.stringify(id)};\n`;
  }
  return files;
}

/** Runs nx in `root`; output read from files (never a pipe); throws with the output on failure. */
export function runNx(root, args, extraEnv = {}) {
  return harness.timeCommand(process.execPath, [NX_BIN, ...args], {
    cwd: root,
    env: harness.cleanEnv(extraEnv),
    what: `nx ${args.join(' ')}`,
  });
}
