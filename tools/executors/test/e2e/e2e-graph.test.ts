/**
 * The real `nx` CLI against a hand-built workspace: inference, target configuration, the project
 * graph edges of createDependencies and `nx show projects --affected`.
 */
import { cacheStatus, expectOk, makeWorkspace, type E2EWorkspace } from './harness';

let ws: E2EWorkspace;
beforeAll(() => {
  ws = makeWorkspace();
});
afterAll(() => ws?.remove());

test('nx show projects lists the workloads and the toolchain projects', () => {
  const r = expectOk(ws.nx(['show', 'projects', '--json']));
  expect(r.status).toBe(0);
  expect((JSON.parse(r.stdout) as string[]).sort()).toEqual(['@mvmforge/codegen', '@mvmforge/sdk-python', 'hello-app', 'with-source']);
});

test('nx show project with-source: emit, compile, flake-check cached; up continuous and uncached', () => {
  const r = expectOk(ws.nx(['show', 'project', 'with-source', '--json']));
  expect(r.status).toBe(0);
  const targets = JSON.parse(r.stdout).targets;
  expect(Object.keys(targets).sort()).toEqual(['compile', 'emit', 'flake-check', 'up']);
  expect(targets.emit).toMatchObject({ executor: '@mvmforge/nx:emit', cache: true });
  expect(targets.compile).toMatchObject({ cache: true, dependsOn: ['emit'], options: { ir: 'dist/mvmforge/corpus/with-source/ir.json' } });
  expect(targets['flake-check']).toMatchObject({ cache: true, dependsOn: ['compile'] });
  expect(targets.up).toMatchObject({ continuous: true, cache: false, dependsOn: ['compile'] });
  expect(targets.up.parallelism).not.toBe(false); // false would keep a second up from ever starting
  expect(targets.compile.metadata.description).toMatch(/Compile the Workload IR/);
});

test('the project graph links every workload to the SDK and the compiler', () => {
  const r = expectOk(ws.nx(['graph', '--file=stdout']));
  expect(r.status).toBe(0);
  const deps = JSON.parse(r.stdout.slice(r.stdout.indexOf('{'))).graph.dependencies as Record<string, { target: string }[]>;
  for (const w of ['hello-app', 'with-source']) {
    expect(deps[w].map((d) => d.target).sort()).toEqual(['@mvmforge/codegen', '@mvmforge/sdk-python']);
  }
});

describe('nx show projects --affected', () => {
  const affected = (): string[] =>
    ws
      .nx(['show', 'projects', '--affected', '--base=HEAD~1', '--head=HEAD'])
      .stdout.split('\n')
      .map((s) => s.trim())
      .filter(Boolean)
      .sort();

  test('a commit that edits only corpus/with-source affects with-source, not hello-app', () => {
    ws.write('corpus/with-source/hello/__main__.py', 'print("hello, edited")\n');
    ws.commitAll('edit with-source');
    expect(affected()).toEqual(['with-source']);
  });

  test('a commit that edits the compiler affects every workload', () => {
    ws.write('libs/codegen/src/index.ts', '// edited\nexport {};\n');
    ws.commitAll('edit codegen');
    expect(affected()).toEqual(['@mvmforge/codegen', 'hello-app', 'with-source']);
  });
});

describe('nx affected -t compile --graph=stdout (task-level affected, nx-notes §5)', () => {
  const plannedTasks = (): string[] => {
    const r = expectOk(ws.nx(['affected', '-t', 'compile', '--base=HEAD~1', '--head=HEAD', '--graph=stdout']));
    return Object.keys(JSON.parse(r.stdout.slice(r.stdout.indexOf('{'))).tasks.tasks as object).sort();
  };

  test('an app.py edit plans emit and compile of that workload only', () => {
    ws.write('corpus/with-source/app.py', `${ws.read('corpus/with-source/app.py')}# a comment\n`);
    ws.commitAll('edit with-source app.py');
    expect(plannedTasks()).toEqual(['with-source:compile', 'with-source:emit']);
  });

  test('a change outside every input plans nothing', () => {
    ws.write('NOTES.md', 'not an input of any target\n');
    ws.commitAll('edit a file outside every project');
    expect(plannedTasks()).toEqual([]);
  });
});

