/**
 * Inference of TypeScript/JavaScript workloads (issue 11): app.ts / app.mts / app.js / app.mjs that
 * import @mvmforge/sdk become projects with zero config, their emit inputs follow Node (not
 * Python), and building the graph never runs the entry.
 */
import { existsSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import type { CreateNodesContext } from '@nx/devkit';
import { createNodes } from '../src/index';
import { importsMvmforgeSdk, isNodeEntryFile, localSourcePaths } from '../src/plugin/entry-text';
import { globMatcher } from '../src/plugin/create-nodes';
import { DEFAULT_ENTRY_GLOB } from '../src/plugin/options';

let root: string;
let marker: string;
// Every entry would leave the marker if it were ever executed.
const touch = (m: string) => `require('node:fs').writeFileSync(${JSON.stringify(m)}, 'ran');\n`;
function files(m: string): Record<string, string> {
  return {
    'workloads/web/app.ts': `import * as mv from '@mvmforge/sdk';\n${touch(m)}mv.workload('web');\n`,
    'workloads/esm/app.mts': `import { workload } from "@mvmforge/sdk";\n${touch(m)}workload('esm');\n`,
    'workloads/cjs/app.js': `const mv = require('@mvmforge/sdk');\n${touch(m)}`,
    'workloads/mjs/app.mjs': `import '@mvmforge/sdk';\n${touch(m)}`,
    'workloads/shared-src/app.ts': `import * as mv from '@mvmforge/sdk';\n${touch(m)}mv.app({ source: mv.localPath('../../libs/shared') });\n`,
    'workloads/plain/app.ts': `import express from 'express';\n${touch(m)}`,
    'workloads/lookalike/app.ts': `// uses '@mvmforge/sdk-python' only\nimport x from '@mvmforge/sdk-other';\n${touch(m)}`,
    'workloads/types/app.d.ts': `import * as mv from '@mvmforge/sdk';\n`,
    'workloads/py/app.py': 'import mvmforge as mv\n',
  };
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'mvmforge-nodes-ts-'));
  marker = join(root, 'entry-ran');
  for (const [f, text] of Object.entries(files(marker))) {
    mkdirSync(dirname(join(root, f)), { recursive: true });
    writeFileSync(join(root, f), text);
  }
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

type Projects = Record<string, { name?: string; targets?: Record<string, { inputs?: unknown[]; options?: { entry?: string } }> }>;

async function infer(options: object = {}): Promise<Projects> {
  const context: CreateNodesContext = { workspaceRoot: root, nxJsonConfiguration: {} };
  // What Nx hands the plugin: every file its createNodes glob matches.
  const all = Object.keys(files(marker)).filter((f) => globMatcher(createNodes[0])(f));
  const results = await createNodes[1](all, options, context);
  const projects: Projects = {};
  for (const [, r] of results) Object.assign(projects, r.projects ?? {});
  return projects;
}

test('entry text: the SDK import in each spelling; lookalikes and other packages are not', () => {
  for (const text of [
    "import * as mv from '@mvmforge/sdk';",
    'import { app } from "@mvmforge/sdk"',
    "import type { Image } from '@mvmforge/sdk';",
    "import '@mvmforge/sdk';",
    "const mv = require('@mvmforge/sdk');",
    "const mv = await import('@mvmforge/sdk');",
  ]) {
    expect([text, importsMvmforgeSdk(text)]).toEqual([text, true]);
  }
  for (const text of [
    "import x from '@mvmforge/sdk-python';",
    "import '@mvmforge/sdk/extra';",
    'import mvmforge as mv',
    "import x from 'mvmforge';",
  ]) {
    expect([text, importsMvmforgeSdk(text)]).toEqual([text, false]);
  }
  expect(isNodeEntryFile('a/app.ts')).toBe(true);
  expect(isNodeEntryFile('a/app.d.ts')).toBe(false);
  expect(isNodeEntryFile('a/app.py')).toBe(false);
  expect(localSourcePaths("mv.localPath('../shared', { include: ['**'] }); mv.localPath(`web`); mv.localPath(`${x}`)")).toEqual([
    '../shared',
    'web',
  ]);
});

