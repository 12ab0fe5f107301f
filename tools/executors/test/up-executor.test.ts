/**
 * The `up` executor against the fake mvmctl (artifact-v1 §11.7), called directly with a hand-built
 * ExecutorContext: flag order, readiness then result, exit status, and no stack traces.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ExecutorContext } from '@nx/devkit';
import { executorContext } from './executor-context';
import upExecutor, { upOptionArgs } from '../src/executors/up/executor';

const FAKE = resolve(__dirname, '../../../fixtures/fake-mvmctl/fake-mvmctl');
let root: string;
let record: string;
const saved = { ...process.env };

const LAUNCH = JSON.stringify({
  artifact_format_version: '1.0',
  flake_attribute: 'mvmforge.workload',
  flake_path: '.',
  ir_hash: 'x',
  ir_schema_version: '0.1',
  toolchain_version: '0.1.0',
  workload_id: 'demo',
});

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'mvmforge-up-exec-'));
  mkdirSync(join(root, 'dist/art'), { recursive: true });
  writeFileSync(join(root, 'dist/art/flake.nix'), '{ }\n');
  writeFileSync(join(root, 'dist/art/launch.json'), LAUNCH);
  record = join(root, 'record.jsonl');
  process.env.MVMFORGE_MVMCTL = FAKE;
  process.env.MVMFORGE_FAKE_MVMCTL_RECORD = record;
  delete process.env.MVMFORGE_UP_ARGS;
  delete process.env.MVMFORGE_FAKE_MVMCTL_EXIT;
  delete process.env.MVMFORGE_MVMCTL_CLI;
});
afterEach(() => {
  process.env = { ...saved };
  rmSync(root, { recursive: true, force: true });
});

const context = (): ExecutorContext => executorContext(root, 'demo', 'w/demo');

async function collect(it: AsyncIterable<{ success: boolean }>): Promise<boolean[]> {
  const out: boolean[] = [];
  for await (const r of it) out.push(r.success);
  return out;
}

/** The boot calls mvmctl recorded (not the `--help` probes of CLI detection). */
const calls = (): { argv: string[] }[] =>
  existsSync(record)
    ? readFileSync(record, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l))
        .filter((c: { flake_ref?: string }) => c.flake_ref !== undefined)
    : [];

test('option flags, then MVMFORGE_UP_ARGS words, then args; readiness then success', async () => {
  process.env.MVMFORGE_UP_ARGS = `--from-env 'a b'`;
  const results = await collect(
    upExecutor(
      {
        artifact: 'dist/art',
        hypervisor: 'qemu',
        name: 'vm1',
        cpus: 2,
        memory: '512M',
        ports: ['8080:80', '9090:90'],
        env: { B: '2', A: '1' },
        detach: true,
        watch: true,
        args: ['--extra', 'x y'],
      },
      context(),
    ),
  );
  expect(results).toEqual([true, true]);
  expect(calls().map((c) => c.argv)).toEqual([
    [
      'up',
      '--flake',
      `path:${join(root, 'dist/art')}`,
      '--hypervisor',
      'qemu',
      '--name',
      'vm1',
      '--cpus',
      '2',
      '--memory',
      '512M',
      '-p',
      '8080:80',
      '-p',
      '9090:90',
      '-e',
      'A=1',
      '-e',
      'B=2',
      '--detach',
      '--watch',
      '--from-env',
      'a b',
      '--extra',
      'x y',
    ],
  ]);
});

test('numeric memory / name (how Nx parses --memory=512) become mvmctl words as written', () => {
  expect(upOptionArgs({ artifact: 'a', memory: 512, name: 42 })).toEqual(['--name', '42', '--memory', '512']);
  expect(upOptionArgs({ artifact: 'a', memory: '4G' })).toEqual(['--memory', '4G']);
});

test('a non-zero mvmctl exit fails the task', async () => {
  process.env.MVMFORGE_FAKE_MVMCTL_EXIT = '3';
  const results = await collect(upExecutor({ artifact: 'dist/art' }, context()));
  expect(results[results.length - 1]).toBe(false);
});

test('a broken MVMFORGE_UP_ARGS fails before anything is spawned, without a stack', async () => {
  process.env.MVMFORGE_UP_ARGS = `'unterminated`;
  const err = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    expect(await collect(upExecutor({ artifact: 'dist/art' }, context()))).toEqual([false]);
    const printed = err.mock.calls.map((c) => String(c[0])).join('');
    expect(printed).not.toMatch(/\n\s+at /);
  } finally {
    err.mockRestore();
  }
  expect(calls()).toEqual([]);
});