describe('a workload whose source reaches into another project', () => {
  let shared: E2EWorkspace;
  beforeAll(() => {
    shared = makeWorkspace({ corpus: ['hello-app'] });
    shared.write('libs/shared/package.json', JSON.stringify({ name: '@acme/shared', version: '0.0.0', private: true }));
    shared.write('libs/shared/py/greet.py', 'print("hi")\n');
    shared.write(
      'corpus/uses-shared/app.py',
      [
        'import mvmforge as mv',
        'mv.workload("uses-shared")',
        'mv.app(',
        '    image=mv.python_image("3.12"),',
        '    source=mv.local_path("../../libs/shared/py"),',
        '    entrypoint=mv.entrypoint(["python", "greet.py"]),',
        ')',
        '',
      ].join('\n'),
    );
    shared.commitAll('add a shared library and a workload that bundles it');
  });
  afterAll(() => shared?.remove());

  test('depends on that project, so editing it affects the workload', () => {
    const r = expectOk(shared.nx(['graph', '--file=stdout']));
    const deps = JSON.parse(r.stdout.slice(r.stdout.indexOf('{'))).graph.dependencies as Record<string, { target: string; type: string }[]>;
    expect(deps['uses-shared'].map((d) => d.target).sort()).toEqual(['@acme/shared', '@mvmforge/codegen', '@mvmforge/sdk-python']);
    expect(deps['uses-shared'].every((d) => d.type === 'static')).toBe(true);

    shared.write('libs/shared/py/greet.py', 'print("hello")\n');
    shared.commitAll('edit the shared library');
    const affected = expectOk(shared.nx(['show', 'projects', '--affected', '--base=HEAD~1', '--head=HEAD', '--json']));
    expect((JSON.parse(affected.stdout) as string[]).sort()).toEqual(['@acme/shared', 'uses-shared']);
  });

  test('editing that project re-runs emit, so compile is not served a stale bundle from the cache', () => {
    const bundled = 'dist/mvmforge/corpus/uses-shared/artifact/src/greet.py';
    expectOk(shared.nx(['run', 'uses-shared:compile', '--outputStyle=static']));
    const before = shared.read(bundled);
    shared.write('libs/shared/py/greet.py', 'print("edited after the first compile")\n');
    const r = expectOk(shared.nx(['run', 'uses-shared:compile', '--outputStyle=static']));
    expect(cacheStatus(r.output)['uses-shared:emit']).toBe('run');
    expect(shared.read(bundled)).toBe('print("edited after the first compile")\n');
    expect(shared.read(bundled)).not.toBe(before);
  });
});

describe('a user workspace without the toolchain options (the plugin defaults)', () => {
  let user: E2EWorkspace;
  beforeAll(() => {
    // Same layout (user projects happen to sit at libs/sdk-python and libs/codegen), no options.
    user = makeWorkspace({ corpus: ['hello-app'], pluginOptions: { emitExtraInputs: [], workloadDependencyRoots: [] } });
  });
  afterAll(() => user?.remove());

  test('no edges to projects at libs/sdk-python or libs/codegen, and emit hashes no libs/ folder', () => {
    const graph = expectOk(user.nx(['graph', '--file=stdout']));
    const deps = JSON.parse(graph.stdout.slice(graph.stdout.indexOf('{'))).graph.dependencies as Record<string, { target: string }[]>;
    expect(deps['hello-app']).toEqual([]);
    const project = JSON.parse(expectOk(user.nx(['show', 'project', 'hello-app', '--json'])).stdout);
    expect(JSON.stringify(project.targets.emit.inputs)).not.toContain('libs/');
  });
});
