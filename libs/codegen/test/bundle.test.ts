import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync, lstatSync, readlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { bundleSource } from '../src/bundle';
import { compileSourceFilter } from '../src/globs';
import { codesOf, removeDir, snapshotTree, tempDir } from './helpers';

const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

let root: string;
let dest: string;
let work: string;
beforeEach(() => {
  work = tempDir();
  root = join(work, 'proj');
  dest = join(work, 'out-src');
  mkdirSync(root);
  mkdirSync(dest);
});
afterEach(() => removeDir(work));

function write(rel: string, content: string | Buffer, mode = 0o644): void {
  const abs = join(root, rel);
  mkdirSync(join(abs, '..'), { recursive: true });
  writeFileSync(abs, content);
  chmodSync(abs, mode);
}

const all = compileSourceFilter([], []);

describe('bundle walk (artifact-v1 §6.1)', () => {
  test('keeps files matching include and not exclude; records sorted; empty dirs not created', async () => {
    write('hello/__init__.py', '');
    write('hello/__main__.py', 'print("hi")\n');
    write('hello/__pycache__/x.pyc', 'junk');
    write('app.py', 'x');
    mkdirSync(join(root, 'empty/deeper'), { recursive: true });
    const r = await bundleSource({ sourceRoot: root, filter: compileSourceFilter(['hello/**'], ['**/__pycache__/**']), dest });
    expect(r.entries.map((e) => e.path)).toEqual(['hello/__init__.py', 'hello/__main__.py']);
    expect(r.fileCount).toBe(2);
    expect(snapshotTree(dest)).toEqual({
      hello: 'd 0755',
      'hello/__init__.py': 'f 0644 ',
      'hello/__main__.py': `f 0644 ${Buffer.from('print("hi")\n').toString('base64')}`,
    });
  });

  test('.git is skipped at any depth, as a file or a directory, even when included', async () => {
    write('.git/config', 'x');
    write('sub/.git', 'gitdir: elsewhere');
    write('sub/.gitignore', 'kept');
    write('sub/x/.git/HEAD', 'x');
    const r = await bundleSource({ sourceRoot: root, filter: compileSourceFilter(['**', '.git/**'], []), dest });
    expect(r.entries.map((e) => e.path)).toEqual(['sub/.gitignore']);
  });

  test('modes are normalized: any execute bit gives 0755, else 0644; setuid and co. dropped', async () => {
    write('run.sh', '#!/bin/sh\n', 0o700);
    write('group-exec', 'x', 0o610);
    write('plain', 'x', 0o600);
    write('suid', 'x', 0o4755);
    write('ro', 'x', 0o400);
    const r = await bundleSource({ sourceRoot: root, filter: all, dest });
    expect(Object.fromEntries(r.entries.map((e) => [e.path, e.mode]))).toEqual({
      'group-exec': '0755',
      plain: '0644',
      ro: '0644',
      'run.sh': '0755',
      suid: '0755',
    });
    const snap = snapshotTree(dest);
    expect(snap['run.sh'].slice(0, 6)).toBe('f 0755');
    expect(snap['plain'].slice(0, 6)).toBe('f 0644');
    expect(snap['ro'].slice(0, 6)).toBe('f 0644');
    expect(snap['suid'].slice(0, 6)).toBe('f 0755');
  });

  test('directory modes are 0755 regardless of the source mode and the umask', async () => {
    write('d/f', 'x');
    chmodSync(join(root, 'd'), 0o700);
    const old = process.umask(0o077);
    try {
      await bundleSource({ sourceRoot: root, filter: all, dest });
    } finally {
      process.umask(old);
    }
    expect(snapshotTree(dest)).toEqual({ d: 'd 0755', 'd/f': `f 0644 ${Buffer.from('x').toString('base64')}` });
  });

  test('content hashes are the SHA-256 of the bytes; a large file is copied intact', async () => {
    const big = Buffer.alloc(5 * 1024 * 1024 + 123);
    for (let i = 0; i < big.length; i++) big[i] = (i * 31 + (i >> 11)) & 0xff;
    write('big.bin', big);
    const r = await bundleSource({ sourceRoot: root, filter: all, dest });
    expect(r.entries[0].content).toBe(sha(big));
    expect(readFileSync(join(dest, 'big.bin')).equals(big)).toBe(true);
  });

  test('FIFOs are skipped silently', async () => {
    write('keep', 'x');
    const mk = spawnSync('mkfifo', [join(root, 'pipe')]);
    expect(mk.status).toBe(0);
    const r = await bundleSource({ sourceRoot: root, filter: all, dest });
    expect(r.entries.map((e) => e.path)).toEqual(['keep']);
  });

  test('sockets are skipped silently', async () => {
    write('keep', 'x');
    const server = createServer();
    await new Promise<void>((ok) => server.listen(join(root, 'sock'), ok));
    try {
      expect(lstatSync(join(root, 'sock')).isSocket()).toBe(true);
      const r = await bundleSource({ sourceRoot: root, filter: all, dest });
      expect(r.entries.map((e) => e.path)).toEqual(['keep']);
      expect(snapshotTree(dest)).toEqual({ keep: `f 0644 ${Buffer.from('x').toString('base64')}` });
    } finally {
      await new Promise((ok) => server.close(ok));
    }
  });

  test('directories are descended into whatever the globs say about the directory itself', async () => {
    write('hello/x.py', 'x');
    write('hello/deep/y.py', 'y');
    // `hello` and `hello/deep` match the exclude pattern, but only the files' own paths count.
    const r = await bundleSource({ sourceRoot: root, filter: compileSourceFilter(['**/*.py'], ['hello', 'hello/deep']), dest });
    expect(r.entries.map((e) => e.path)).toEqual(['hello/deep/y.py', 'hello/x.py']);
  });

  test('a non-UTF-8 file name is refused with E_SOURCE_COPY_FAILED', async () => {
    const raw = Buffer.concat([Buffer.from(join(root, 'bad-')), Buffer.from([0xff, 0xfe])]);
    writeFileSync(raw, 'x');
    const diags = await codesOf(() => bundleSource({ sourceRoot: root, filter: all, dest }));
    expect(diags.map((d) => [d.code, d.path])).toEqual([['E_SOURCE_COPY_FAILED', '.apps[0].source.path']]);
    expect(diags[0].detail).toContain('UTF-8');
  });

  test('the skip predicate keeps the output directory out of the bundle', async () => {
    write('a.txt', 'x');
    write('dist/artifact/launch.json', '{}');
    write('dist/.artifact.mvmforge-staging-1-abc/x', 'x');
    write('dist/other', 'x');
    const out = join(root, 'dist/artifact');
    const r = await bundleSource({
      sourceRoot: root,
      filter: all,
      skip: (abs, name) => abs === out || name.startsWith('.artifact.mvmforge-'),
    });
    expect(r.entries.map((e) => e.path)).toEqual(['a.txt', 'dist/other']);
  });

  test('fingerprint mode (no dest) hashes without writing anything', async () => {
    write('a', 'x');
    const withCopy = await bundleSource({ sourceRoot: root, filter: all, dest });
    const other = join(work, 'nothing');
    const noCopy = await bundleSource({ sourceRoot: root, filter: all });
    expect(noCopy).toEqual(withCopy);
    expect(existsSync(other)).toBe(false);
  });
});

