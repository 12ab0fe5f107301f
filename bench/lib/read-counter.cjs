// Preloaded into every node process of an Nx run (NODE_OPTIONS=--require) by bench/nx-cache.mjs:
// logs each open-for-reading of a file under MVMFORGE_BENCH_READ_ROOT to MVMFORGE_BENCH_READ_LOG
// (one `pid<TAB>path` line per open, appended with O_APPEND so processes never interleave lines).
// Wraps the fs entry points that read a file's content from JavaScript: open/openSync/
// promises.open (streams open through fs.open) and readFile/readFileSync/promises.readFile.
// A call made inside another wrapped call (readFileSync opening through openSync) counts once.
// Not seen: Nx's own native (Rust) hasher, Python, and fs.copyFile (which copies without reading
// into JavaScript, so cannot be hashing).
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
  const note = (file, flags) => {
    if (depth > 0 || !isRead(flags)) return;
    if (typeof file !== 'string' && !(file instanceof URL) && !Buffer.isBuffer(file)) return; // a file descriptor
    const abs = path.resolve(String(file instanceof URL ? file.pathname : file));
    if (abs.startsWith(prefix)) appendFileSync(log, `${process.pid}\t${abs}\n`);
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
  wrap(fs, 'openSync', openFlags);
  wrap(fs, 'open', openFlags);
  wrap(fs.promises, 'open', openFlags);
  wrap(fs, 'readFileSync', (rest) => flagsOf(rest[0]));
  wrap(fs, 'readFile', (rest) => (typeof rest[0] === 'function' ? undefined : flagsOf(rest[0])));
  wrap(fs.promises, 'readFile', (rest) => flagsOf(rest[0]));
}