test('an artifact option outside the workspace is refused', async () => {
  const err = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    expect(await collect(upExecutor({ artifact: '../elsewhere' }, context()))).toEqual([false]);
  } finally {
    err.mockRestore();
  }
});

test('upOptionArgs maps only the typed options (args and MVMFORGE_UP_ARGS are placed by runUp)', () => {
  expect(upOptionArgs({ artifact: 'x', args: ['--z'] })).toEqual([]);
  expect(upOptionArgs({ artifact: 'x', name: 'vm', detach: true })).toEqual(['--name', 'vm', '--detach']);
});

test('an unusable MVMFORGE_MVMCTL is a coded error line, not a stack', async () => {
  process.env.MVMFORGE_MVMCTL = join(root, 'no-such-mvmctl');
  const err = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    expect(await collect(upExecutor({ artifact: 'dist/art' }, context()))).toEqual([false]);
    const printed = err.mock.calls.map((c) => String(c[0])).join('');
    expect(printed).toMatch(/^E_MVM_NOT_FOUND\b/m);
    expect(printed).not.toMatch(/\n\s+at /);
  } finally {
    err.mockRestore();
  }
});

describe('against the current mvmctl CLI (`machine run`, fixtures/fake-mvmctl/fake-mvmctl-machine-run)', () => {
  const MACHINE = resolve(__dirname, '../../../fixtures/fake-mvmctl/fake-mvmctl-machine-run');

  test('detected without booting; every option maps to a flag machine run defines (machine/mod.rs@01130c3d)', async () => {
    process.env.MVMFORGE_MVMCTL = MACHINE;
    process.env.MVMFORGE_UP_ARGS = '--net';
    const results = await collect(
      upExecutor(
        {
          artifact: 'dist/art',
          hypervisor: 'qemu',
          name: 'vm1',
          cpus: 2,
          memory: '512M',
          ports: ['8080:80'],
          env: { A: '1' },
          detach: true,
          args: ['--ttl', '1h'],
        },
        context(),
      ),
    );
    expect(results).toEqual([true, true]);
    const all = readFileSync(record, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    // The probes: `up --help` is refused as clap does, `machine run --help` answers.
    expect(all.slice(0, 2).map((c: { argv: string[]; exit: number }) => [c.argv.join(' '), c.exit])).toEqual([
      ['up --help', 2],
      ['machine run --help', 0],
    ]);
    expect(calls().map((c) => c.argv)).toEqual([
      [
        'machine',
        'run',
        '--flake',
        `path:${join(root, 'dist/art')}`,
        '--hypervisor',
        'qemu',
        '--name',
        'vm1',
        '--cpus',
        '2',
        '--memory',
        '512M',
        '-p',
        '8080:80',
        '-e',
        'A=1',
        '--detach',
        '--net',
        '--ttl',
        '1h',
      ],
    ]);
  });

  test('watch has no machine run flag: a clear failure before anything boots', async () => {
    process.env.MVMFORGE_MVMCTL = MACHINE;
    const err = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect((await collect(upExecutor({ artifact: 'dist/art', watch: true }, context()))).at(-1)).toBe(false);
      const printed = err.mock.calls.map((c) => String(c[0])).join('');
      expect(printed).toContain('no --watch');
      expect(printed).not.toMatch(/\n\s+at /);
    } finally {
      err.mockRestore();
    }
    expect(calls()).toEqual([]);
  });

  test('MVMFORGE_MVMCTL_CLI overrides detection', async () => {
    process.env.MVMFORGE_MVMCTL = MACHINE;
    process.env.MVMFORGE_MVMCTL_CLI = 'machine-run';
    expect(await collect(upExecutor({ artifact: 'dist/art' }, context()))).toEqual([true, true]);
    const all = readFileSync(record, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(all.map((c: { argv: string[] }) => c.argv.slice(0, 2))).toEqual([['machine', 'run']]);
  });

  test('upOptionArgs under each CLI: same flags, except watch', () => {
    const all = { artifact: 'x', hypervisor: 'h', name: 'n', cpus: 1, memory: '1G', ports: ['1:2'], env: { K: 'v' }, detach: true };
    const expected = ['--hypervisor', 'h', '--name', 'n', '--cpus', '1', '--memory', '1G', '-p', '1:2', '-e', 'K=v', '--detach'];
    expect(upOptionArgs(all, 'up')).toEqual(expected);
    expect(upOptionArgs(all, 'machine-run')).toEqual(expected);
    expect(upOptionArgs({ artifact: 'x', watch: true }, 'up')).toEqual(['--watch']);
    expect(() => upOptionArgs({ artifact: 'x', watch: true }, 'machine-run')).toThrow(/no --watch/);
  });
});
