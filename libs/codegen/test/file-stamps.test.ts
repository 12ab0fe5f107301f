// Reusing emit's digests in compile (file-stamps.ts): a file that still carries the stamp it was
// hashed with is copied by the kernel and its digest reused; anything else is read and hashed.
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { executeBundle, planBundle } from '../src/bundle';
import { filesystemNowNs, trustedDigests, type FileStamp, type StampsDocument } from '../src/file-stamps';
import { compileSourceFilter } from '../src/globs';

let dir: string;
let src: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mvmforge-stamps-'));
  src = join(dir, 'src');
  mkdirSync(join(src, 'pkg'), { recursive: true });
  writeFileSync(join(src, 'pkg/a.py'), 'print("a")\n');
  writeFileSync(join(src, 'pkg/b.py'), 'print("b")\n');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const sha = (text: string) => createHash('sha256').update(text).digest('hex');
const plan = () => planBundle({ sourceRoot: src, filter: compileSourceFilter([], []) });

/** What emit does: the filesystem time first, then a fingerprint that records stamps. */
async function fingerprintWithStamps() {
  // Let the coarse filesystem clock move on, so the files written in beforeEach are strictly older.
  await new Promise((r) => setTimeout(r, 20));
  const beforeNs = filesystemNowNs(dir);
  const stamps = new Map<string, FileStamp>();
  const result = await executeBundle(await plan(), undefined, { onStamp: (p, s) => stamps.set(p, s) });
  const fingerprint = {
    tree_hash: result.treeHash,
    files: result.entries.map((e) => ({ kind: 'file' as const, path: e.path, mode: e.mode, sha256: e.content })),
  };
  const doc: StampsDocument = { format: 1, tree_hash: result.treeHash, before_ns: String(beforeNs), files: Object.fromEntries(stamps) };
  return { fingerprint, doc, stamps };
}

describe('trustedDigests', () => {
  test('files written after the timestamp taken before hashing are racily clean: never trusted', async () => {
    // Written before the clock was read: older than before_ns, so trusted.
    const older = await fingerprintWithStamps();
    expect([...trustedDigests(older.fingerprint, older.doc).keys()].sort()).toEqual(['pkg/a.py', 'pkg/b.py']);
    // The same stamps against a clock read before the files were written: nothing is trusted.
    const racy = { ...older.doc, before_ns: '0' };
    expect(trustedDigests(older.fingerprint, racy).size).toBe(0);
  });

  test('another tree_hash, a malformed document or a missing stamp trusts nothing (or that file)', async () => {
    const { fingerprint, doc } = await fingerprintWithStamps();
    expect(trustedDigests({ ...fingerprint, tree_hash: 'other' }, doc).size).toBe(0);
    for (const bad of [null, 'x', [], { ...doc, format: 2 }, { ...doc, before_ns: '-1' }, { ...doc, files: [] }]) {
      expect(trustedDigests(fingerprint, bad).size).toBe(0);
    }
    const partial = { ...doc, files: { 'pkg/a.py': doc.files['pkg/a.py'], 'pkg/b.py': ['1', '2'] } };
    expect([...trustedDigests(fingerprint, partial).keys()]).toEqual(['pkg/a.py']);
  });

  test('a path named __proto__ is an ordinary key', () => {
    const stamp: FileStamp = ['1', '2', '3', '4', '5'];
    const files = JSON.parse(`{"__proto__": ${JSON.stringify(stamp)}}`) as Record<string, FileStamp>;
    const known = trustedDigests(
      { tree_hash: 't', files: [{ kind: 'file', path: '__proto__', mode: '0644', sha256: 'd' }] },
      { format: 1, tree_hash: 't', before_ns: '10', files },
    );
    expect(known.get('__proto__')).toEqual({ sha256: 'd', mode: '0644', stamp });
  });
});

describe('executeBundle with known digests', () => {
  test('an unchanged file is copied without hashing: the known digest is what the bundle records', async () => {
    const { fingerprint, doc } = await fingerprintWithStamps();
    expect(fingerprint.files.map((f) => f.sha256)).toEqual([sha('print("a")\n'), sha('print("b")\n')]);
    // A planted digest shows which files were not hashed again (a real run passes emit's true ones).
    const planted = { ...fingerprint, files: fingerprint.files.map((f) => ({ ...f, sha256: 'f'.repeat(64) })) };
    const known = trustedDigests(planted, doc);
    const dest = join(dir, 'out');
    mkdirSync(dest);
    const result = await executeBundle(await plan(), dest, { known });
    expect(result.entries.map((e) => e.content)).toEqual(['f'.repeat(64), 'f'.repeat(64)]);
    expect(readFileSync(join(dest, 'pkg/a.py'), 'utf8')).toBe('print("a")\n');
    expect(statSync(join(dest, 'pkg/a.py')).mode & 0o777).toBe(0o644);
  });

  test('a file whose stamp moved since (same size, new mtime) is read and hashed again', async () => {
    const { fingerprint, doc } = await fingerprintWithStamps();
    const planted = { ...fingerprint, files: fingerprint.files.map((f) => ({ ...f, sha256: 'f'.repeat(64) })) };
    const known = trustedDigests(planted, doc);
    writeFileSync(join(src, 'pkg/b.py'), 'print("B")\n');
    utimesSync(join(src, 'pkg/b.py'), new Date(1_000_000), new Date(1_000_000));
    const dest = join(dir, 'out');
    mkdirSync(dest);
    const result = await executeBundle(await plan(), dest, { known });
    expect(result.entries.map((e) => [e.path, e.content])).toEqual([
      ['pkg/a.py', 'f'.repeat(64)],
      ['pkg/b.py', sha('print("B")\n')],
    ]);
    expect(readFileSync(join(dest, 'pkg/b.py'), 'utf8')).toBe('print("B")\n');
  });

  test('a file whose mode bits changed is hashed again and bundled with its new mode', async () => {
    const { fingerprint, doc } = await fingerprintWithStamps();
    const planted = { ...fingerprint, files: fingerprint.files.map((f) => ({ ...f, sha256: 'f'.repeat(64) })) };
    const known = trustedDigests(planted, doc);
    chmodSync(join(src, 'pkg/a.py'), 0o755);
    const dest = join(dir, 'out');
    mkdirSync(dest);
    const result = await executeBundle(await plan(), dest, { known });
    expect(result.entries[0]).toMatchObject({ path: 'pkg/a.py', mode: '0755', content: sha('print("a")\n') });
  });

  test('a fingerprint records each file as hashed: dev, ino, size, mtime and ctime in nanoseconds', async () => {
    const stamps = new Map<string, FileStamp>();
    await executeBundle(await plan(), undefined, { onStamp: (p, s) => stamps.set(p, s) });
    const st = statSync(join(src, 'pkg/a.py'), { bigint: true });
    expect(stamps.get('pkg/a.py')).toEqual([String(st.dev), String(st.ino), String(st.size), String(st.mtimeNs), String(st.ctimeNs)]);
  });
});
