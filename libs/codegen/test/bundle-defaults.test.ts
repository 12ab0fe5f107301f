/**
 * The default bundle rules (issue 9 item 1, default-rules.ts): a workload at a workspace root
 * with no include/exclude leaves out what git ignores, VCS folders, node_modules, virtualenvs,
 * bytecode, .nx and previous artifacts; an include that names a path brings it back; only
 * .gitignore files count (never .git/info/exclude or a global excludes file).
 */
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { compileWorkload } from '../src/compile';
import { codesOf, irDoc, removeDir, snapshotTree, tempDir, workloadOf, type Json } from './helpers';

let ws: string;
beforeEach(() => {
  ws = tempDir('mvmforge-defaults-');
});
afterEach(() => removeDir(ws));

function put(rel: string, text = `${rel}\n`): void {
  mkdirSync(dirname(join(ws, rel)), { recursive: true });
  writeFileSync(join(ws, rel), text);
}

/** What create-nx-workspace leaves at a root, plus a venv, bytecode and a secret. */
function busyWorkspace(): void {
  mkdirSync(join(ws, '.git', 'info'), { recursive: true });
  put('.gitignore', 'node_modules\n/dist\n.nx/cache\n.nx/workspace-data\n.env\n*.log\n');
  put('app.py');
  put('pkg/mod.py');
  put('pkg/keep.log');
  put('pkg/.gitignore', '!keep.log\n');
  put('debug.log');
  put('.env', 'TOKEN=old\n');
  put('node_modules/left-pad/index.js');
  put('pkg/node_modules/x.js'); // node_modules at any depth
  put('.nx/cache/123/blob');
  put('.nx/workspace-data/project-graph.json');
  put('.nx/other'); // not gitignored: .nx is out anyway
  put('dist/stuff/ir.json');
  put('.venv/pyvenv.cfg', 'home = /usr/bin\n');
  put('.venv/lib/python3.12/site-packages/m.py');
  put('env2/pyvenv.cfg', 'home = /usr/bin\n'); // a virtualenv under another name
  put('env2/bin/activate');
  put('__pycache__/app.cpython-312.pyc');
  put('pkg/old.pyc');
  put('pkg/old.pyo');
  put('.hg/store');
  put('.svn/entries');
}

const env = {};
const compile = (doc: Json, extra: Partial<Parameters<typeof compileWorkload>[0]> = {}) =>
  compileWorkload({ workload: workloadOf(doc), manifestDir: ws, out: join(ws, 'dist', 'artifact'), env, ...extra });

const files = (out: string) =>
  Object.entries(snapshotTree(join(out, 'src')))
    .filter(([, v]) => !v.startsWith('d '))
    .map(([k]) => k);

