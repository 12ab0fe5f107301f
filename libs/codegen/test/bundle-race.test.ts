/**
 * Bundling from what was walked (issue 10 items 1 and 4). The swap race is made deterministic
 * with the `beforeOpen` hook (runs after the walk, before the first open): whatever is swapped in
 * there, not one outside byte reaches `src/`, nothing is published, and nothing blocks.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileWorkload } from '../src/compile';
import { codesOf, fakeWorkspace, irDoc, removeDir, workloadOf } from './helpers';

const SECRET = 'OUTSIDE-SECRET-BYTES';
let ws: string;
let proj: string;
let outside: string;
beforeEach(() => {
  ({ ws, proj } = fakeWorkspace());
  writeFileSync(join(proj, 'app.py'), 'print("app")\n');
  outside = join(ws, 'outside');
  mkdirSync(outside);
  writeFileSync(join(outside, 'main.py'), SECRET);
  writeFileSync(join(outside, 'secret'), SECRET);
});
afterEach(() => removeDir(ws));

const out = () => join(ws, 'dist', 'artifact');
const compileWith = (beforeOpen?: () => void, doc = irDoc()) =>
  compileWorkload({ workload: workloadOf(doc), manifestDir: proj, out: out(), env: {}, hooks: { beforeOpen } });

/** Nothing was published and no staging directory is left to carry outside bytes. */
function expectNothingPublished(): void {
  expect(existsSync(out())).toBe(false);
  expect(existsSync(join(ws, 'dist')) ? readdirSync(join(ws, 'dist')) : []).toEqual([]);
}

describe('swap race between walk and open', () => {
  test('a file swapped for a symlink to an outside file: E_SOURCE_CHANGED, 0 outside bytes', async () => {
    const diags = await codesOf(() =>
      compileWith(() => {
        unlinkSync(join(proj, 'pkg', 'main.py'));
        symlinkSync(join(outside, 'main.py'), join(proj, 'pkg', 'main.py'));
      }),
    );
    expect(diags.map((d) => d.code)).toEqual(['E_SOURCE_CHANGED']);
    expect(diags[0].detail).toContain('"pkg/main.py"');
    expectNothingPublished();
  });

  test('a file swapped for a FIFO: refused at once, never blocks', async () => {
    const diags = await codesOf(() =>
      compileWith(() => {
        unlinkSync(join(proj, 'pkg', 'main.py'));
        execFileSync('mkfifo', [join(proj, 'pkg', 'main.py')]);
      }),
    );
    expect(diags.map((d) => d.code)).toEqual(['E_SOURCE_CHANGED']);
    expectNothingPublished();
  });

  test('a parent folder swapped for a symlink to an outside folder with the same names: refused', async () => {
    const diags = await codesOf(() =>
      compileWith(() => {
        renameSync(join(proj, 'pkg'), join(ws, 'pkg-moved'));
        symlinkSync(outside, join(proj, 'pkg'));
      }),
    );
    expect(diags.map((d) => d.code)).toEqual(['E_SOURCE_CHANGED']);
    expectNothingPublished();
  });

  test('a file replaced by another regular file (new inode) is refused; same file rewritten in place with a new size too', async () => {
    const replaced = await codesOf(() =>
      compileWith(() => {
        writeFileSync(join(proj, 'pkg', 'main.py.new'), 'print(2)\n');
        renameSync(join(proj, 'pkg', 'main.py.new'), join(proj, 'pkg', 'main.py'));
      }),
    );
    expect(replaced.map((d) => d.code)).toEqual(['E_SOURCE_CHANGED']);
    const grown = await codesOf(() => compileWith(() => writeFileSync(join(proj, 'pkg', 'main.py'), 'print(1)\n# and more\n')));
    expect(grown.map((d) => d.code)).toEqual(['E_SOURCE_CHANGED']);
    expectNothingPublished();
  });

  test('a bundled symlink re-pointed outside after the walk: refused', async () => {
    symlinkSync('main.py', join(proj, 'pkg', 'alias.py'));
    const diags = await codesOf(() =>
      compileWith(() => {
        unlinkSync(join(proj, 'pkg', 'alias.py'));
        symlinkSync('../../outside/secret', join(proj, 'pkg', 'alias.py'));
      }),
    );
    expect(diags.map((d) => d.code)).toEqual(['E_SOURCE_CHANGED']);
    expectNothingPublished();
  });

  test('without a swap the same tree compiles (the hook itself changes nothing)', async () => {
    const r = await compileWith(() => undefined);
    expect(r.fileCount).toBe(2);
  });
});

