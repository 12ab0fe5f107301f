/**
 * Every refusal is a coded error and leaves no trace: no staging directory, no output directory,
 * and a previous artifact exactly as it was (artifact-v1 §8).
 */
import { mkdirSync, readdirSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { compileWorkload } from '../src/compile';
import { isPreviousArtifact } from '../src/output-safety';
import { codesOf, fakeWorkspace, irDoc, removeDir, snapshotTree, workloadOf, type Json } from './helpers';

let ws: string;
let proj: string;
let out: string;
beforeEach(() => {
  ({ ws, proj } = fakeWorkspace());
  out = join(ws, 'dist', 'artifact');
});
afterEach(() => removeDir(ws));

const run = (doc: Json, opts: { out?: string; env?: NodeJS.ProcessEnv; root?: string } = {}) =>
  compileWorkload({ workload: workloadOf(doc), manifestDir: proj, out: opts.out ?? out, env: opts.env ?? {}, root: opts.root });

/** The whole workspace (sources and outputs). */
const state = () => snapshotTree(ws);
/** The output side: everything under dist/ (the attempt itself may change the sources). */
const outputs = () => (existsSync(join(ws, 'dist')) ? snapshotTree(join(ws, 'dist')) : {});

/** Compiles a good artifact first, then expects `attempt` to fail with `code` and change nothing. */
async function refusedWithPreviousArtifact(code: string, attempt: () => Promise<unknown>): Promise<void> {
  await run(irDoc());
  const before = outputs();
  const diags = await codesOf(attempt);
  expect(diags.map((d) => d.code)).toEqual([code]);
  expect(outputs()).toEqual(before);
  expect(readdirSync(join(ws, 'dist'))).toEqual(['artifact']);
}

describe('refusals leave no trace', () => {
  test('out-of-tree symlink', async () => {
    writeFileSync(join(ws, 'secret'), 'x');
    await refusedWithPreviousArtifact('E_SOURCE_OUT_OF_TREE_SYMLINK', async () => {
      symlinkSync('../../secret', join(proj, 'pkg', 'leak'));
      return run(irDoc());
    });
  });

  test('absolute symlink', async () => {
    await refusedWithPreviousArtifact('E_SOURCE_OUT_OF_TREE_SYMLINK', async () => {
      symlinkSync(join(proj, 'pkg', 'main.py'), join(proj, 'pkg', 'abs'));
      return run(irDoc());
    });
  });

  test('source outside the root', async () => {
    await refusedWithPreviousArtifact('E_SOURCE_OUTSIDE_ROOT', () =>
      run(irDoc({ source: { kind: 'local_path', path: '..' } }), { root: proj }),
    );
  });

  test.each([
    ['a double quote', 'path:/tmp/x"y'],
    ['${', 'path:/tmp/${builtins.currentSystem}'],
    ['a backslash', 'path:/tmp/x\\y'],
    ['a newline', 'path:/tmp/x\ny'],
  ])('a flake URL with %s', async (_what, url) => {
    await refusedWithPreviousArtifact('E_MVM_FLAKE_URL_INVALID', () => run(irDoc(), { env: { MVMFORGE_MVM_FLAKE_URL: url } }));
  });

  test.each([
    ['an out-of-tree symlink', 'E_SOURCE_OUT_OF_TREE_SYMLINK', () => symlinkSync('../../outside', join(proj, 'pkg', 'leak'))],
    ['a dangling symlink', 'E_SOURCE_COPY_FAILED', () => symlinkSync('missing', join(proj, 'pkg', 'dangling'))],
  ])('first compile refused for %s: not even the parent of --out is created', async (_what, code, breakSource) => {
    writeFileSync(join(ws, 'outside'), 'x');
    breakSource();
    const deepOut = join(ws, 'dist', 'deeper', 'artifact');
    const diags = await codesOf(() => run(irDoc(), { out: deepOut }));
    expect(diags.map((d) => d.code)).toEqual([code]);
    expect(existsSync(join(ws, 'dist'))).toBe(false);
  });

  test('a non-empty directory that is not an artifact', async () => {
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'notes.txt'), 'mine');
    const before = state();
    const diags = await codesOf(() => run(irDoc()));
    expect(diags.map((d) => d.code)).toEqual(['E_COMPILE_OUTPUT_UNSAFE']);
    expect(state()).toEqual(before);
  });

  test('a directory that looks like an artifact but has another launch.json is not replaced', async () => {
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'flake.nix'), '{}');
    writeFileSync(join(out, 'launch.json'), '{"flake_attribute":"something.else","artifact_format_version":"1.0"}');
    expect(isPreviousArtifact(out)).toBe(false);
    const diags = await codesOf(() => run(irDoc()));
    expect(diags.map((d) => d.code)).toEqual(['E_COMPILE_OUTPUT_UNSAFE']);
  });

  test.each([
    [
      'all four entries, flake.lock included',
      { 'flake.nix': '{}', 'launch.json': '{"flake_attribute":"mvmforge.workload","artifact_format_version":"1.0"}', 'flake.lock': '{}' },
      ['src'],
      true,
    ],
    ['flake.nix alone is not enough (launch.json must parse)', { 'flake.nix': '{}' }, [], false],
    ['no flake.nix', { 'launch.json': '{"flake_attribute":"mvmforge.workload","artifact_format_version":"1.0"}' }, ['src'], false],
    [
      'an extra top-level entry',
      { 'flake.nix': '{}', 'launch.json': '{"flake_attribute":"mvmforge.workload","artifact_format_version":"1.0"}', README: 'x' },
      [],
      false,
    ],
    [
      'a non-string artifact_format_version',
      { 'flake.nix': '{}', 'launch.json': '{"flake_attribute":"mvmforge.workload","artifact_format_version":1}' },
      [],
      false,
    ],
    ['launch.json not an object', { 'flake.nix': '{}', 'launch.json': '[]' }, [], false],
  ] as const)('previous-artifact test (§8.1): %s', (_what, files, dirs, expected) => {
    mkdirSync(out, { recursive: true });
    for (const [name, text] of Object.entries(files)) writeFileSync(join(out, name), text);
    for (const d of dirs) mkdirSync(join(out, d));
    expect(isPreviousArtifact(out)).toBe(expected);
  });

  test('an existing file', async () => {
    mkdirSync(join(ws, 'dist'));
    writeFileSync(out, 'x');
    const before = state();
    const diags = await codesOf(() => run(irDoc()));
    expect(diags.map((d) => d.code)).toEqual(['E_COMPILE_OUTPUT_EXISTS_NOT_DIR']);
    expect(state()).toEqual(before);
  });

  test.each([
    ['dangling', 'nowhere'],
    ['looping', 'artifact'],
  ])('a %s symlink at --out is refused before anything is staged', async (_what, target) => {
    mkdirSync(join(ws, 'dist'));
    symlinkSync(target, out);
    const before = state();
    const diags = await codesOf(() => run(irDoc()));
    expect(diags.map((d) => d.code)).toEqual(['E_COMPILE_OUTPUT_EXISTS_NOT_DIR']);
    expect(state()).toEqual(before);
  });

  test.each(['artifact.tar.gz', 'artifact.TGZ', 'x.Tar.Gz'])('an archive name (%s)', async (name) => {
    const diags = await codesOf(() => run(irDoc(), { out: join(ws, 'dist', name) }));
    expect(diags.map((d) => [d.code, d.path])).toEqual([['E_COMPILE_OUTPUT_UNSAFE', '']]);
    expect(existsSync(join(ws, 'dist'))).toBe(false);
  });

  test('refusal order (§8.1): an archive name is refused before "exists and is not a directory"', async () => {
    mkdirSync(join(ws, 'dist'));
    writeFileSync(join(ws, 'dist', 'file.tgz'), 'x');
    const diags = await codesOf(() => run(irDoc(), { out: join(ws, 'dist', 'file.tgz') }));
    expect(diags.map((d) => d.code)).toEqual(['E_COMPILE_OUTPUT_UNSAFE']);
    expect(diags[0].detail).toContain('archive');
  });

  test('refusal order (§8.1): the workspace root is named before the source root it also contains', async () => {
    const diags = await codesOf(() => run(irDoc({ source: { kind: 'local_path', path: '..' } }), { out: ws }));
    expect(diags.map((d) => d.code)).toEqual(['E_COMPILE_OUTPUT_UNSAFE']);
    expect(diags[0].detail).toContain('workspace root');
  });

  test('the filesystem root', async () => {
    const before = readdirSync('/');
    const diags = await codesOf(() => run(irDoc(), { out: '/' }));
    expect(diags.map((d) => d.code)).toEqual(['E_COMPILE_OUTPUT_UNSAFE']);
    expect(diags[0].detail).toContain('filesystem root');
    expect(readdirSync('/')).toEqual(before);
  });

  test('the home directory and its ancestors', async () => {
    const saved = process.env.HOME;
    const home = join(ws, 'home', 'user');
    mkdirSync(home, { recursive: true });
    process.env.HOME = home;
    try {
      for (const target of [home, join(ws, 'home'), `${home}/`]) {
        const diags = await codesOf(() => run(irDoc(), { out: target }));
        expect(diags.map((d) => d.code)).toEqual(['E_COMPILE_OUTPUT_UNSAFE']);
        expect(diags[0].detail).toContain('home');
      }
      expect(readdirSync(home)).toEqual([]);
      // A subdirectory of home is fine.
      await run(irDoc(), { out: join(home, 'artifact') });
    } finally {
      process.env.HOME = saved;
    }
  });

  test('the workspace root', async () => {
    const before = state();
    const diags = await codesOf(() => run(irDoc(), { out: ws }));
    expect(diags.map((d) => d.code)).toEqual(['E_COMPILE_OUTPUT_UNSAFE']);
    expect(diags[0].detail).toContain('workspace root');
    expect(state()).toEqual(before);
  });

  test('the source directory and its ancestors (also through a symlink)', async () => {
    const src = join(proj, 'pkg');
    symlinkSync(src, join(ws, 'src-link'));
    const before = state();
    for (const target of [src, proj, join(ws, 'src-link')]) {
      const diags = await codesOf(() => run(irDoc({ source: { kind: 'local_path', path: 'pkg' } }), { out: target, root: ws }));
      expect(diags.map((d) => d.code)).toEqual(['E_COMPILE_OUTPUT_UNSAFE']);
    }
    expect(state()).toEqual(before);
  });

  test('an empty existing directory is used', async () => {
    mkdirSync(out, { recursive: true });
    const r = await run(irDoc());
    expect(r.out).toBe(out);
    expect(readdirSync(join(ws, 'dist'))).toEqual(['artifact']);
  });
});