describe('default bundle rules', () => {
  test('a workspace-root workload without include/exclude bundles only the app, twice with the same tree hash', async () => {
    busyWorkspace();
    const first = await compile(irDoc());
    expect(files(first.out)).toEqual(['.gitignore', 'app.py', 'pkg/.gitignore', 'pkg/keep.log', 'pkg/mod.py']);
    // The second compile walks past the first artifact (in gitignored dist/, and an artifact anyway).
    const second = await compile(irDoc());
    expect(second.treeHash).toBe(first.treeHash);
    expect(files(second.out)).toEqual(files(first.out));
    expect(readdirSync(join(ws, 'dist')).sort()).toEqual(['artifact', 'stuff']);
  });

  test('a symlinked node_modules or .venv pointing out of the tree is left out, not refused', async () => {
    mkdirSync(join(ws, '.git'));
    put('app.py');
    mkdirSync(join(ws, 'elsewhere'));
    symlinkSync('/usr', join(ws, 'node_modules'));
    symlinkSync('../..', join(ws, '.venv'));
    const r = await compile(irDoc({ source: { kind: 'local_path', path: '.', exclude: ['elsewhere/**'] } }));
    expect(files(r.out)).toEqual(['app.py']);
  });

  test('a previous artifact is never bundled, even where no .gitignore covers it', async () => {
    put('app.py');
    mkdirSync(join(ws, '.git'));
    const first = await compileWorkload({ workload: workloadOf(irDoc()), manifestDir: ws, out: join(ws, 'build', 'a1'), env });
    // Compile into another --out: the first artifact sits in the source tree, not gitignored.
    const second = await compileWorkload({ workload: workloadOf(irDoc()), manifestDir: ws, out: join(ws, 'build', 'a2'), env });
    expect(files(second.out)).toEqual(['app.py']);
    expect(second.treeHash).toBe(first.treeHash);
  });

  test('an include that names a path wins over the defaults for it; globs do not', async () => {
    busyWorkspace();
    const r = await compile(
      irDoc({ source: { kind: 'local_path', path: '.', include: ['app.py', '.env', 'node_modules/left-pad/**', '**/*.pyc'] } }),
    );
    expect(files(r.out)).toEqual(['.env', 'app.py', 'node_modules/left-pad/index.js']);
    expect(readFileSync(join(r.out, 'src', '.env'), 'utf8')).toBe('TOKEN=old\n');
  });

  test('never-rules hold even against a naming include (.git, .nx)', async () => {
    busyWorkspace();
    const r = await compile(irDoc({ source: { kind: 'local_path', path: '.', include: ['app.py', '.nx/**', '.hg/store'] } }));
    expect(files(r.out)).toEqual(['app.py']);
  });

  test('only .gitignore files count: .git/info/exclude and a global excludes file are ignored', async () => {
    busyWorkspace();
    writeFileSync(join(ws, '.git', 'info', 'exclude'), 'app.py\n');
    writeFileSync(join(ws, '.git', 'config'), '[core]\n\texcludesFile = ~/.gitignore_global\n');
    put('.gitignore_global', 'pkg/\n');
    const r = await compile(irDoc(), { env: { HOME: ws } });
    expect(files(r.out)).toContain('app.py');
    expect(files(r.out)).toContain('pkg/mod.py');
  });

  test('.gitignore files above the source root apply with paths relative to their own folder', async () => {
    mkdirSync(join(ws, '.git'));
    put('.gitignore', 'svc/secret.txt\n*.tmp\n');
    put('svc/app.py');
    put('svc/secret.txt');
    put('svc/x.tmp');
    const r = await compileWorkload({ workload: workloadOf(irDoc()), manifestDir: join(ws, 'svc'), out: join(ws, 'out', 'a'), env });
    expect(files(r.out)).toEqual(['app.py']);
  });

  test("a source.path that git ignores as a whole is taken as named (its ancestors' rules do not empty it)", async () => {
    mkdirSync(join(ws, '.git'));
    put('.gitignore', 'generated/\n');
    put('generated/app.py');
    const r = await compileWorkload({
      workload: workloadOf(irDoc({ source: { kind: 'local_path', path: 'generated' } })),
      manifestDir: ws,
      out: join(ws, 'out', 'a'),
      env,
    });
    expect(files(r.out)).toEqual(['app.py']);
  });

  test('extra default-excluded folders (the plugin artifact dir) are left out and shown in the rules', async () => {
    busyWorkspace();
    put('tmp-art/mvmforge/svc/ir.json');
    const r = await compile(irDoc(), { excludeDirs: ['tmp-art/mvmforge'] });
    expect(files(r.out).some((f) => f.startsWith('tmp-art'))).toBe(false);
    expect(r.rules.defaults).toContain('/tmp-art/mvmforge/');
  });

  test('an oversized bundle warns loudly (threshold is an option) but still compiles', async () => {
    busyWorkspace();
    const r = await compile(irDoc(), { warnBytes: 10 });
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatch(/source bundle is .* over the .* warning threshold/);
    expect((await compile(irDoc())).warnings).toEqual([]);
  });

  test('a bundle that the defaults empty is E_SOURCE_BUNDLE_EMPTY and says the defaults took entries', async () => {
    mkdirSync(join(ws, '.git'));
    put('.gitignore', '*\n');
    put('app.py');
    const diags = await codesOf(() => compile(irDoc()));
    expect(diags.map((d) => d.code)).toEqual(['E_SOURCE_BUNDLE_EMPTY']);
    expect(diags[0].detail).toMatch(/entries were left out by the default rules/);
  });

  test('an IR file alone in a folder is not bundled: compiling it there is E_SOURCE_BUNDLE_EMPTY with a --base-dir hint', async () => {
    mkdirSync(join(ws, '.git'));
    put('x/ir.json', '{}');
    const diags = await codesOf(() =>
      compileWorkload({
        workload: workloadOf(irDoc()),
        manifestDir: join(ws, 'x'),
        manifestKind: 'json',
        manifestFile: join(ws, 'x', 'ir.json'),
        out: join(ws, 'out', 'a'),
        env,
      }),
    );
    expect(diags.map((d) => d.code)).toEqual(['E_SOURCE_BUNDLE_EMPTY']);
    expect(diags[0].detail).toContain('pass --base-dir');
    expect(diags[0].detail).toContain(`base directory ${join(ws, 'x')}`);
  });
});
