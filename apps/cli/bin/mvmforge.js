#!/usr/bin/env node
'use strict';
// bin/mvmforge (the installed command) starts Node without NODE_EXTRA_CA_CERTS and hands its value
// over under this name: restore it first, so the processes mvmforge starts inherit it unchanged.
if (process.env.MVMFORGE_NODE_EXTRA_CA_CERTS !== undefined) {
  process.env.NODE_EXTRA_CA_CERTS = process.env.MVMFORGE_NODE_EXTRA_CA_CERTS;
  delete process.env.MVMFORGE_NODE_EXTRA_CA_CERTS;
}
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
