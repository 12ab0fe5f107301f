import { createHash } from 'node:crypto';
import { sortEntries, treeHash, treeRecord, type BundleEntry } from '../src/tree-hash';

const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

describe('tree_hash (artifact-v1 §6.4)', () => {
  test('no entries: SHA-256 of zero bytes', () => {
    expect(treeHash([])).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  test('record bytes: kind SP mode SP path NUL content LF', () => {
    const e: BundleEntry = { kind: 'f', mode: '0644', path: 'hello/__init__.py', content: sha('') };
    expect(treeRecord(e)).toEqual(Buffer.from(`f 0644 hello/__init__.py\0${sha('')}\n`, 'utf8'));
    const l: BundleEntry = { kind: 'l', mode: '0120', path: 'link', content: '../x y' };
    expect(treeRecord(l)).toEqual(Buffer.from('l 0120 link\0../x y\n', 'utf8'));
  });

  test('records are sorted by UTF-8 bytes of the path, not by walk order or UTF-16', () => {
    const mk = (path: string): BundleEntry => ({ kind: 'f', mode: '0644', path, content: sha(path) });
    // '.' (0x2e) < '/' (0x2f): "a.txt" sorts before "a/b" although a walk visits a/ first;
    // U+FF61 (EF BD A1) sorts before U+1F600 (F0 9F 98 80) in UTF-8, after it in UTF-16.
    const entries = [mk('a/b'), mk('a.txt'), mk('\u{1F600}'), mk('\uFF61'), mk('B')];
    expect(sortEntries(entries).map((e) => e.path)).toEqual(['B', 'a.txt', 'a/b', '\uFF61', '\u{1F600}']);
    const expected = sha(Buffer.concat(sortEntries(entries).map(treeRecord)));
    expect(treeHash(entries)).toBe(expected);
    expect(treeHash([...entries].reverse())).toBe(expected);
  });

  test('the mode is part of the hash', () => {
    const f: BundleEntry = { kind: 'f', mode: '0644', path: 'x', content: sha('x') };
    expect(treeHash([f])).not.toBe(treeHash([{ ...f, mode: '0755' }]));
  });
});
