/**
 * TypeScript workloads under the real `nx` CLI (issue 11): app.ts entries are inferred with zero
 * config, `nx run hello-node:flake-check` passes with real Nix against the stand-in guest-lib, its
 * cache behaves like the Python one, and a broken app.ts fails emit with E_EMIT_FAILED at
 * app.ts:LINE.
 */
import { describeWithNix } from '../../../../fixtures/test-support/requirements';
import { makeStubFlakes, type StubFlakes } from '../../../../fixtures/nix/harness';
import { cacheStatus, expectOk, makeWorkspace, type E2EWorkspace } from './harness';

let ws: E2EWorkspace;
beforeAll(() => {
  ws = makeWorkspace({ corpus: ['hello-node', 'node-fn', 'with-source'] });
});
afterAll(() => ws?.remove());

test('nx show projects lists the TypeScript workloads next to the Python one', () => {
  const r = expectOk(ws.nx(['show', 'projects', '--json']));
  expect((JSON.parse(r.stdout) as string[]).sort()).toEqual([
    '@mvmforge/codegen',
    '@mvmforge/sdk-python',
    'hello-node',
    'node-fn',
    'with-source',
  ]);
  const targets = JSON.parse(expectOk(ws.nx(['show', 'project', 'hello-node', '--json'])).stdout).targets;
  expect(targets.emit.options.entry).toBe('corpus/hello-node/app.ts');
  expect(targets.emit.inputs).toContainEqual({ runtime: 'node --version' });
});

describeWithNix('nx run hello-node:flake-check (real Nix)', () => {
  let stubs: StubFlakes;
  beforeAll(async () => {
    stubs = await makeStubFlakes();
  });
  afterAll(async () => {
    await stubs?.cleanup();
  });

  const check = (): Record<string, string> => {
    const r = expectOk(ws.nx(['run', 'hello-node:flake-check', '--outputStyle=static'], { MVMFORGE_MVM_FLAKE_URL: stubs.guestLibUrl }));
    expect(r.output).toMatch(/mvmforge: flake check passed \(mvm-hello-node\)/);
    const s = cacheStatus(r.output);
    return { emit: s['hello-node:emit']!, compile: s['hello-node:compile']!, check: s['hello-node:flake-check']! };
  };

  test('emit → compile → flake-check passes; a rerun is a cache hit; a bundled edit misses', () => {
    expect(check()).toEqual({ emit: 'run', compile: 'run', check: 'run' });
    expect(check()).toEqual({ emit: 'local', compile: 'local', check: 'local' });
    ws.write('corpus/hello-node/hello/main.js', "console.log('hello, changed');\n");
    expect(check()).toEqual({ emit: 'run', compile: 'run', check: 'run' });
  });

  test('a comment in the unbundled app.ts re-runs emit; compile and check hit (early cutoff)', () => {
    ws.write('corpus/hello-node/app.ts', `${ws.read('corpus/hello-node/app.ts')}// a comment\n`);
    expect(check()).toEqual({ emit: 'run', compile: 'local', check: 'local' });
  });
});

test('a broken app.ts fails emit with E_EMIT_FAILED at app.ts:LINE', () => {
  const text = ws.read('corpus/node-fn/app.ts');
  // Line 6 (after the import lines) gets a mistake the SDK reports at its caller.
  const lines = text.split('\n');
  lines.splice(5, 0, "mv.app({ entrypoint: mv.entrypoint(['node'], { workingDir: 'relative' }) });");
  ws.write('corpus/node-fn/app.ts', lines.join('\n'));
  const r = ws.nx(['run', 'node-fn:emit', '--outputStyle=static']);
  expect(r.status).not.toBe(0);
  expect(r.output).toContain('E_EMIT_FAILED');
  expect(r.output).toMatch(/corpus\/node-fn\/app\.ts:6: workingDir 'relative' must be an absolute path/);
  expect(r.output).not.toMatch(/^\s+at /m); // no stack trace
});

test('nx g @mvmforge/nx:workload svc --language=ts: a new project that emits as generated', () => {
  expectOk(ws.nx(['g', '@mvmforge/nx:workload', 'svc', '--language=ts', '--no-interactive']));
  expect(ws.read('workloads/svc/app.ts')).toContain("mv.workload('svc');");
  const r = expectOk(ws.nx(['run', 'svc:emit', '--outputStyle=static']));
  expect(r.output).not.toContain('E_');
  expect(JSON.parse(ws.read('dist/mvmforge/workloads/svc/ir.json')).id).toBe('svc');
});
