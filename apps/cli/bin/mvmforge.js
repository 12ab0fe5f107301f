#!/usr/bin/env node
'use strict';
// Thin launcher: the CLI is compiled TypeScript; say how to build it instead of a stack trace.
let main;
try {
  main = require('../dist/main.js');
} catch (err) {
  if (err && err.code === 'MODULE_NOT_FOUND' && String(err.message).includes('dist/main.js')) {
    process.stderr.write('mvmforge: the CLI is not built yet; run `npm run build` at the repository root\n');
    process.exit(2);
  }
  throw err;
}
main.run(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
