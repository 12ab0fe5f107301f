import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { CreateDependenciesContext, ProjectConfiguration } from '@nx/devkit';
import { createDependencies } from '../src/index';
import { buildWorkloadTargets } from '../src/plugin/targets';

let root: string;
const entries: Record<string, string> = {
  'corpus/hello-app/app.py': 'import mvmforge as mv\nmv.app(source=mv.local_path(".", include=["app.py"]))\n',
  'corpus/uses-shared/app.py': 'import mvmforge as mv\nmv.app(source=mv.local_path("../../libs/shared/py"))\n',
  'corpus/escapes/app.py': 'import mvmforge as mv\nmv.app(source=mv.local_path("../../../elsewhere"))\n',
};

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'mvmforge-deps-'));
  for (const [f, text] of Object.entries(entries)) {
    mkdirSync(dirname(join(root, f)), { recursive: true });
    writeFileSync(join(root, f), text);
  }
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function workload(rootDir: string): ProjectConfiguration {
  const targets = buildWorkloadTargets(rootDir, {});
  // Nx hands createDependencies interpolated options.
  targets.emit.options = { entry: `${rootDir}/app.py`, outputDir: `dist/mvmforge/${rootDir}` };
  return { root: rootDir, targets };
}

function context(projects: Record<string, ProjectConfiguration>): CreateDependenciesContext {
  const projectFileMap: Record<string, { file: string; hash: string }[]> = {};
  for (const [name, p] of Object.entries(projects)) {
    projectFileMap[name] = Object.keys(entries)
      .filter((f) => f.startsWith(`${p.root}/`))
      .map((file) => ({ file, hash: '0' }));
  }
  const fileMap = { projectFileMap, nonProjectFiles: [] };
  return { externalNodes: {}, projects, nxJsonConfiguration: {}, fileMap, filesToProcess: fileMap, workspaceRoot: root };
}

const edges = (deps: { source: string; target: string }[]): string[] => deps.map((d) => `${d.source}->${d.target}`).sort();

test('every workload depends on the SDK and codegen projects; source paths add project edges', async () => {
  const projects = {
    'hello-app': workload('corpus/hello-app'),
    'uses-shared': workload('corpus/uses-shared'),
    escapes: workload('corpus/escapes'),
    '@mvmforge/sdk-python': { root: 'libs/sdk-python' },
    '@mvmforge/codegen': { root: 'libs/codegen' },
    shared: { root: 'libs/shared' },
    root: { root: '.' },
  };
  const deps = await createDependencies({}, context(projects));
  expect(edges(deps)).toEqual([
    'escapes->@mvmforge/codegen',
    'escapes->@mvmforge/sdk-python',
    'hello-app->@mvmforge/codegen',
    'hello-app->@mvmforge/sdk-python',
    'uses-shared->@mvmforge/codegen',
    'uses-shared->@mvmforge/sdk-python',
    'uses-shared->shared',
  ]);
  for (const d of deps) {
    expect(d).toMatchObject({ type: 'static', sourceFile: expect.stringMatching(/\/app\.py$/) });
  }
});

test('without toolchain projects (a user workspace) only source edges remain', async () => {
  const deps = await createDependencies({}, context({ 'hello-app': workload('corpus/hello-app'), 'uses-shared': workload('corpus/uses-shared'), shared: { root: 'libs/shared' } }));
  expect(edges(deps)).toEqual(['uses-shared->shared']);
});
