/**
 * The Node SDK emitter end to end (real child Node processes): the Python contract for app.ts /
 * app.mts / app.js / app.mjs — IR bytes, MVMFORGE_IR_OUT, stdout hygiene, exit codes, coded
 * E_EMIT_FAILED with file:line, timeouts — and byte parity with the Python SDK.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CodedError, validateWorkload } from '@mvmforge/ir';
import { emitWorkload, isNodeEntry, isSdkEntry, loadWorkloadSource, nodeEmitterPath, runNodeSdk, runSdk } from '@mvmforge/emit';
import { EVERY_TYPE_ENTRY, FIXTURES, REPO_ROOT, cleanEnv, runCli } from './helpers';

const NODE = join(FIXTURES, 'node');
const SDK_TS_FIXTURES = join(REPO_ROOT, 'libs', 'sdk-ts', 'test', 'fixtures');
const HELLO_PARITY_HASH = 'b7106af4133c7d678744adb3b617e7289bc3f4c131b2df03a8e9cc49aac90037';
const quiet = { env: cleanEnv(), stderr: 'capture' as const };

/** Runs the emitter directly in `cwd` (no host wrapper), as `python3 -m mvmforge` is tested. */
function emitter(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const result = spawnSync(process.execPath, [nodeEmitterPath(), ...args], {
    cwd: opts.cwd ?? NODE,
    env: opts.env ?? cleanEnv(),
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout.toString('utf8'), stderr: result.stderr.toString('utf8') };
}

async function emitFailure(entry: string, opts = {}): Promise<string> {
  try {
    await runNodeSdk(entry, { ...quiet, ...opts });
  } catch (err) {
    expect(err).toBeInstanceOf(CodedError);
    const [diagnostic, ...rest] = (err as CodedError).diagnostics;
    expect(rest).toEqual([]);
    expect(diagnostic!.code).toBe('E_EMIT_FAILED');
    return diagnostic!.detail;
  }
  throw new Error('expected E_EMIT_FAILED');
}

test('entry dispatch by extension', () => {
  for (const name of ['app.ts', 'app.mts', 'app.cts', 'app.js', 'app.mjs', 'app.cjs', 'APP.TS']) expect(isNodeEntry(name)).toBe(true);
  for (const name of ['app.py', 'ir.json', 'types.d.ts', 'app.tsx']) expect(isNodeEntry(name)).toBe(false);
  expect(isSdkEntry('app.py')).toBe(true);
  expect(isSdkEntry('ir.json')).toBe(false);
});

describe('parity with the Python SDK', () => {
  test('every-type: the TypeScript and Python documents emit byte-identical IR', async () => {
    const [ts, py] = await Promise.all([runNodeSdk(join(SDK_TS_FIXTURES, 'every-type', 'app.ts'), quiet), runSdk(EVERY_TYPE_ENTRY, quiet)]);
    expect(ts.bytes.length).toBeGreaterThan(5000);
    expect(ts.bytes.equals(py.bytes)).toBe(true);
    expect(
      ts.bytes.equals(readFileSync(join(REPO_ROOT, 'libs', 'sdk-python', 'tests', 'fixtures', 'every_type', 'expected.ir.json'))),
    ).toBe(true);
  });

  test(`hello-parity (upstream's vector) hashes to ${HELLO_PARITY_HASH.slice(0, 8)}… from the TypeScript SDK`, async () => {
    const emitted = await emitWorkload(join(SDK_TS_FIXTURES, 'hello-parity', 'app.ts'), quiet);
    expect(emitted.irHash).toBe(HELLO_PARITY_HASH);
    expect(emitted.canonical.equals(emitted.sdkBytes)).toBe(true);
  });
});

test("README's hello-node in Python emits the bytes of corpus/hello-node/app.ts", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mvmforge-readme-py-'));
  try {
    writeFileSync(
      join(dir, 'app.py'),
      [
        'import mvmforge as mv',
        '',
        'mv.workload("hello-node")',
        'mv.app(',
        '    image=mv.node_image("22"),',
        '    source=mv.local_path(".", include=["hello/**"], exclude=["**/node_modules/**"]),',
        '    entrypoint=mv.entrypoint(["node", "hello/main.js"]),',
        ')',
        '',
      ].join('\n'),
    );
    const [py, ts] = await Promise.all([
      runSdk(join(dir, 'app.py'), quiet),
      runNodeSdk(join(REPO_ROOT, 'corpus', 'hello-node', 'app.ts'), quiet),
    ]);
    expect(py.bytes.toString('utf8')).toBe(ts.bytes.toString('utf8'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

describe('entry kinds', () => {
  test.each([
    ['esm/app.mts', 'esm-entry'],
    ['mjs/app.mjs', 'mjs-entry'],
    ['prints/app.ts', 'prints'],
  ])('%s emits valid IR whose host canonical bytes equal the SDK bytes', async (entry, id) => {
    const emitted = await emitWorkload(join(NODE, entry), quiet);
    expect(emitted.workload.id).toBe(id);
    expect(validateWorkload(emitted.workload)).toEqual([]);
    expect(emitted.canonical.equals(emitted.sdkBytes)).toBe(true);
  });

  test('loadWorkloadSource runs a TypeScript entry and reports its kind and directory', async () => {
    const loaded = await loadWorkloadSource(join(NODE, 'esm', 'app.mts'), quiet);
    expect(loaded.kind).toBe('node');
    expect(loaded.manifestDir).toBe(join(NODE, 'esm'));
  });
});

describe('the emitter contract', () => {
  test('stdout carries only the IR; author prints go to stderr; main blocks do not run; open timers do not hang', () => {
    const result = emitter(['prints/app.ts']);
    expect(result.status).toBe(0);
    expect(result.stdout.startsWith('{"apps":[')).toBe(true);
    expect(result.stdout.endsWith('"volumes":[]}')).toBe(true);
    expect(result.stderr).toBe('author console.log\nauthor stdout write\n');
  });

  test('MVMFORGE_IR_OUT: written (relative to the cwd), nothing on stdout, no temp file left', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mvmforge-node-emit-'));
    try {
      const result = emitter([join(NODE, 'mjs', 'app.mjs')], { cwd: dir, env: cleanEnv({ MVMFORGE_IR_OUT: 'out.json' }) });
      expect(result.status).toBe(0);
      expect(result.stdout).toBe('');
      expect(readFileSync(join(dir, 'out.json'), 'utf8')).toContain('"id":"mjs-entry"');
      expect(readdirSync(dir)).toEqual(['out.json']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('usage and a missing entry exit 2; --help exits 0', () => {
    expect(emitter([]).status).toBe(2);
    expect(emitter(['a.ts', 'b.ts']).status).toBe(2);
    expect(emitter(['--verbose']).status).toBe(2);
    const help = emitter(['--help']);
    expect(help.status).toBe(0);
    expect(help.stderr).toContain('usage:');
    const missing = emitter(['missing/app.ts']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe('mvmforge.emit: entry not found: missing/app.ts\n');
  });

  test.each([
    ['syntax-error/app.ts', 'syntax-error/app.ts:4: SyntaxError: Expression expected.'],
    ['decl-error/app.ts', "decl-error/app.ts:8: env key 'MY-VAR' must match ^[A-Za-z_][A-Za-z0-9_]*$"],
    ['runtime-error/app.ts', 'runtime-error/app.ts:6: TypeError: value.f is not a function'],
    ['js/app.js', 'js/app.js:5: command[1] must be a string, got number'],
    ['js-syntax/app.js', 'js-syntax/app.js:3: SyntaxError: missing ) after argument list'],
    ['nothing/app.ts', 'no workload declared in nothing/app.ts'],
  ])('%s exits 1 with one located line, nothing on stdout', (entry, line) => {
    const result = emitter([entry]);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`mvmforge.emit: ${line}\n`);
  });

  test('through the host: E_EMIT_FAILED names app.ts:LINE', async () => {
    const detail = await emitFailure(join(NODE, 'decl-error', 'app.ts'));
    expect(detail).toMatch(/^the Node SDK exited with status 1: mvmforge\.emit: .*decl-error\/app\.ts:8: env key 'MY-VAR' must match/);
  });

  test('mvmforge emit: a broken app.ts is E_EMIT_FAILED naming app.ts:LINE, exit 1, no stack, nothing on stdout', () => {
    const r = runCli(['emit', 'libs/emit/test/fixtures/node/decl-error/app.ts'], { cwd: REPO_ROOT });
    expect(r.status).toBe(1);
    expect(r.stdout.length).toBe(0);
    const err = r.stderr.toString('utf8');
    expect(err).toMatch(
      /^E_EMIT_FAILED: the Node SDK exited with status 1: mvmforge\.emit: libs\/emit\/test\/fixtures\/node\/decl-error\/app\.ts:8: env key 'MY-VAR' must match/,
    );
    expect(err).toContain('hint: Fix the app.py (or app.ts) line');
    expect(err).not.toMatch(/^\s+at /m);
  });

  test('mvmforge emit corpus/hello-node/app.ts prints IR that mvmforge validate accepts', () => {
    const r = runCli(['emit', 'corpus/hello-node/app.ts'], { cwd: REPO_ROOT });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout.toString('utf8')).id).toBe('hello-node');
    const validate = runCli(['validate', '-'], { cwd: REPO_ROOT, input: r.stdout });
    expect(validate.stdout.toString()).toBe('valid: workload "hello-node"\n');
    expect(validate.status).toBe(0);
  });

  test('through the host: a timeout kills the emitter and says so', async () => {
    const detail = await emitFailure(join(NODE, 'slow', 'app.ts'), { timeoutMs: 3000 });
    expect(detail).toMatch(/^the Node SDK did not finish within 3 s and was killed/);
  });

  test('no temporary IR directory is left behind, on success or failure', async () => {
    // A private TMPDIR (os.tmpdir() reads it on each call): other processes' temp files are not ours.
    const privateTmp = mkdtempSync(join(tmpdir(), 'mvmforge-node-tmp-'));
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = privateTmp;
    try {
      await emitFailure(join(NODE, 'nothing', 'app.ts'));
      await runNodeSdk(join(NODE, 'mjs', 'app.mjs'), quiet);
      expect(readdirSync(privateTmp)).toEqual([]);
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
      rmSync(privateTmp, { recursive: true, force: true });
    }
  });
});