test('zero config: the default entryGlob covers app.py and the TypeScript SDK entry names', () => {
  const m = globMatcher(DEFAULT_ENTRY_GLOB);
  expect(['app.py', 'a/app.ts', 'a/b/app.mts', 'app.js', 'x/app.mjs'].map(m)).toEqual([true, true, true, true, true]);
  expect(['a/main.ts', 'a/app.tsx', 'a/app.d.ts'].map(m)).toEqual([false, false, false]);
});

test('app.ts/.mts/.js/.mjs that import @mvmforge/sdk become projects; the rest do not', async () => {
  const p = await infer();
  expect(Object.keys(p).sort()).toEqual([
    'workloads/cjs',
    'workloads/esm',
    'workloads/mjs',
    'workloads/py',
    'workloads/shared-src',
    'workloads/web',
  ]);
  expect(p['workloads/web']!.name).toBe('web');
  expect(p['workloads/esm']!.targets?.emit?.options?.entry).toBe('{projectRoot}/app.mts');
  expect(Object.keys(p['workloads/web']!.targets ?? {})).toEqual(['emit', 'compile', 'flake-check', 'up']);
});

test('emit inputs: the Node version for a Node entry and Python only for app.py; no SDK source layout by default', async () => {
  const p = await infer();
  const web = p['workloads/web']!.targets!.emit!.inputs!;
  expect(web).toEqual(expect.arrayContaining(['{projectRoot}/**/*', { runtime: 'node --version' }]));
  expect(JSON.stringify(web)).not.toContain('libs/sdk-ts');
  expect(JSON.stringify(web)).not.toMatch(/python/i);
  const py = p['workloads/py']!.targets!.emit!.inputs!;
  expect(py).toEqual(expect.arrayContaining([{ runtime: 'python3 --version' }]));
  expect(py).not.toContainEqual({ runtime: 'node --version' });
  expect(p['workloads/shared-src']!.targets!.emit!.inputs).toEqual(
    expect.arrayContaining(['^default', '{workspaceRoot}/libs/shared/**/*']),
  );
});

test('graph construction never runs Node on an entry (nx-notes §2.1)', () => {
  // The built plugin, the module Nx itself loads, in a child process; each entry's first statement
  // would write the marker if anything loaded it.
  const script = [
    `const plugin = require(${JSON.stringify(join(__dirname, '..', 'dist', 'index.js'))});`,
    `const files = ${JSON.stringify(Object.keys(files(marker)))};`,
    `const context = { workspaceRoot: ${JSON.stringify(root)}, nxJsonConfiguration: {} };`,
    'Promise.resolve(plugin.createNodes[1](files, {}, context)).then(async (results) => {',
    '  const projects = {};',
    '  for (const [, r] of results) Object.assign(projects, r.projects || {});',
    '  await plugin.createDependencies({}, { projects, workspaceRoot: context.workspaceRoot, nxJsonConfiguration: {},',
    '    externalNodes: {}, fileMap: { projectFileMap: {}, nonProjectFiles: [] }, filesToProcess: { projectFileMap: {}, nonProjectFiles: [] } });',
    '  process.stdout.write(Object.keys(projects).sort().join(","));',
    '});',
  ].join('\n');
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(r.stdout).toBe('workloads/cjs,workloads/esm,workloads/mjs,workloads/py,workloads/shared-src,workloads/web');
  expect(existsSync(marker)).toBe(false);
  // The marker mechanism itself works: running the same statement does leave it.
  writeFileSync(join(root, 'probe.js'), touch(marker));
  spawnSync(process.execPath, [join(root, 'probe.js')]);
  expect(existsSync(marker)).toBe(true);
  rmSync(marker);
});
