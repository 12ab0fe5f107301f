import { chmodSync, existsSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import type { CreateNodesContext } from '@nx/devkit';
import { createNodes, createNodesV2, name as pluginName } from '../src/index';

let root: string;
const files: Record<string, string> = {
  'corpus/hello-app/app.py': 'import mvmforge as mv\nmv.workload("hello-app")\n',
  'corpus/named/app.py': 'from mvmforge import workload\n',
  'corpus/named/project.json': '{"name":"custom-name"}',
  'corpus/pkg/app.py': 'import mvmforge\n',
  'corpus/pkg/package.json': '{"name":"@acme/pkg-workload"}',
  'tools/flask/app.py': 'import flask\n',
  'corpus/other/main.py': 'import mvmforge\n',
  'corpus/uses-shared/app.py': 'import mvmforge as mv\nmv.app(source=mv.local_path("../../libs/shared"))\n',
};

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'mvmforge-nodes-'));
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, f)), { recursive: true });
    writeFileSync(join(root, f), text);
  }
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const context = (): CreateNodesContext => ({ workspaceRoot: root, nxJsonConfiguration: {} });

async function infer(options: object = {}): Promise<Record<string, { name?: string; targets?: object }>> {
  const results = await createNodes[1](Object.keys(files), options, context());
  const projects: Record<string, { name?: string; targets?: object }> = {};
  for (const [, r] of results) Object.assign(projects, r.projects ?? {});
  return projects;
}

test('exports the same v2 tuple under both names', () => {
  expect(createNodesV2).toBe(createNodes);
  expect(typeof createNodes[0]).toBe('string');
  expect(pluginName).toBe('@mvmforge/nx');
});

test('only app.py files that import mvmforge become projects', async () => {
  const projects = await infer();
  expect(Object.keys(projects).sort()).toEqual(['corpus/hello-app', 'corpus/named', 'corpus/pkg', 'corpus/uses-shared']);
});

test('a literal source outside the project root becomes an emit input; an in-project one does not', async () => {
  const p = (await infer()) as Record<string, { targets?: Record<string, { inputs?: unknown[] }> }>;
  expect(p['corpus/uses-shared'].targets?.emit.inputs).toEqual(expect.arrayContaining(['^default', '{workspaceRoot}/libs/shared/**/*']));
  expect(p['corpus/hello-app'].targets?.emit.inputs).not.toContain('^default');
});

test('name: folder basename, else project.json / package.json name, else option override', async () => {
  let p = await infer();
  expect(p['corpus/hello-app'].name).toBe('hello-app');
  expect(p['corpus/named'].name).toBe('custom-name');
  expect(p['corpus/pkg'].name).toBe('@acme/pkg-workload');
  p = await infer({ projectNames: { 'corpus/hello-app': 'renamed' } });
  expect(p['corpus/hello-app'].name).toBe('renamed');
});

test('entryGlob selects other entry files', async () => {
  const p = await infer({ entryGlob: '**/main.py' });
  expect(Object.keys(p)).toEqual(['corpus/other']);
  expect(p['corpus/other'].targets).toHaveProperty('emit.options.entry', '{projectRoot}/main.py');
});

test('target names come from options', async () => {
  const p = await infer({ compileTargetName: 'build-vm' });
  expect(Object.keys(p['corpus/hello-app'].targets ?? {})).toEqual(['emit', 'build-vm', 'flake-check', 'up']);
});

test('an unreadable entry is reported without hiding the other workloads', async () => {
  const list = [...Object.keys(files), 'corpus/missing/app.py'];
  const err = (await Promise.resolve(createNodes[1](list, {}, context())).then(
    () => undefined,
    (e: unknown) => e,
  )) as { errors?: [string, Error][]; partialResults?: [string, { projects?: object }][] } | undefined;
  expect(err?.errors?.map(([file]) => file)).toEqual(['corpus/missing/app.py']);
  const good = (err?.partialResults ?? []).flatMap(([, r]) => Object.keys(r.projects ?? {}));
  expect(good.sort()).toEqual(['corpus/hello-app', 'corpus/named', 'corpus/pkg', 'corpus/uses-shared']);
});

test('graph construction never runs Python (nx-notes §2.1)', () => {
  // A python3 / MVMFORGE_PYTHON that leaves a marker when started: inference must not start it.
  // Run in a child node process (jest's sandboxed process.env does not reach spawned children) on
  // the built plugin, the module Nx itself loads.
  const bin = mkdtempSync(join(tmpdir(), 'mvmforge-nopython-'));
  const marker = join(bin, 'ran');
  for (const name of ['python3', 'python']) {
    writeFileSync(join(bin, name), `#!/bin/sh\ntouch '${marker}'\nexit 1\n`);
    chmodSync(join(bin, name), 0o755);
  }
  try {
    const script = [
      `const plugin = require(${JSON.stringify(join(__dirname, '..', 'dist', 'index.js'))});`,
      `const files = ${JSON.stringify(Object.keys(files))};`,
      `const context = { workspaceRoot: ${JSON.stringify(root)}, nxJsonConfiguration: {} };`,
      'Promise.resolve(plugin.createNodes[1](files, {}, context)).then(async (results) => {',
      '  const projects = {};',
      '  for (const [, r] of results) Object.assign(projects, r.projects || {});',
      '  await plugin.createDependencies({}, { projects, workspaceRoot: context.workspaceRoot, nxJsonConfiguration: {},',
      '    externalNodes: {}, fileMap: { projectFileMap: {}, nonProjectFiles: [] }, filesToProcess: { projectFileMap: {}, nonProjectFiles: [] } });',
      '  process.stdout.write(Object.keys(projects).sort().join(","));',
      '});',
    ].join('\n');
    const r = spawnSync(process.execPath, ['-e', script], {
      env: { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}`, MVMFORGE_PYTHON: join(bin, 'python3') },
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('corpus/hello-app,corpus/named,corpus/pkg,corpus/uses-shared');
    expect(existsSync(marker)).toBe(false);
  } finally {
    rmSync(bin, { recursive: true, force: true });
  }
});
