/**
 * `mvmforge emit` end to end through the built CLI (npm test builds first): output, --out,
 * determinism, validation through `mvmforge validate`, and every error path of a bad app.py.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { FIXTURES, REPO_ROOT, cleanEnv, corpusEntries, runCli } from './helpers';
import { WITH_SOURCE_IR } from '../../../fixtures/test-support/corpus-ir';

describe('mvmforge emit', () => {
  test('corpus/with-source: one command entrypoint ["python","-m","hello"], id with-source, exact bytes', () => {
    const r = runCli(['emit', 'corpus/with-source/app.py']);
    expect(r.stderr.toString()).toBe('');
    expect(r.status).toBe(0);
    const text = r.stdout.toString('utf8');
    expect(text).toBe(WITH_SOURCE_IR);
    const doc = JSON.parse(text);
    expect(doc.id).toBe('with-source');
    expect(doc.apps[0].entrypoints).toEqual([{ command: ['python', '-m', 'hello'], env: {}, kind: 'command', working_dir: '/app' }]);
  });

  test.each(corpusEntries())('$name: emitted twice identically, and `mvmforge validate -` accepts it', ({ entry }) => {
    const first = runCli(['emit', relative(REPO_ROOT, entry)]);
    expect(first.status).toBe(0);
    const second = runCli(['emit', entry]);
    expect(second.stdout.equals(first.stdout)).toBe(true);
    const validate = runCli(['validate', '-'], { input: first.stdout });
    expect(validate.stderr.toString()).toBe('');
    expect(validate.status).toBe(0);
  });

  test('--out writes the same bytes atomically (parents created, nothing else left) and prints nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mvmforge-emit-out-'));
    try {
      const out = join(dir, 'nested', 'ir.json');
      const r = runCli(['emit', 'corpus/with-source/app.py', '--out', out]);
      expect(r.status).toBe(0);
      expect(r.stdout.length).toBe(0);
      expect(readFileSync(out, 'utf8')).toBe(WITH_SOURCE_IR);
      expect(readdirSync(join(dir, 'nested'))).toEqual(['ir.json']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the author prints reach stderr, never stdout', () => {
    const r = runCli(['emit', join(FIXTURES, 'prints', 'app.py')]);
    expect(r.status).toBe(0);
    expect(r.stderr.toString()).toContain('author print');
    expect(r.stdout.toString()).toMatch(/^\{"apps":.*\}$/);
  });

  test('validation errors are printed as coded errors, exit 1, nothing on stdout', () => {
    const r = runCli(['emit', relative(REPO_ROOT, join(FIXTURES, 'invalid-ir', 'app.py'))]);
    expect(r.status).toBe(1);
    expect(r.stdout.length).toBe(0);
    const stderr = r.stderr.toString();
    expect(stderr).toContain('E_NETWORK_PORTS_WITH_NONE at .apps[0].network.ports');
    expect(stderr).toContain('E_SHELL_ENTRYPOINT_FORBIDDEN at .apps[0].entrypoint.command');
  });

  test('a validation failure with --out leaves no file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mvmforge-emit-out-'));
    try {
      const r = runCli(['emit', join(FIXTURES, 'invalid-ir', 'app.py'), '--out', join(dir, 'ir.json')]);
      expect(r.status).toBe(1);
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('usage errors exit 2', () => {
    expect(runCli(['emit']).status).toBe(2);
    expect(runCli(['emit', 'a.py', '--bogus']).status).toBe(2);
  });
});

describe('mvmforge emit error paths (bad app.py files)', () => {
  const rel = (name: string) => relative(REPO_ROOT, join(FIXTURES, name, 'app.py'));
  const cases: [string, RegExp][] = [
    ['syntax-error', /mvmforge\.emit: \S*syntax-error\/app\.py:\d+: SyntaxError: /],
    ['raises-at-import', /mvmforge\.emit: \S*raises-at-import\/app\.py:4: KeyError: 'PORT'/],
    ['declares-nothing', /mvmforge\.emit: no workload declared in \S*declares-nothing\/app\.py/],
    ['two-workloads', /mvmforge\.emit: \S*two-workloads\/app\.py:5: mv\.workload\(\.\.\.\) may be called only once/],
    ['wrong-type', /mvmforge\.emit: \S*wrong-type\/app\.py:4: env value of 'PORT' must be a str/],
  ];

  test.each(cases)('%s: exit 1, E_EMIT_FAILED naming the file (and line), no traceback', (name, message) => {
    const r = runCli(['emit', rel(name)]);
    expect(r.status).toBe(1);
    expect(r.stdout.length).toBe(0);
    const stderr = r.stderr.toString();
    expect(stderr.startsWith('E_EMIT_FAILED: the Python SDK exited with status 1: ')).toBe(true);
    expect(stderr).toMatch(message);
    expect(stderr).toContain(rel(name));
    expect(stderr).not.toContain('Traceback');
    expect(stderr).not.toMatch(/\n\s+at /); // no JS stack either
  });

  test.each(['emit', 'hash', 'validate', 'compile'])('`mvmforge %s` shows the SDK message once, inside the coded error', (verb) => {
    const args =
      verb === 'compile' ? [verb, rel('wrong-type'), '--out', join(REPO_ROOT, 'dist', 'never-written')] : [verb, rel('wrong-type')];
    const r = runCli(args);
    expect(r.status).toBe(1);
    const stderr = r.stderr.toString();
    expect(stderr.match(/mvmforge\.emit: /g)).toHaveLength(1);
    expect(stderr.startsWith('E_EMIT_FAILED: ')).toBe(true);
  });

  test('MVMFORGE_DEBUG=1 adds the Python traceback', () => {
    const r = runCli(['emit', rel('raises-at-import')], { env: cleanEnv({ MVMFORGE_DEBUG: '1' }) });
    expect(r.status).toBe(1);
    expect(r.stderr.toString()).toContain('Traceback (most recent call last)');
  });

  test('no __pycache__ appears next to any entry or in the corpus', () => {
    const found: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        if (!e.isDirectory()) continue;
        if (e.name === '__pycache__') found.push(join(dir, e.name));
        else walk(join(dir, e.name));
      }
    };
    walk(FIXTURES);
    walk(join(REPO_ROOT, 'corpus'));
    expect(found).toEqual([]);
    expect(existsSync(join(FIXTURES, 'prints', '__pycache__'))).toBe(false);
  });
});
