/**
 * emit's runtime cache input (executors/emit/ignored-inputs.ts) and the shared bundle parameters:
 * only gitignored files that an include names are listed, with their content hash, so the line
 * changes exactly when one of them does.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { artifactDirOf } from '../src/executors/emit/bundle-params';
import { emittedOutputs, ignoredInputs, ignoredInputsOfWorkspace } from '../src/executors/emit/ignored-inputs';

let ws: string;
beforeEach(() => {
  ws = realpathSync(mkdtempSync(join(tmpdir(), 'mvmforge-ignored-')));
  mkdirSync(join(ws, '.git'));
  mkdirSync(join(ws, 'apps/svc'), { recursive: true });
  writeFileSync(join(ws, 'apps/svc/app.py'), 'print(1)\n');
  writeFileSync(join(ws, 'apps/svc/.gitignore'), '.env\nbuild/\n');
  writeFileSync(join(ws, 'apps/svc/.env'), 'TOKEN=a\n');
  mkdirSync(join(ws, 'apps/svc/build'));
  writeFileSync(join(ws, 'apps/svc/build/x'), 'x');
});
afterEach(() => rmSync(ws, { recursive: true, force: true }));

function emitIr(include: string[]): void {
  mkdirSync(join(ws, 'dist/mvmforge/apps/svc'), { recursive: true });
  const ir = {
    schema_version: '0.1',
    id: 'svc',
    apps: [
      {
        name: 'svc',
        source: { kind: 'local_path', path: '.', include },
        image: { kind: 'nix_packages', packages: [] },
        entrypoints: [{ kind: 'command', command: ['true'] }],
        resources: { cpu_cores: 1, memory_mb: 64, rootfs_size_mb: 64 },
      },
    ],
  };
  writeFileSync(join(ws, 'dist/mvmforge/apps/svc/ir.json'), JSON.stringify(ir));
  writeFileSync(join(ws, 'dist/mvmforge/apps/svc/source.json'), '{}');
}

test('artifactDirOf recovers <artifactDir> from <artifactDir>/<projectRoot>, also for a root project', () => {
  expect(artifactDirOf('/w', '/w/dist/mvmforge/apps/svc', '/w/apps/svc')).toBe('dist/mvmforge');
  expect(artifactDirOf('/w', '/w/dist/mvmforge', '/w')).toBe('dist/mvmforge');
  expect(artifactDirOf('/w', '/w/elsewhere', '/w/apps/svc')).toBeUndefined();
});

test('before the first emit the line is `[]` (as for nothing named, so a rerun is a hit); then it lists only named gitignored files, and changes with their bytes', async () => {
  expect(await ignoredInputs(ws, 'dist/mvmforge/apps/svc', 'apps/svc')).toBe('[]');
  emitIr(['app.py', '**']);
  expect(await ignoredInputs(ws, 'dist/mvmforge/apps/svc', 'apps/svc')).toBe('[]'); // globs name nothing
  emitIr(['app.py', '.env']);
  const before = await ignoredInputs(ws, 'dist/mvmforge/apps/svc', 'apps/svc');
  expect(JSON.parse(before)).toEqual([{ kind: 'file', path: '.env', mode: '0644', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
  writeFileSync(join(ws, 'apps/svc/app.py'), 'print(2)\n'); // tracked: Nx hashes it, not this input
  expect(await ignoredInputs(ws, 'dist/mvmforge/apps/svc', 'apps/svc')).toBe(before);
  writeFileSync(join(ws, 'apps/svc/.env'), 'TOKEN=b\n');
  expect(await ignoredInputs(ws, 'dist/mvmforge/apps/svc', 'apps/svc')).not.toBe(before);
});

test('an IR without any include names nothing: `[]` without bundling (a source that would not bundle is not even looked at)', async () => {
  emitIr(['[z-a]']);
  const path = join(ws, 'dist/mvmforge/apps/svc/ir.json');
  const ir = JSON.parse(readFileSync(path, 'utf8')) as { apps: Array<{ source: Record<string, unknown> }> };
  delete ir.apps[0].source.include;
  ir.apps[0].source.path = 'no-such-dir'; // bundling it would be an error line
  writeFileSync(path, JSON.stringify(ir));
  expect(await ignoredInputs(ws, 'dist/mvmforge/apps/svc', 'apps/svc')).toBe('[]');
  // Globs alone (an invalid one included) name nothing either: still no walk.
  emitIr(['**', '*.py', '[z-a]']);
  expect(await ignoredInputs(ws, 'dist/mvmforge/apps/svc', 'apps/svc')).toBe('[]');
  // A naming include spelled through a JSON escape is read as such and takes the full path.
  writeFileSync(path, JSON.stringify(ir).replace('"path":', '"\\u0069nclude":["conf/**"],"path":'));
  expect(await ignoredInputs(ws, 'dist/mvmforge/apps/svc', 'apps/svc')).toMatch(/^bundle error E_/);
});

test('a bundle problem prints a line instead of failing the hash', async () => {
  emitIr(['.env', '[z-a]']);
  expect(await ignoredInputs(ws, 'dist/mvmforge/apps/svc', 'apps/svc')).toBe('bundle error E_SOURCE_GLOB_INVALID');
});

test('an ir.json that is not the IR emit writes prints its own line', async () => {
  emitIr(['.env']);
  const path = join(ws, 'dist/mvmforge/apps/svc/ir.json');
  for (const bad of [
    '{',
    '{"apps":[]}',
    '{"apps":[{"source":{"kind":"local_path","path":1,"include":[]}}]}',
    '{"apps":[{"source":{"kind":"local_path","path":".","include":[1]}}]}',
  ]) {
    writeFileSync(path, bad.replace('{', '{"include":0,'));
    expect(await ignoredInputs(ws, 'dist/mvmforge/apps/svc', 'apps/svc')).toBe('ir.json does not parse');
  }
});

test('only the named files are opened: the rest of the bundle is walked, never read (this runs on every Nx run)', async () => {
  mkdirSync(join(ws, 'apps/svc/pkg'));
  for (let i = 0; i < 20; i++) writeFileSync(join(ws, `apps/svc/pkg/m${i}.py`), `${i}\n`);
  emitIr(['app.py', 'pkg/**', '.env']);
  // The module object itself (an `import * as` namespace cannot be spied on).
  const open = jest.spyOn(require('node:fs') as typeof import('node:fs'), 'openSync');
  try {
    const line = await ignoredInputs(ws, 'dist/mvmforge/apps/svc', 'apps/svc');
    expect(JSON.parse(line).map((e: { path: string }) => e.path)).toEqual(['.env']);
    const sources = open.mock.calls.map(([p]) => String(p)).filter((p) => p.startsWith(join(ws, 'apps/svc/')));
    expect(sources).toEqual([join(ws, 'apps/svc/.env')]);
  } finally {
    open.mockRestore();
  }
});

describe('one command for the whole workspace (Nx runs one runtime command line once per run)', () => {
  test('finds every emitted workload under the artifact dir, the root workload included, and enters no compiled artifact', () => {
    emitIr(['app.py']);
    for (const dir of ['dist/mvmforge', 'dist/mvmforge/libs/b', 'dist/mvmforge/apps/svc/artifact/src/x']) {
      mkdirSync(join(ws, dir), { recursive: true });
      writeFileSync(join(ws, dir, 'ir.json'), '{}');
      writeFileSync(join(ws, dir, 'source.json'), '{}');
    }
    // The compiled artifact of apps/svc: its src/ holds user files, whatever their names.
    writeFileSync(join(ws, 'dist/mvmforge/apps/svc/artifact/flake.nix'), '');
    writeFileSync(join(ws, 'dist/mvmforge/apps/svc/artifact/launch.json'), '{}');
    // An ir.json alone (no source.json) is not an emit output.
    mkdirSync(join(ws, 'dist/mvmforge/other'), { recursive: true });
    writeFileSync(join(ws, 'dist/mvmforge/other/ir.json'), '{}');
    expect(emittedOutputs(ws, 'dist/mvmforge')).toEqual([
      { outputDir: 'dist/mvmforge', projectRoot: '.' },
      { outputDir: 'dist/mvmforge/apps/svc', projectRoot: 'apps/svc' },
      { outputDir: 'dist/mvmforge/libs/b', projectRoot: 'libs/b' },
    ]);
    expect(emittedOutputs(ws, 'no/such/dir')).toEqual([]);
  });

  test('lists only workloads that name ignored files, and changes when one of their bytes does', async () => {
    expect(await ignoredInputsOfWorkspace(ws, 'dist/mvmforge')).toBe('{}'); // nothing emitted yet
    emitIr(['app.py']);
    expect(await ignoredInputsOfWorkspace(ws, 'dist/mvmforge')).toBe('{}');
    emitIr(['app.py', '.env']);
    const before = await ignoredInputsOfWorkspace(ws, 'dist/mvmforge');
    const parsed = JSON.parse(before) as Record<string, string>;
    expect(Object.keys(parsed)).toEqual(['apps/svc']);
    expect(parsed['apps/svc']).toBe(await ignoredInputs(ws, 'dist/mvmforge/apps/svc', 'apps/svc'));
    writeFileSync(join(ws, 'apps/svc/.env'), 'TOKEN=b\n');
    expect(await ignoredInputsOfWorkspace(ws, 'dist/mvmforge')).not.toBe(before);
  });

  test('never walks the workspace itself or outside it', async () => {
    for (const bad of ['', '.', '..', '../x', 'a/../..', '/tmp']) {
      expect(await ignoredInputsOfWorkspace(ws, bad)).toMatch(/is not a folder inside the workspace$/);
    }
  });
});

test('the runtime input loads no zod, even for a workload whose include names files (it runs on every Nx run)', () => {
  emitIr(['app.py', '.env']);
  const built = join(__dirname, '../dist/executors/emit/ignored-inputs.js');
  const script = `require(${JSON.stringify(built)}).ignoredInputsOfWorkspace(process.cwd(), 'dist/mvmforge').then((line) => {
    process.stdout.write(JSON.stringify({ line, zod: Object.keys(require.cache).some((m) => m.includes('/node_modules/zod/')) }));
  });`;
  const r = spawnSync(process.execPath, ['-e', script], { cwd: ws, encoding: 'utf8' });
  const out = JSON.parse(r.stdout) as { line: string; zod: boolean };
  expect(Object.keys(JSON.parse(out.line))).toEqual(['apps/svc']);
  expect(out.zod).toBe(false);
});
