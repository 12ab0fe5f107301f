/**
 * Tasks through the real `nx` CLI: the workload generator's output compiles, `up` reaches the
 * fake mvmctl with the documented argv, its exit status and Ctrl-C propagate, and
 * `nx affected -t up` boots exactly the affected workloads.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { baseEnv, expectOk, makeWorkspace, NX_BIN, REPO, type E2EWorkspace } from './harness';

const FAKE = join(REPO, 'fixtures/fake-mvmctl/fake-mvmctl');
const FAKE_MACHINE_RUN = join(REPO, 'fixtures/fake-mvmctl/fake-mvmctl-machine-run');
interface Call {
  argv?: string[];
  signal?: string;
  flake_path?: string;
  flake_ref?: string;
  hold?: boolean;
}

describe('nx tasks end to end (fake mvmctl)', () => {
  let ws: E2EWorkspace;
  let record: string;
  beforeAll(() => {
    ws = makeWorkspace();
    record = ws.path('../mvmctl-calls.jsonl');
  });
  afterAll(() => ws?.remove());
  beforeEach(() => rmSync(record, { force: true }));

  const records = (): Call[] =>
    existsSync(record)
      ? readFileSync(record, 'utf8')
          .trim()
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as Call)
      : [];
  /** The boot calls and signal lines (not the `--help` probes of CLI detection). */
  const calls = (): Call[] => records().filter((c) => c.flake_ref !== undefined || c.signal !== undefined);
  const fakeEnv = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
    MVMFORGE_MVMCTL: FAKE,
    MVMFORGE_FAKE_MVMCTL_RECORD: record,
    ...extra,
  });

  test('nx g @mvmforge/nx:workload my-svc creates a workload that nx run my-svc:compile compiles', () => {
    expectOk(ws.nx(['g', '@mvmforge/nx:workload', 'my-svc', '--no-interactive']));
    expect(existsSync(ws.path('workloads/my-svc/app.py'))).toBe(true);
    expectOk(ws.nx(['run', 'my-svc:compile', '--outputStyle=static']));
    const artifact = ws.path('dist/mvmforge/workloads/my-svc/artifact');
    expect(existsSync(join(artifact, 'flake.nix'))).toBe(true);
    expect(readFileSync(join(artifact, 'src/my_svc/__main__.py'), 'utf8')).toBe('print("hello from my-svc")\n');
    expect(JSON.parse(readFileSync(join(artifact, 'launch.json'), 'utf8')).workload_id).toBe('my-svc');
    rmSync(ws.path('workloads'), { recursive: true });
  });

  describe.each([
    // The pin's `up` (crates/mvm-cli/src/commands.rs@4c6362ea1732e50f77a65aa49e9ce8d005d2210f l.243) and
    // the current `machine run` (crates/mvm-cli/src/commands/machine/mod.rs@01130c3d06ee339c3e6415545b6aaeafcd74cec2).
    ['up', FAKE, ['up'], `--memory 1G --label 'a b'`, ['--memory', '1G', '--label', 'a b']],
    ['machine run', FAKE_MACHINE_RUN, ['machine', 'run'], `--memory 1G --ttl '1h'`, ['--memory', '1G', '--ttl', '1h']],
  ] as const)('mvmctl speaking `%s`', (_cli, fake, verb, upArgs, upArgsWords) => {
    test('nx run with-source:up inside a git workspace hands mvmctl path:<abs>, then the options, MVMFORGE_UP_ARGS, then args', () => {
      ws.write(
        'corpus/with-source/project.json',
        JSON.stringify({
          name: 'with-source',
          targets: {
            up: {
              options: {
                hypervisor: 'qemu',
                name: 'vm1',
                ports: ['8080:80'],
                env: { B: '2', A: '1' },
                detach: true,
                args: ['--cpus', '4'],
              },
            },
          },
        }),
      );
      try {
        const r = expectOk(
          ws.nx(['run', 'with-source:up', '--outputStyle=static'], fakeEnv({ MVMFORGE_MVMCTL: fake, MVMFORGE_UP_ARGS: upArgs })),
        );
        expect(r.output).toContain('[fake-mvmctl] booted with-source');
        // dist/ is gitignored: a bare path would be invisible to Nix (the fake fails it as Nix does).
        expect(ws.read('.gitignore')).toContain('dist/');
        const artifact = ws.path('dist/mvmforge/corpus/with-source/artifact');
        expect(calls().map((c) => c.argv)).toEqual([
          [
            ...verb,
            '--flake',
            `path:${artifact}`,
            '--hypervisor',
            'qemu',
            '--name',
            'vm1',
            '-p',
            '8080:80',
            '-e',
            'A=1',
            '-e',
            'B=2',
            '--detach',
            ...upArgsWords,
            '--cpus',
            '4',
          ],
        ]);
      } finally {
        rmSync(ws.path('corpus/with-source/project.json'));
      }
    });
  });

  test('nx run with-source:up --memory=512 --name=42: numbers on the command line reach mvmctl as written', () => {
    const r = expectOk(ws.nx(['run', 'with-source:up', '--memory=512', '--name=42', '--cpus=2', '--outputStyle=static'], fakeEnv()));
    expect(r.output).not.toMatch(/must be a string|Property 'memory'/);
    const artifact = ws.path('dist/mvmforge/corpus/with-source/artifact');
    expect(calls().map((c) => c.argv)).toEqual([['up', '--flake', `path:${artifact}`, '--name', '42', '--cpus', '2', '--memory', '512']]);
  });

  test('mvmctl exit status 3 fails the task', () => {
    const r = ws.nx(['run', 'with-source:up', '--outputStyle=static'], fakeEnv({ MVMFORGE_FAKE_MVMCTL_EXIT: '3' }));
    expect(r.status).not.toBe(0);
    expect(r.output).toContain('mvmctl exited with status 3');
    expect(r.output).not.toMatch(/\n\s+at .*\.js:\d+/);
  });

  test('Ctrl-C (SIGINT to the nx process group) reaches mvmctl', async () => {
    const child = spawn(process.execPath, [NX_BIN, 'run', 'with-source:up', '--outputStyle=static'], {
      cwd: ws.root,
      env: baseEnv(fakeEnv({ MVMFORGE_FAKE_MVMCTL_HOLD: '1' })),
      detached: true, // its own process group, like a terminal's foreground job
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const deadline = Date.now() + 120_000;
    while (!calls().some((c) => c.hold === true)) {
      if (Date.now() > deadline) throw new Error(`mvmctl never started:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    process.kill(-child.pid!, 'SIGINT');
    const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 30_000);
    const code = await exited;
    clearTimeout(timer);
    expect(calls().some((c) => c.signal === 'SIGINT')).toBe(true);
    expect(code).not.toBe(0);
  });

  test('a coded compile error is printed as `E_CODE at path: detail`, without a stack', () => {
    ws.write(
      'corpus/escapes/app.py',
      [
        'import mvmforge as mv',
        'mv.workload("escapes")',
        'mv.app(',
        '    image=mv.python_image("3.12"),',
        '    source=mv.local_path("../../.."),',
        '    entrypoint=mv.entrypoint(["python", "-m", "x"]),',
        ')',
        '',
      ].join('\n'),
    );
    try {
      const r = ws.nx(['run', 'escapes:compile', '--outputStyle=static']);
      expect(r.status).not.toBe(0);
      expect(r.output).toMatch(/E_SOURCE_OUTSIDE_ROOT at \.apps\[0\]\.source\.path: /);
      expect(r.output).not.toMatch(/\n\s+at .*\.js:\d+/);
      expect(existsSync(ws.path('dist/mvmforge/corpus/escapes/artifact'))).toBe(false);
    } finally {
      rmSync(ws.path('corpus/escapes'), { recursive: true });
    }
  });

  test('nx affected -t up boots exactly the affected workloads', () => {
    ws.commitAll('state before the change');
    ws.write('corpus/with-source/hello/__main__.py', 'print("hello again")\n');
    ws.commitAll('edit with-source only');
    expectOk(ws.nx(['affected', '-t', 'up', '--base=HEAD~1', '--head=HEAD', '--outputStyle=static'], fakeEnv()));
    const booted = calls()
      .filter((c) => c.argv?.[0] === 'up')
      .map((c) => c.argv?.[2]);
    expect(booted).toEqual([`path:${ws.path('dist/mvmforge/corpus/with-source/artifact')}`]);
    expect(statSync(ws.path('dist/mvmforge/corpus/with-source/artifact/src/hello/__main__.py')).mode & 0o777).toBe(0o644);
  });
});