describe('symlinks (artifact-v1 §6.3)', () => {
  test('a relative in-tree link is recreated with the identical target text and not counted', async () => {
    write('lib/real.py', 'x');
    symlinkSync('lib/./real.py', join(root, 'alias.py'));
    symlinkSync('lib', join(root, 'libdir')); // a link to a directory is kept as a link, not followed
    const r = await bundleSource({ sourceRoot: root, filter: all, dest });
    expect(r.entries).toEqual([
      { kind: 'l', mode: '0120', path: 'alias.py', content: 'lib/./real.py' },
      { kind: 'f', mode: '0644', path: 'lib/real.py', content: sha('x') },
      { kind: 'l', mode: '0120', path: 'libdir', content: 'lib' },
    ]);
    expect(r.fileCount).toBe(1);
    expect(lstatSync(join(dest, 'libdir')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(dest, 'alias.py'))).toBe('lib/./real.py');
  });

  test('a link whose target is excluded by the globs is still kept', async () => {
    write('secret.txt', 'x');
    symlinkSync('secret.txt', join(root, 'pointer'));
    const r = await bundleSource({ sourceRoot: root, filter: compileSourceFilter(['pointer'], []), dest });
    expect(r.entries.map((e) => `${e.kind} ${e.path}`)).toEqual(['l pointer']);
  });

  test('a link excluded by the globs is not checked at all', async () => {
    symlinkSync('/etc/passwd', join(root, 'abs-link'));
    write('ok', 'x');
    const r = await bundleSource({ sourceRoot: root, filter: compileSourceFilter(['ok'], []), dest });
    expect(r.entries.map((e) => e.path)).toEqual(['ok']);
  });

  test('an absolute target is refused even when it points inside the tree', async () => {
    write('inside', 'x');
    symlinkSync(join(root, 'inside'), join(root, 'abs'));
    const diags = await codesOf(() => bundleSource({ sourceRoot: root, filter: all, dest }));
    expect(diags.map((d) => d.code)).toEqual(['E_SOURCE_OUT_OF_TREE_SYMLINK']);
    expect(diags[0].detail).toContain('"abs"');
  });

  test('a relative link escaping the root is refused, naming the link and its target', async () => {
    writeFileSync(join(work, 'outside.txt'), 'x');
    symlinkSync('../outside.txt', join(root, 'escape'));
    const diags = await codesOf(() => bundleSource({ sourceRoot: root, filter: all, dest }));
    expect(diags.map((d) => [d.code, d.path])).toEqual([['E_SOURCE_OUT_OF_TREE_SYMLINK', '.apps[0].source.path']]);
    expect(diags[0].detail).toContain('escape');
    expect(diags[0].detail).toContain('../outside.txt');
  });

  test('a link that escapes through another link is refused', async () => {
    symlinkSync('..', join(root, 'up'));
    symlinkSync('up/outside', join(root, 'sneaky'));
    writeFileSync(join(work, 'outside'), 'x');
    const diags = await codesOf(() => bundleSource({ sourceRoot: root, filter: compileSourceFilter(['sneaky'], []), dest }));
    expect(diags.map((d) => d.code)).toEqual(['E_SOURCE_OUT_OF_TREE_SYMLINK']);
  });

  test('the target is resolved through links, not lexically: `sub/../f` with `sub -> .` escapes', async () => {
    writeFileSync(join(work, 'f'), 'outside'); // what the link really reaches
    write('f', 'decoy'); // what a lexical `sub/..` fold would reach
    symlinkSync('.', join(root, 'sub'));
    symlinkSync('sub/../f', join(root, 'x'));
    expect(readFileSync(join(root, 'x'), 'utf8')).toBe('outside');
    const diags = await codesOf(() => bundleSource({ sourceRoot: root, filter: compileSourceFilter(['x'], []), dest }));
    expect(diags.map((d) => d.code)).toEqual(['E_SOURCE_OUT_OF_TREE_SYMLINK']);
    expect(diags[0].detail).toContain('sub/../f');
  });

  test('a `..` through a missing component is dangling, even if a lexical fold would exist', async () => {
    write('f', 'x');
    symlinkSync('missing/../f', join(root, 'x'));
    const diags = await codesOf(() => bundleSource({ sourceRoot: root, filter: all, dest }));
    expect(diags.map((d) => d.code)).toEqual(['E_SOURCE_COPY_FAILED']);
  });

  test('dangling links and loops are E_SOURCE_COPY_FAILED', async () => {
    symlinkSync('missing', join(root, 'dangling'));
    let diags = await codesOf(() => bundleSource({ sourceRoot: root, filter: all, dest }));
    expect(diags.map((d) => d.code)).toEqual(['E_SOURCE_COPY_FAILED']);
    removeDir(join(root, 'dangling'));
    symlinkSync('loop-b', join(root, 'loop-a'));
    symlinkSync('loop-a', join(root, 'loop-b'));
    diags = await codesOf(() => bundleSource({ sourceRoot: root, filter: all, dest }));
    expect(diags.map((d) => d.code)).toEqual(['E_SOURCE_COPY_FAILED']);
  });
});
