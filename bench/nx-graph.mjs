#!/usr/bin/env node
// Project-graph cost of the @mvmforge/nx plugin: `nx show projects` cold (daemon off, after
// `nx reset`) in a workspace of 500 generated workloads vs one of 500 plain package.json projects.
// Goal: ratio ≤ 1.5×. Reports only; never fails on speed. Needs `npm run build` (the plugin is
// loaded from tools/executors/dist). Exports the workspace helpers nx-cache.mjs reuses.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const REPO = join(dirname(fileURLToPath(import.meta.url)), '..');
export const NX_BIN = join(REPO, 'node_modules/nx/dist/bin/nx.js');

export const nxEnv = () => ({
  ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('NX_') && !k.startsWith('MVMFORGE_'))),
  NX_DAEMON: 'false',
  NX_NO_CLOUD: 'true',
  NX_TUI: 'false',
  FORCE_COLOR: '0',
});

/** A git-initialised workspace with node_modules linked to this repo's; `files` maps path → text. */
export function makeWorkspace(label, files, { plugin = true, workspaces = [] } = {}) {
  const root = join(realpathSync(mkdtempSync(join(tmpdir(), `mvmforge-bench-${label}-`))), 'ws');
  const write = (rel, text) => {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  };
  write('package.json', JSON.stringify({ name: `bench-${label}`, private: true, workspaces }));
  write(
    'nx.json',
    JSON.stringify({
      neverConnectToCloud: true,
      analytics: false,
      cacheDirectory: '.nx/cache',
      defaultBase: 'main',
      namedInputs: { default: ['{projectRoot}/**/*'], sharedGlobals: [] },
      plugins: plugin ? [{ plugin: '@mvmforge/nx', options: { artifactDir: 'dist/mvmforge' } }] : [],
    }),
  );
  write('.gitignore', 'node_modules\ndist/\n.nx/\n__pycache__/\n');
  for (const [rel, text] of Object.entries(files)) write(rel, text);
  symlinkSync(join(REPO, 'node_modules'), join(root, 'node_modules'), 'dir');
  const git = (...args) => {
    const r = spawnSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd: root });
    if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  };
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'bench');
  return { root, cleanup: () => rmSync(dirname(root), { recursive: true, force: true }) };
}

/** Run nx; returns wall-clock milliseconds; throws with the output on failure. */
export function timeNx(root, args, extraEnv = {}) {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [NX_BIN, ...args], { cwd: root, env: { ...nxEnv(), ...extraEnv }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`nx ${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return { ms, stdout: r.stdout };
}

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

export function workloadFiles(count) {
  const files = {};
  for (let i = 0; i < count; i++) {
    const id = `w${String(i).padStart(3, '0')}`;
    files[`workloads/${id}/app.py`] = workloadApp(id);
    files[`workloads/${id}/pkg/__init__.py`] = '';
    files[`workloads/${id}/pkg/__main__.py`] = `print("${id}")\n`;
  }
  return files;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function coldShowProjects(root, runs) {
  const times = [];
  let count = 0;
  for (let i = 0; i < runs; i++) {
    timeNx(root, ['reset']);
    const { ms, stdout } = timeNx(root, ['show', 'projects', '--json']);
    count = JSON.parse(stdout.slice(stdout.indexOf('['))).length;
    times.push(ms);
  }
  return { ms: median(times), count };
}

function main() {
  const N = Number(process.env.BENCH_NX_PROJECTS ?? 500);
  const RUNS = Number(process.env.BENCH_RUNS ?? 5);
  const plainFiles = {};
  for (let i = 0; i < N; i++) {
    const id = `p${String(i).padStart(3, '0')}`;
    plainFiles[`packages/${id}/package.json`] = JSON.stringify({ name: id, version: '0.0.0' });
    plainFiles[`packages/${id}/index.js`] = `module.exports = ${JSON.stringify(id)};\n`;
  }
  const workloads = makeWorkspace('workloads', workloadFiles(N));
  const plain = makeWorkspace('plain', plainFiles, { plugin: false, workspaces: ['packages/*'] });
  try {
    const w = coldShowProjects(workloads.root, RUNS);
    const p = coldShowProjects(plain.root, RUNS);
    if (w.count !== N || p.count !== N) throw new Error(`expected ${N} projects each, got ${w.count} and ${p.count}`);
    const ratio = w.ms / p.ms;
    console.log(`nx show projects, cold, daemon off (median of ${RUNS}):`);
    console.log(`  ${N} mvmforge workloads:       ${w.ms.toFixed(0)} ms`);
    console.log(`  ${N} package.json projects:    ${p.ms.toFixed(0)} ms`);
    console.log(`  ratio: ${ratio.toFixed(2)}x (goal <= 1.5x) ${ratio <= 1.5 ? 'OK' : 'OVER GOAL'}`);
  } finally {
    workloads.cleanup();
    plain.cleanup();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) main();
