// bin/mvmforge, the installed command (package.json `bin`): Node starts without NODE_EXTRA_CA_CERTS
// (Node 20 parses that bundle at start-up, ~55 ms, and mvmforge opens no TLS), and every process
// mvmforge starts gets the variable back unchanged.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, assertCliBuilt } from '../../../fixtures/test-support/cli';

const LAUNCHER = join(REPO_ROOT, 'apps/cli/bin/mvmforge');
const MISSING_BUNDLE = '/nonexistent/mvmforge-test-ca.pem';
// What Node 20 prints at start-up when it tries to load a bundle that is not there.
const LOAD_WARNING = /Ignoring extra certs from/;

let dir: string;
beforeAll(() => {
  assertCliBuilt();
  dir = mkdtempSync(join(tmpdir(), 'mvmforge-launcher-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv) {
  const r = spawnSync(cmd, args, { cwd: dir, env, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const baseEnv = (): NodeJS.ProcessEnv => {
  const env = { ...process.env };
  delete env.NODE_EXTRA_CA_CERTS;
  delete env.MVMFORGE_NODE_EXTRA_CA_CERTS;
  return env;
};

test('the package bin is the launcher', () => {
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'apps/cli/package.json'), 'utf8')) as { bin: Record<string, string> };
  expect(pkg.bin).toEqual({ mvmforge: 'bin/mvmforge' });
});

test('node itself loads NODE_EXTRA_CA_CERTS at start-up; the launcher keeps it from doing so', () => {
  const env = { ...baseEnv(), NODE_EXTRA_CA_CERTS: MISSING_BUNDLE };
  // The control: without the launcher, Node tries the bundle and warns (so the check below can fail).
  const direct = run(process.execPath, [join(REPO_ROOT, 'apps/cli/bin/mvmforge.js'), '--version'], env);
  expect(direct.stderr).toMatch(LOAD_WARNING);
  const launched = run(LAUNCHER, ['--version'], env);
  expect(launched).toMatchObject({ status: 0, stderr: '' });
  expect(launched.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
});

/**
 * The environment lines a process started by `mvmforge emit` sees: a stand-in interpreter
 * (MVMFORGE_PYTHON) records its environment and fails.
 */
function envSeenByChild(name: string, env: NodeJS.ProcessEnv): string[] {
  const record = join(dir, `${name}.txt`);
  const python = join(dir, name);
  writeFileSync(python, `#!/bin/sh\nenv > '${record}'\nexit 3\n`);
  chmodSync(python, 0o755);
  writeFileSync(join(dir, 'app.py'), 'import mvmforge as mv\n');
  const r = run(LAUNCHER, ['emit', 'app.py'], { ...env, MVMFORGE_PYTHON: python });
  expect(r.status).not.toBe(0);
  return readFileSync(record, 'utf8').split('\n');
}

test('the processes mvmforge starts see NODE_EXTRA_CA_CERTS as given, and no handover variable', () => {
  const seen = envSeenByChild('record-env', { ...baseEnv(), NODE_EXTRA_CA_CERTS: MISSING_BUNDLE });
  expect(seen).toContain(`NODE_EXTRA_CA_CERTS=${MISSING_BUNDLE}`);
  expect(seen.filter((l) => l.startsWith('MVMFORGE_NODE_EXTRA_CA_CERTS='))).toEqual([]);
});

test('without NODE_EXTRA_CA_CERTS nothing is added to the environment', () => {
  const names = envSeenByChild('record-env-unset', baseEnv()).map((l) => l.split('=')[0]);
  expect(names.filter((n) => n.includes('NODE_EXTRA_CA_CERTS'))).toEqual([]);
});

test('through a symlink (node_modules/.bin) and with shell-special arguments passed through verbatim', () => {
  const link = join(dir, 'mvmforge');
  symlinkSync(LAUNCHER, link);
  const code = 'E_NOPE $(touch pwned) "x" `y`';
  const r = run(link, ['explain', code], baseEnv());
  expect(r.status).toBe(1);
  expect(r.stderr).toContain(JSON.stringify(code));
  expect(spawnSync('ls', [join(dir, 'pwned')]).status).not.toBe(0);
});
