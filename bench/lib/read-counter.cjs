// Preloaded into every node process of an Nx run (NODE_OPTIONS=--require) by bench/nx-cache.mjs:
// logs each read of a file's content under MVMFORGE_BENCH_READ_ROOT to MVMFORGE_BENCH_READ_LOG (one
// `pid<TAB>path` line per read, appended with O_APPEND so processes never interleave lines).
// A read is an open-for-reading whose descriptor is then read from (read/readSync; counted once per
// open, however many chunks), or a readFile/readFileSync/promises.readFile of the path. An open that
// only fstats the file, and fs.copyFile (the kernel copies; JavaScript never sees the bytes, so
// cannot be hashing them), are not reads. A call made inside another wrapped call (readFileSync
// opening through openSync) counts once. Not seen: Nx's own native (Rust) hasher and Python.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const root = process.env.MVMFORGE_BENCH_READ_ROOT;
const log = process.env.MVMFORGE_BENCH_READ_LOG;
if (root && log) {
  const appendFileSync = fs.appendFileSync;
  const prefix = root.endsWith(path.sep) ? root : root + path.sep;
  let depth = 0;
  // Read-only opens only: string flags 'r'/'rs'/'sr', or numeric flags whose access mode is O_RDONLY.
  const isRead = (flags) =>
    flags === undefined ||
    flags === null ||
    flags === 'r' ||
    flags === 'rs' ||
    flags === 'sr' ||
    (typeof flags === 'number' && (flags & 3) === fs.constants.O_RDONLY);
  /** The absolute path of a read-only open of `file` under the root (not a descriptor, not nested), or undefined. */
  const underRoot = (file, flags) => {
    if (depth > 0 || !isRead(flags)) return undefined;
    if (typeof file !== 'string' && !(file instanceof URL) && !Buffer.isBuffer(file)) return undefined; // a file descriptor
    const abs = path.resolve(String(file instanceof URL ? file.pathname : file));
    return abs.startsWith(prefix) ? abs : undefined;
  };
  const logRead = (abs) => appendFileSync(log, `${process.pid}\t${abs}\n`);
  const note = (file, flags) => {
    const abs = underRoot(file, flags);
    if (abs !== undefined) logRead(abs);
  };
  const flagsOf = (opts) => (typeof opts === 'string' || typeof opts === 'number' ? opts : opts && opts.flag);
  const wrap = (obj, name, flagsAt) => {
    const original = obj[name];
    obj[name] = function wrapped(file, ...rest) {
      note(file, flagsAt(rest));
      depth += 1;
      try {
        return original.call(this, file, ...rest);
      } finally {
        depth -= 1;
      }
    };
  };
  const openFlags = (rest) => (typeof rest[0] === 'function' ? undefined : rest[0]);
  // Descriptors opened for reading under the root and not read from yet: fd → path.
  const unread = new Map();
  const openSync = fs.openSync;
  fs.openSync = function wrappedOpenSync(file, ...rest) {
    const fd = openSync.call(this, file, ...rest);
    const abs = underRoot(file, openFlags(rest));
    if (abs !== undefined) unread.set(fd, abs);
    return fd;
  };
  const open = fs.open;
  fs.open = function wrappedOpen(file, ...rest) {
    const abs = underRoot(file, openFlags(rest));
    const cb = rest.pop();
    return open.call(this, file, ...rest, (err, fd) => {
      if (!err && abs !== undefined) unread.set(fd, abs);
      cb(err, fd);
    });
  };
  const firstRead = (fd) => {
    const abs = unread.get(fd);
    if (abs === undefined) return;
    unread.delete(fd);
    logRead(abs);
  };
  for (const name of ['readSync', 'read']) {
    const original = fs[name];
    fs[name] = function wrappedRead(fd, ...rest) {
      firstRead(fd);
      return original.call(this, fd, ...rest);
    };
  }
  for (const name of ['closeSync', 'close']) {
    const original = fs[name];
    fs[name] = function wrappedClose(fd, ...rest) {
      unread.delete(fd);
      return original.call(this, fd, ...rest);
    };
  }
  wrap(fs, 'readFileSync', (rest) => flagsOf(rest[0]));
  wrap(fs, 'readFile', (rest) => (typeof rest[0] === 'function' ? undefined : flagsOf(rest[0])));
  wrap(fs.promises, 'readFile', (rest) => flagsOf(rest[0]));
}
