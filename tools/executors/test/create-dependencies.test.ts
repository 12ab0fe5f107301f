import { mkdtempSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { CreateDependenciesContext, ProjectConfiguration } from '@nx/devkit';
import { createDependencies } from '../src/index';
import { indexProjectsByRoot, owningProject } from '../src/plugin/create-dependencies';
import { createWorkloadNode } from '../src/plugin/create-nodes';

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

/** The project createNodes infers from the entry on disk, with options interpolated as Nx hands them on. */
function workload(rootDir: string): ProjectConfiguration {
  const inferred = createWorkloadNode(`${rootDir}/app.py`, {}, { workspaceRoot: root, nxJsonConfiguration: {} } as never);
  const project = inferred.projects?.[rootDir] as ProjectConfiguration;
  const targets = project.targets ?? {};
  targets.emit.options = { entry: `${rootDir}/app.py`, outputDir: `dist/mvmforge/${rootDir}` };
  return { ...project, targets };
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

const TOOLCHAIN = { workloadDependencyRoots: ['libs/sdk-python', 'libs/codegen'] };

test('workloadDependencyRoots: every workload depends on those projects; source paths add project edges', async () => {
  const projects = {
    'hello-app': workload('corpus/hello-app'),
    'uses-shared': workload('corpus/uses-shared'),
    escapes: workload('corpus/escapes'),
    '@mvmforge/sdk-python': { root: 'libs/sdk-python' },
    '@mvmforge/codegen': { root: 'libs/codegen' },
    shared: { root: 'libs/shared' },
    root: { root: '.' },
  };
  const deps = await createDependencies(TOOLCHAIN, context(projects));
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
  const deps = await createDependencies(
    TOOLCHAIN,
    context({ 'hello-app': workload('corpus/hello-app'), 'uses-shared': workload('corpus/uses-shared'), shared: { root: 'libs/shared' } }),
  );
  expect(edges(deps)).toEqual(['uses-shared->shared']);
});

test('by default (no options) a user project at libs/sdk-python or libs/codegen gets no edge', async () => {
  const projects = {
    'hello-app': workload('corpus/hello-app'),
    'uses-shared': workload('corpus/uses-shared'),
    'my-sdk': { root: 'libs/sdk-python' },
    'my-codegen': { root: 'libs/codegen' },
    shared: { root: 'libs/shared' },
  };
  expect(edges(await createDependencies({}, context(projects)))).toEqual(['uses-shared->shared']);
  expect(edges(await createDependencies(undefined as never, context(projects)))).toEqual(['uses-shared->shared']);
});

test('edges come from the inferred projects alone: deleting the entries changes nothing', async () => {
  const projects = { 'uses-shared': workload('corpus/uses-shared'), shared: { root: 'libs/shared' } };
  expect(projects['uses-shared'].metadata).toEqual({ mvmforge: { localSourceDirs: ['libs/shared/py'] } });
  const moved = `${root}-moved`;
  renameSync(root, moved);
  try {
    expect(edges(await createDependencies({}, context(projects)))).toEqual(['uses-shared->shared']);
  } finally {
    renameSync(moved, root);
  }
});

test('a workload sourcing only its own root carries no mvmforge metadata (no per-workload keys)', () => {
  expect(workload('corpus/hello-app').metadata).toBeUndefined();
});

test('owningProject picks the deepest project root on the path, never a sibling with a shared prefix', () => {
  const byRoot = indexProjectsByRoot({
    a: { root: 'libs/shared' },
    b: { root: 'libs/shared/py' },
    c: { root: 'libs/shared-other' },
    r: { root: '.' },
  });
  expect(owningProject(byRoot, 'libs/shared/py/pkg')).toBe('b');
  expect(owningProject(byRoot, 'libs/shared/js')).toBe('a');
  expect(owningProject(byRoot, 'libs/shared')).toBe('a');
  expect(owningProject(byRoot, 'libs/shared-other2')).toBeUndefined();
  expect(owningProject(byRoot, 'elsewhere')).toBeUndefined();
});

test('2,000 workloads: every edge is found and the index is built once (no per-workload scan)', async () => {
  const projects: Record<string, ProjectConfiguration> = {};
  for (let i = 0; i < 2000; i++) {
    mkdirSync(join(root, `many/w${i}`), { recursive: true });
    entries[`many/w${i}/app.py`] = 'import mvmforge as mv\nmv.app(source=mv.local_path("../../libs/shared/py"))\n';
    writeFileSync(join(root, `many/w${i}/app.py`), entries[`many/w${i}/app.py`]);
    projects[`w${i}`] = workload(`many/w${i}`);
  }
  projects['@mvmforge/sdk-python'] = { root: 'libs/sdk-python' };
  projects.shared = { root: 'libs/shared' };
  const ctx = context(projects);
  // Counting reads of .root: a per-workload scan of every project would read it ~4,000,000 times.
  let rootReads = 0;
  for (const p of Object.values(projects)) {
    const root = p.root;
    Object.defineProperty(p, 'root', { get: () => (rootReads++, root), enumerable: true });
  }
  const deps = await createDependencies({ workloadDependencyRoots: ['libs/sdk-python'] }, ctx);
  expect(deps).toHaveLength(4000);
  expect(edges(deps).filter((e) => e.startsWith('w1999->'))).toEqual(['w1999->@mvmforge/sdk-python', 'w1999->shared']);
  expect(rootReads).toBeLessThan(20_000);
});
