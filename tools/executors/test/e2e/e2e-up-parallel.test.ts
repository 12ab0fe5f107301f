/**
 * `nx run-many -t up` / `nx affected -t up` boot every selected workload side by side (issue 9
 * item 3): with the fake mvmctl in hold mode (it stays in the foreground like a real mvmctl), both
 * workloads must be running at the same time, and one Ctrl-C (SIGINT to nx's process group) must
 * stop both, each mvmctl reaped before nx exits.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { baseEnv, makeWorkspace, NX_BIN, REPO, type E2EWorkspace } from './harness';

const FAKE = join(REPO, 'fixtures/fake-mvmctl/fake-mvmctl');

interface Call {
  argv?: string[];
  hold?: boolean;
  signal?: string;
  flake_path?: string | null;
}

/**
 * Live (or zombie: exited, not yet reaped) fake mvmctl processes of this test: the command line runs
 * the fake, and the environment names this test's record file (nx and its workers carry the same
 * environment, so the command line tells them apart).
 */
function liveFakes(record: string): number[] {
  const needle = `MVMFORGE_FAKE_MVMCTL_RECORD=${record}\u0000`;
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'latin1');
      const environ = readFileSync(`/proc/${entry}/environ`, 'latin1');
      if (cmdline.includes(FAKE) && environ.includes(needle)) pids.push(Number(entry));
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return pids;
}

async function waitFor(what: string, cond: () => boolean, output: () => string): Promise<void> {
  const deadline = Date.now() + 90_000; // inside jest's 120 s test timeout, so the message is ours
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`${what} never happened:\n${output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('up of several workloads through the real nx CLI (fake mvmctl, hold mode)', () => {
  let ws: E2EWorkspace;
  let record: string;
  beforeAll(() => {
    ws = makeWorkspace({ corpus: ['hello-app', 'with-source'] });
    record = ws.path('../mvmctl-calls.jsonl');
  });
  afterAll(() => ws?.remove());
  beforeEach(() => rmSync(record, { force: true }));

  const calls = (): Call[] =>
    existsSync(record)
      ? readFileSync(record, 'utf8')
          .trim()
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as Call)
      : [];

  async function bootAllThenCtrlC(args: string[]): Promise<{ code: number | null; output: string }> {
    const child = spawn(process.execPath, [NX_BIN, ...args, '--outputStyle=static'], {
      cwd: ws.root,
      env: baseEnv({ MVMFORGE_MVMCTL: FAKE, MVMFORGE_FAKE_MVMCTL_RECORD: record, MVMFORGE_FAKE_MVMCTL_HOLD: '1' }),
      detached: true, // its own process group, like a terminal's foreground job
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    let killer: NodeJS.Timeout | undefined;
    try {
      // Both held at once: the second up started while the first is still running.
      await waitFor(
        'two held mvmctl processes',
        () => calls().filter((c) => c.argv?.[0] === 'up' && c.hold === true).length === 2,
        () => output,
      );
      expect(liveFakes(record)).toHaveLength(2);
      process.kill(-child.pid!, 'SIGINT');
      killer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 60_000);
      const code = await exited;
      return { code, output };
    } finally {
      if (killer) clearTimeout(killer);
      if (child.exitCode === null && child.signalCode === null) {
        process.kill(-child.pid!, 'SIGKILL');
        await exited;
      }
    }
  }

  const bootedArtifacts = (): string[] =>
    calls()
      .filter((c) => c.argv?.[0] === 'up' && c.argv[1] === '--flake')
      .map((c) => c.argv![2])
      .sort();

  test('nx run-many -t up runs both mvmctls side by side; Ctrl-C stops and reaps both', async () => {
    const { code, output } = await bootAllThenCtrlC(['run-many', '-t', 'up']);
    expect(bootedArtifacts()).toEqual([
      `path:${ws.path('dist/mvmforge/corpus/hello-app/artifact')}`,
      `path:${ws.path('dist/mvmforge/corpus/with-source/artifact')}`,
    ]);
    expect(calls().filter((c) => c.signal === 'SIGINT')).toHaveLength(2);
    expect(code).not.toBe(0);
    expect(liveFakes(record)).toEqual([]);
    expect(output).toContain('Running target up for 2 projects');
  });

  test('nx affected -t up boots both affected workloads at once', async () => {
    ws.commitAll('state before the change');
    ws.write('corpus/with-source/hello/__main__.py', 'print("hello again")\n');
    ws.write('corpus/hello-app/README.md', 'edited\n');
    ws.commitAll('edit both workloads');
    const { code } = await bootAllThenCtrlC(['affected', '-t', 'up', '--base=HEAD~1', '--head=HEAD']);
    expect(bootedArtifacts()).toEqual([
      `path:${ws.path('dist/mvmforge/corpus/hello-app/artifact')}`,
      `path:${ws.path('dist/mvmforge/corpus/with-source/artifact')}`,
    ]);
    expect(calls().filter((c) => c.signal === 'SIGINT')).toHaveLength(2);
    expect(code).not.toBe(0);
    expect(liveFakes(record)).toEqual([]);
  });
});