describe('symlink targets resolve inside the root at every step (issue 10 item 4)', () => {
  test('`../`×12 and a path back inside is refused even though it ends inside', async () => {
    const back = `${'../'.repeat(12)}${proj.slice(1)}/app.py`;
    symlinkSync(back, join(proj, 'pkg', 'sneaky'));
    const diags = await codesOf(() => compileWith());
    expect(diags.map((d) => d.code)).toEqual(['E_SOURCE_OUT_OF_TREE_SYMLINK']);
    expect(diags[0].detail).toContain('"pkg/sneaky"');
    expectNothingPublished();
  });

  test('one `..` too many, back into the root by name, is refused', async () => {
    const leaf = proj.split('/').pop()!;
    symlinkSync(`../../${leaf}/app.py`, join(proj, 'pkg', 'sneaky'));
    expect((await codesOf(() => compileWith())).map((d) => d.code)).toEqual(['E_SOURCE_OUT_OF_TREE_SYMLINK']);
  });

  test('a chain of links through a folder link that leaves the root is refused', async () => {
    symlinkSync('../../outside', join(proj, 'pkg', 'door')); // excluded itself, but used by the next link
    symlinkSync('door/secret', join(proj, 'pkg', 'via'));
    const doc = irDoc({ source: { kind: 'local_path', path: '.', include: ['app.py', 'pkg/via'] } });
    expect((await codesOf(() => compileWith(undefined, doc))).map((d) => d.code)).toEqual(['E_SOURCE_OUT_OF_TREE_SYMLINK']);
  });

  test('links that stay inside (chains, `sub/..`, a link to a folder) are kept verbatim', async () => {
    mkdirSync(join(proj, 'sub'));
    symlinkSync('../pkg/main.py', join(proj, 'sub', 'a'));
    symlinkSync('a', join(proj, 'sub', 'b'));
    symlinkSync('../sub/../pkg', join(proj, 'sub', 'dir'));
    const r = await compileWith();
    expect(r.fileCount).toBe(2);
    expect(readdirSync(join(r.out, 'src', 'sub')).sort()).toEqual(['a', 'b', 'dir']);
  });

  test('a dangling link and a loop are E_SOURCE_COPY_FAILED', async () => {
    symlinkSync('nope', join(proj, 'pkg', 'dangling'));
    expect((await codesOf(() => compileWith())).map((d) => d.code)).toEqual(['E_SOURCE_COPY_FAILED']);
    rmSync(join(proj, 'pkg', 'dangling'));
    symlinkSync('loop2', join(proj, 'pkg', 'loop1'));
    symlinkSync('loop1', join(proj, 'pkg', 'loop2'));
    expect((await codesOf(() => compileWith())).map((d) => d.code)).toEqual(['E_SOURCE_COPY_FAILED']);
  });
});

test('an aborted signal stops the walk between files with its reason', async () => {
  const ac = new AbortController();
  ac.abort(new Error('stopped by the test'));
  await expect(
    compileWorkload({ workload: workloadOf(irDoc()), manifestDir: proj, out: out(), env: {}, signal: ac.signal }),
  ).rejects.toThrow('stopped by the test');
  expectNothingPublished();
});
