// Durable atomic writes (libs/emit/src/write-atomic.ts): fsync of the file and its directory,
// symlinks followed, mode independent of the umask, nothing left behind on failure.
// The raw CommonJS module (not an import namespace), so jest can spy on the functions the writer calls.

import fs = require('node:fs');
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../src/write-atomic';

let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(join(tmpdir(), 'mvmforge-atomic-'));
});
afterEach(() => {
  jest.restoreAllMocks();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const entries = () => fs.readdirSync(tmp).sort();

describe('writeFileAtomic', () => {
  it('writes the bytes and fsyncs the file and then its directory', () => {
    const fsync = jest.spyOn(fs, 'fsyncSync');
    const open = jest.spyOn(fs, 'openSync');
    const target = join(tmp, 'ir.json');
    writeFileAtomic(target, '{"a":1}');
    expect(fs.readFileSync(target, 'utf8')).toBe('{"a":1}');
    expect(fsync).toHaveBeenCalledTimes(2);
    // The second fsync is on a descriptor opened on the directory.
    const dirOpen = open.mock.calls.findIndex((c) => c[0] === tmp);
    expect(dirOpen).toBeGreaterThan(-1);
    expect(fsync.mock.calls[1]?.[0]).toBe(open.mock.results[dirOpen]?.value);
    expect(entries()).toEqual(['ir.json']);
  });

  it('replaces an existing file; its mode is 0644 whatever the umask', () => {
    const target = join(tmp, 'ir.json');
    fs.writeFileSync(target, 'old', { mode: 0o600 });
    const old = process.umask(0o077);
    try {
      writeFileAtomic(target, Buffer.from('new'));
    } finally {
      process.umask(old);
    }
    expect(fs.readFileSync(target, 'utf8')).toBe('new');
    expect(fs.statSync(target).mode & 0o777).toBe(0o644);
  });

  it('follows a symlinked target: the file it points to is replaced, the link stays', () => {
    const real = join(tmp, 'real.json');
    const link = join(tmp, 'link.json');
    fs.writeFileSync(real, 'old');
    fs.symlinkSync('real.json', link);
    writeFileAtomic(link, 'new');
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(real, 'utf8')).toBe('new');
    expect(entries()).toEqual(['link.json', 'real.json']);
  });

  it('refuses a dangling symlink and leaves it alone', () => {
    const link = join(tmp, 'dangling.json');
    fs.symlinkSync('nowhere/x.json', link);
    expect(() => writeFileAtomic(link, 'x')).toThrow(/ENOENT/);
    expect(fs.readlinkSync(link)).toBe('nowhere/x.json');
    expect(entries()).toEqual(['dangling.json']);
  });

  it('a failed rename leaves the target intact and no temp file behind', () => {
    const target = join(tmp, 'out');
    fs.mkdirSync(target);
    fs.writeFileSync(join(target, 'keep'), 'k');
    expect(() => writeFileAtomic(target, 'x')).toThrow();
    expect(fs.readFileSync(join(target, 'keep'), 'utf8')).toBe('k');
    expect(entries()).toEqual(['out']);
  });
});
