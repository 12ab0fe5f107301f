import { mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { irHash } from '@mvmforge/ir';
import { compileWorkload } from '../src/compile';
import { sourceFingerprint } from '../src/fingerprint';
import * as flakeModule from '../src/flake';
import { DEFAULT_MVM_FLAKE_URL } from '../src/mvm-url';
import { codesOf, fakeWorkspace, irDoc, removeDir, snapshotTree, tempDir, workloadOf, type Json } from './helpers';

let ws: string; // a fake git workspace
let proj: string;
beforeEach(() => {
  ({ ws, proj } = fakeWorkspace());
  writeFileSync(join(proj, 'app.py'), '# entry\n');
});
afterEach(() => removeDir(ws));

const env = {}; // no MVMFORGE_MVM_FLAKE_URL: the pinned default

/** The effective rule set as compile --json and launch.json show it (written out, not recomputed). */
const RULES = (include: string[], exclude: string[]) => ({
  never: ['.bzr/', '.git/', '.hg/', '.jj/', '.nx/', '.svn/', '_darcs/', 'mvmforge artifacts', 'mvmforge staging/backup/lock siblings'],
  defaults: ['.gitignore', '.venv/', '__pycache__/', 'node_modules/', 'pyvenv.cfg folders', '*.pyc', '*.pyo'],
  include,
  exclude,
});
const compile = (doc: Json, extra: Partial<Parameters<typeof compileWorkload>[0]> = {}) =>
  compileWorkload({ workload: workloadOf(doc), manifestDir: proj, out: join(ws, 'dist', 'artifact'), env, ...extra });

/** The parent of the default --out must hold nothing but what the test expects (no staging junk). */
const distEntries = () => (existsSync(join(ws, 'dist')) ? readdirSync(join(ws, 'dist')) : []);

describe('compileWorkload', () => {
  test('produces exactly flake.nix, launch.json and src/ with the bundle and the summary', async () => {
    const doc = irDoc({ source: { kind: 'local_path', path: '.', include: ['pkg/**'] } });
    const r = await compile(doc);
    expect(r).toEqual({
      out: join(ws, 'dist', 'artifact'),
      irHash: irHash(workloadOf(doc)),
      treeHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      fileCount: 1,
      workloadId: 'demo',
      bytes: statSync(join(proj, 'pkg', 'main.py')).size,
      rules: RULES(['pkg/**'], []),
      warnings: [],
    });
    const snap = snapshotTree(r.out);
    expect(Object.keys(snap)).toEqual(['flake.nix', 'launch.json', 'src', 'src/pkg', 'src/pkg/main.py']);
    expect(snap['flake.nix'].slice(0, 6)).toBe('f 0644');
    expect(snap['launch.json'].slice(0, 6)).toBe('f 0644');
    expect(snap['src']).toBe('d 0755');
    const flake = readFileSync(join(r.out, 'flake.nix'), 'utf8');
    expect(flake).toContain(`inputs.mvm.url = "${DEFAULT_MVM_FLAKE_URL}";`);
    expect(flake).toContain(`ir_hash = "${r.irHash}";`);
    const launch = JSON.parse(readFileSync(join(r.out, 'launch.json'), 'utf8'));
    expect(launch.source).toEqual({
      file_count: 1,
      kind: 'local_path',
      rules: RULES(['pkg/**'], []),
      subdir: 'src',
      tree_hash: r.treeHash,
    });
    expect(distEntries()).toEqual(['artifact']);
  });

  test('an empty bundle is refused (E_SOURCE_BUNDLE_EMPTY names the include and the base directory) and creates nothing', async () => {
    const diags = await codesOf(() => compile(irDoc({ source: { kind: 'local_path', path: '.', include: ['srcc/**'] } })));
    expect(diags.map((d) => d.code)).toEqual(['E_SOURCE_BUNDLE_EMPTY']);
    expect(diags[0].detail).toContain('include "srcc/**" matched no file');
    expect(diags[0].detail).toContain(`base directory ${proj}`);
    expect(existsSync(join(ws, 'dist'))).toBe(false);
  });

  test('replaces a previous artifact (and drops its flake.lock)', async () => {
    const first = await compile(irDoc({ source: { kind: 'local_path', path: '.', include: ['app.py'] } }));
    writeFileSync(join(first.out, 'flake.lock'), '{}');
    const second = await compile(irDoc({ source: { kind: 'local_path', path: '.', include: ['pkg/**'] } }));
    expect(Object.keys(snapshotTree(second.out))).toEqual(['flake.nix', 'launch.json', 'src', 'src/pkg', 'src/pkg/main.py']);
    expect(distEntries()).toEqual(['artifact']);
  });

  test('an output directory inside the source root is not bundled into itself', async () => {
    const out = join(proj, 'build', 'artifact');
    await compileWorkload({ workload: workloadOf(irDoc()), manifestDir: proj, out, env });
    const again = await compileWorkload({ workload: workloadOf(irDoc()), manifestDir: proj, out, env });
    expect(Object.keys(snapshotTree(join(again.out, 'src')))).toEqual(['app.py', 'pkg', 'pkg/main.py']);
    expect(again.fileCount).toBe(2);
  });

  test('validation runs first and stops compile', async () => {
    const diags = await codesOf(() => compile(irDoc({ entrypoints: [{ kind: 'command', command: ['sh', '-c', 'x'] }] })));
    expect(diags.map((d) => d.code)).toContain('E_SHELL_ENTRYPOINT_FORBIDDEN');
    expect(distEntries()).toEqual([]);
  });

  test('preconditions are collected together', async () => {
    const doc = irDoc({
      image: { kind: 'oci_base', reference: 'docker.io/library/python', digest: `sha256:${'0'.repeat(64)}` },
      files: [{ path: '/etc/x', bytes_b64: 'eA==' }],
      health_check: { command: ['true'] },
    });
    const diags = await codesOf(() => compile(doc, { env: { MVMFORGE_MVM_FLAKE_URL: 'path:/x"y' } }));
    expect(diags.map((d) => [d.code, d.path])).toEqual([
      ['E_IMAGE_KIND_UNSUPPORTED', '.apps[0].image.kind'],
      ['E_COMPILE_FEATURE_UNSUPPORTED', '.apps[0].files'],
      ['E_COMPILE_FEATURE_UNSUPPORTED', '.apps[0].health_check'],
      ['E_MVM_FLAKE_URL_INVALID', ''],
    ]);
    expect(distEntries()).toEqual([]);
  });

  test('addons are refused with E_COMPILE_FEATURE_UNSUPPORTED at .apps[0].addons', async () => {
    const addon = { name: 'redis', tier: 'separate', ref: { kind: 'local', path: 'addons/redis' }, sha256: 'a'.repeat(64) };
    const diags = await codesOf(() => compile(irDoc({ addons: [addon] })));
    expect(diags.map((d) => [d.code, d.path])).toEqual([['E_COMPILE_FEATURE_UNSUPPORTED', '.apps[0].addons']]);
    expect(distEntries()).toEqual([]);
  });

  // §2: the first failing step stops compilation, so a later step's problem is never reported.
  test('step order: preconditions (3) stop before the source root (4)', async () => {
    const doc = irDoc({
      image: { kind: 'oci_base', reference: 'docker.io/library/python', digest: `sha256:${'0'.repeat(64)}` },
      source: { kind: 'local_path', path: 'nope', include: ['[x'] },
    });
    const diags = await codesOf(() => compile(doc, { out: join(ws, 'x.tgz') }));
    expect(diags.map((d) => d.code)).toEqual(['E_IMAGE_KIND_UNSUPPORTED']);
  });

  test('step order: the source root (4) stops before the --out checks (5)', async () => {
    const diags = await codesOf(() => compile(irDoc({ source: { kind: 'local_path', path: 'nope' } }), { out: join(ws, 'x.tgz') }));
    expect(diags.map((d) => d.code)).toEqual(['E_SOURCE_PATH_NOT_FOUND']);
  });

  test('step order: the --out checks (5) stop before staging (6)', async () => {
    writeFileSync(join(ws, 'outside'), 'x');
    symlinkSync('../../outside', join(proj, 'pkg', 'leak'));
    const diags = await codesOf(() => compile(irDoc(), { out: join(ws, 'x.tgz') }));
    expect(diags.map((d) => d.code)).toEqual(['E_COMPILE_OUTPUT_UNSAFE']);
  });

  test("staging, backup and lock siblings of any --out inside the source root are skipped (another compile's too); look-alikes are not", async () => {
    const out = join(proj, 'build', 'artifact');
    for (const leftover of [
      '.artifact.mvmforge-staging-1-aa',
      '.artifact.mvmforge-old-2-bb',
      '.other.mvmforge-old-3-cc',
      'mvmforge-old-notes',
    ]) {
      mkdirSync(join(proj, 'build', leftover), { recursive: true });
      writeFileSync(join(proj, 'build', leftover, 'junk'), 'x');
    }
    const r = await compileWorkload({ workload: workloadOf(irDoc()), manifestDir: proj, out, env });
    expect(Object.keys(snapshotTree(join(r.out, 'src')))).toEqual([
      'app.py',
      'build',
      'build/mvmforge-old-notes',
      'build/mvmforge-old-notes/junk',
      'pkg',
      'pkg/main.py',
    ]);
  });

  test('a splice validation failure aborts compile: nothing published, the previous artifact kept (§5.1)', async () => {
    const first = await compile(irDoc());
    const before = snapshotTree(first.out);
    // Unreachable after validation, so simulate it: renderFlake refuses a splice.
    const spy = jest.spyOn(flakeModule, 'renderFlake').mockImplementation(() => {
      throw new flakeModule.FlakeSpliceError('ir_hash', 'x', 'simulated');
    });
    try {
      await expect(compile(irDoc({ source: { kind: 'local_path', path: 'pkg' } }))).rejects.toBeInstanceOf(flakeModule.FlakeSpliceError);
      expect(spy).toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
    expect(snapshotTree(first.out)).toEqual(before);
    expect(distEntries()).toEqual(['artifact']);
  });

  test('sourceFingerprint describes the bundle without copying it', async () => {
    symlinkSync('main.py', join(proj, 'pkg', 'alias.py'));
    const doc = irDoc({ source: { kind: 'local_path', path: '.', include: ['pkg/**'] } });
    const fp = await sourceFingerprint({ workload: workloadOf(doc), manifestDir: proj });
    expect(fp).toEqual({
      file_count: 1,
      tree_hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      files: [
        { kind: 'symlink', path: 'pkg/alias.py', target: 'main.py' },
        { kind: 'file', path: 'pkg/main.py', mode: '0644', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
      ],
    });
    expect(JSON.stringify(fp)).not.toContain(ws);
    const r = await compile(doc);
    expect(r.treeHash).toBe(fp.tree_hash);
  });
});

test('sourceFingerprint skips the output directory and its staging siblings exactly like compile', async () => {
  const out = join(proj, 'dist', 'artifact');
  const doc = irDoc();
  const compiled = await compileWorkload({ workload: workloadOf(doc), manifestDir: proj, out, env });
  mkdirSync(join(proj, 'dist', '.artifact.mvmforge-staging-1-dead'), { recursive: true });
  writeFileSync(join(proj, 'dist', '.artifact.mvmforge-staging-1-dead', 'junk'), 'x');
  const fp = await sourceFingerprint({ workload: workloadOf(doc), manifestDir: proj, out });
  expect(fp.files.map((f) => f.path)).toEqual(['app.py', 'pkg/main.py']);
  expect(fp.tree_hash).toBe(compiled.treeHash);
  // Without `out`, the artifact is still recognised as one and left out (an artifact never holds another).
  const unaware = await sourceFingerprint({ workload: workloadOf(doc), manifestDir: proj });
  expect(unaware.files.map((f) => f.path)).toEqual(['app.py', 'pkg/main.py']);
});

describe('source root (artifact-v1 §7)', () => {
  test('a relative path resolves against the manifest dir, or --base-dir', async () => {
    mkdirSync(join(ws, 'other', 'pkg'), { recursive: true });
    writeFileSync(join(ws, 'other', 'pkg', 'o.py'), 'o');
    const r = await compile(irDoc({ source: { kind: 'local_path', path: 'pkg' } }), { baseDir: join(ws, 'other') });
    expect(Object.keys(snapshotTree(join(r.out, 'src')))).toEqual(['o.py']);
  });

  test('relative --out, --base-dir and --root resolve against cwd', async () => {
    const r = await compileWorkload({
      workload: workloadOf(irDoc({ source: { kind: 'local_path', path: 'pkg' } })),
      manifestDir: '/nonexistent',
      baseDir: 'proj',
      root: 'proj',
      out: 'dist/rel',
      cwd: ws,
      env,
    });
    expect(r.out).toBe(join(ws, 'dist', 'rel'));
    expect(Object.keys(snapshotTree(join(r.out, 'src')))).toEqual(['main.py']);
  });

  test('missing and non-directory sources', async () => {
    let diags = await codesOf(() => compile(irDoc({ source: { kind: 'local_path', path: 'nope' } })));
    expect(diags.map((d) => [d.code, d.path])).toEqual([['E_SOURCE_PATH_NOT_FOUND', '.apps[0].source.path']]);
    diags = await codesOf(() => compile(irDoc({ source: { kind: 'local_path', path: 'app.py' } })));
    expect(diags.map((d) => [d.code, d.path])).toEqual([['E_SOURCE_PATH_NOT_DIR', '.apps[0].source.path']]);
    expect(distEntries()).toEqual([]);
  });

  test('outside the allowed root: `..` escapes, absolute paths and symlinked directories', async () => {
    const outside = tempDir();
    try {
      symlinkSync(outside, join(proj, 'linked'));
      for (const path of ['..', '../..', outside, 'linked']) {
        const diags = await codesOf(() => compile(irDoc({ source: { kind: 'local_path', path } }), { root: proj }));
        expect(diags.map((d) => d.code)).toEqual(['E_SOURCE_OUTSIDE_ROOT']);
      }
      // Without --root the allowed root is the git root: `..` (= ws) is then fine.
      const ok = await compile(irDoc({ source: { kind: 'local_path', path: '..', include: ['proj/app.py'] } }), { out: join(proj, 'out') });
      expect(ok.fileCount).toBe(1);
      expect(distEntries()).toEqual([]);
    } finally {
      removeDir(outside);
    }
  });

  test('without a git root the manifest directory is the allowed root', async () => {
    const bare = tempDir();
    try {
      mkdirSync(join(bare, 'm'));
      const diags = await codesOf(() =>
        compileWorkload({
          workload: workloadOf(irDoc({ source: { kind: 'local_path', path: '..' } })),
          manifestDir: join(bare, 'm'),
          out: join(bare, 'o'),
          env,
        }),
      );
      expect(diags.map((d) => d.code)).toEqual(['E_SOURCE_OUTSIDE_ROOT']);
    } finally {
      removeDir(bare);
    }
  });

  test('a `.git` file (worktree, submodule) marks the git root too', async () => {
    const repo = tempDir();
    try {
      writeFileSync(join(repo, '.git'), 'gitdir: /elsewhere/.git/worktrees/x\n');
      mkdirSync(join(repo, 'sub', 'm'), { recursive: true });
      writeFileSync(join(repo, 'sub', 'a.py'), 'a');
      const r = await compileWorkload({
        workload: workloadOf(irDoc({ source: { kind: 'local_path', path: '..' } })),
        manifestDir: join(repo, 'sub', 'm'),
        out: join(repo, 'dist', 'o'),
        env,
      });
      expect(Object.keys(snapshotTree(join(r.out, 'src')))).toEqual(['a.py']);
    } finally {
      removeDir(repo);
    }
  });

  test('the nearest `.git` wins: a nested repository confines its sources', async () => {
    mkdirSync(join(proj, '.git'));
    const diags = await codesOf(() => compile(irDoc({ source: { kind: 'local_path', path: '..' } }), { out: join(proj, 'out') }));
    expect(diags.map((d) => d.code)).toEqual(['E_SOURCE_OUTSIDE_ROOT']);
  });

  test('--root and the manifest directory are canonicalized (symlinks resolved) before the comparison', async () => {
    symlinkSync(proj, join(ws, 'proj-link'));
    // The source is reached through a symlinked manifest directory, the root through another link.
    const r = await compileWorkload({
      workload: workloadOf(irDoc({ source: { kind: 'local_path', path: 'pkg' } })),
      manifestDir: join(ws, 'proj-link'),
      root: join(ws, 'proj-link'),
      out: join(ws, 'dist', 'artifact'),
      env,
    });
    expect(Object.keys(snapshotTree(join(r.out, 'src')))).toEqual(['main.py']);
    // --base-dir overrides the manifest directory even when that one does not exist.
    const b = await compileWorkload({
      workload: workloadOf(irDoc({ source: { kind: 'local_path', path: 'pkg' } })),
      manifestDir: join(ws, 'missing'),
      baseDir: join(ws, 'proj-link'),
      out: join(ws, 'dist', 'b'),
      env,
    });
    expect(b.fileCount).toBe(1);
  });

  test('a missing source and invalid globs are reported together (one step)', async () => {
    const diags = await codesOf(() => compile(irDoc({ source: { kind: 'local_path', path: 'nope', include: ['[x'] } })));
    expect(diags.map((d) => d.code)).toEqual(['E_SOURCE_PATH_NOT_FOUND', 'E_SOURCE_GLOB_INVALID']);
  });

  test('invalid globs are reported at their IR paths', async () => {
    const diags = await codesOf(() =>
      compile(irDoc({ source: { kind: 'local_path', path: '.', include: ['ok', '{a'], exclude: ['[z-a]'] } })),
    );
    expect(diags.map((d) => [d.code, d.path])).toEqual([
      ['E_SOURCE_GLOB_INVALID', '.apps[0].source.include[1]'],
      ['E_SOURCE_GLOB_INVALID', '.apps[0].source.exclude[0]'],
    ]);
  });
});
