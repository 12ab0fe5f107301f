#!/usr/bin/env node
// Runs every test in the repository — the TypeScript suites (jest) and the Python SDK suites
// (unittest) — after building, and ends with the one line CI reads: `N passed, N failed, N skipped`.
// Extra arguments are passed to jest (e.g. `npm test -- libs/ir`); MVMFORGE_SKIP_PYTHON=1 skips Python.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// A private results folder per run, so concurrent runs never read each other's counts.
const results = mkdtempSync(join(tmpdir(), 'mvmforge-test-results-'));
process.on('exit', () => rmSync(results, { recursive: true, force: true }));

const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', FORCE_COLOR: '0' };
const totals = { passed: 0, failed: 0, skipped: 0 };

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, env, stdio: 'inherit' });
  return r.status ?? 1;
}

// 1. Build: the end-to-end suites drive the compiled CLI and Nx plugin. Then type-check the tests
// too: ts-jest only transpiles them, so a type error in a test would otherwise go unnoticed.
const tsc = join(root, 'node_modules/typescript/bin/tsc');
if (run(process.execPath, [tsc, '-p', 'tsconfig.spec.json', '--noEmit']) !== 0) {
  console.error('test: the tests do not type-check; counting it as one failed test');
  totals.failed += 1;
}
// Lint (typescript-eslint: floating promises, unused values, explicit any) and the Prettier format
// check, each counted as one test, only on a full run (a jest filter means "just these tests").
if (process.argv.length <= 2) {
  for (const [name, cmd, args] of [
    ['lint', join(root, 'node_modules/eslint/bin/eslint.js'), ['.']],
    ['format', join(root, 'node_modules/prettier/bin/prettier.cjs'), ['--check', '.']],
  ]) {
    if (run(process.execPath, [cmd, ...args]) === 0) totals.passed += 1;
    else {
      console.error(
        `test: ${name} failed (npm run ${name === 'lint' ? 'lint' : 'format'} shows and fixes it); counting it as one failed test`,
      );
      totals.failed += 1;
    }
  }
}
if (run(process.execPath, [tsc, '-b', 'tsconfig.build.json']) !== 0) {
  console.error('test: the TypeScript build failed; counting it as one failed test');
  totals.failed += 1;
} else {
  // 2. jest
  const jestJson = join(results, 'jest.json');
  run(process.execPath, [join(root, 'node_modules/jest/bin/jest.js'), '--json', `--outputFile=${jestJson}`, ...process.argv.slice(2)]);
  if (existsSync(jestJson)) {
    const j = JSON.parse(readFileSync(jestJson, 'utf8'));
    totals.passed += j.numPassedTests;
    totals.failed += j.numFailedTests;
    totals.skipped += j.numPendingTests + j.numTodoTests;
    // A suite that fails to load runs no tests but must still fail the run.
    totals.failed += j.numRuntimeErrorTestSuites;
  } else {
    console.error('test: jest wrote no results; counting it as one failed test');
    totals.failed += 1;
  }
}

// 3. Python SDK (unittest), only when no jest filter narrowed the run.
const pyRunner = join(root, 'libs/sdk-python/tests/run_tests.py');
if (process.argv.length <= 2 && process.env.MVMFORGE_SKIP_PYTHON !== '1' && existsSync(pyRunner)) {
  const summary = join(results, 'python.json');
  const python = process.env.MVMFORGE_PYTHON || 'python3';
  const status = run(python, [pyRunner, '--summary', summary]);
  if (existsSync(summary)) {
    const s = JSON.parse(readFileSync(summary, 'utf8'));
    totals.passed += s.passed;
    totals.failed += s.failed;
    totals.skipped += s.skipped;
  } else {
    console.error(`test: the Python suite wrote no summary (exit ${status}); counting it as one failed test`);
    totals.failed += 1;
  }
}

console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 ? 1 : 0);
