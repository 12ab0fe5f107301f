/**
 * No orphans (issue 10 items 6 and 8): a signal to `mvmforge emit` / `mvmforge up` while a child
 * runs leaves no process of ours and no temporary directory behind — the SDK's process group,
 * mvmctl's group (its own child included) after the forwarded signal or the SIGKILL escalation.
 * Real processes and real signals; pids are checked through /proc (a zombie counts as gone: the
 * container's init may not reap reparented children).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { runUp } from '@mvmforge/up';
import { assertCliBuilt, cleanEnv, FAKE_MVMCTL, makeArtifact, readRecord, runCli, tempDir, waitFor, writeNodeScript } from './helpers';

function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.split(')').pop()!.trim()[0] !== 'Z';
  } catch {
    return false;
  }
}

const linux = existsSync('/proc/self/stat');
if (!linux) {
  console.warn('\n*** orphans.test.ts: needs /proc (Linux); skipped ***\n');
}
const describeLinux = linux ? describe : describe.skip;

describeLinux('no orphans, no temp dirs after a signal', () => {
  let root: string;
  let privateTmp: string;
  let record: string;
  beforeAll(() => {
    assertCliBuilt();
  });
  beforeEach(() => {
    root = tempDir();
    privateTmp = join(root, 'tmp');
    mkdirSync(privateTmp);
    record = join(root, 'record.jsonl');
  });
  const fakeEnv = (extra: Record<string, string> = {}): NodeJS.ProcessEnv =>
    cleanEnv({ MVMFORGE_MVMCTL: FAKE_MVMCTL, MVMFORGE_FAKE_MVMCTL_RECORD: record, TMPDIR: privateTmp, ...extra });

  test.each(['SIGINT', 'SIGTERM', 'SIGHUP'] as const)(
    '%s while the Python SDK runs `emit`: the SDK and its child are reaped, the temp dir is gone, emit dies by the signal',
    async (signal) => {
      const pids = join(root, 'pids.json');
      const app = join(root, 'app.py');
      // An author's app.py that starts a child of its own and then hangs.
      writeFileSync(
        app,
        [
          'import json, os, subprocess, time',
          "child = subprocess.Popen(['sleep', '300'])",
          `with open(${JSON.stringify(pids)}, 'w') as f: json.dump({'sdk': os.getpid(), 'child': child.pid}, f)`,
          'time.sleep(300)',
          '',
        ].join('\n'),
      );
      const r = await runCli(['emit', app], {
        env: fakeEnv(),
        onStart: (child) => {
          void waitFor(() => existsSync(pids), 30_000, 'app.py to start').then(() => child.kill(signal));
        },
      });
      expect(r.signal).toBe(signal);
      const { sdk, child } = JSON.parse(readFileSync(pids, 'utf8')) as { sdk: number; child: number };
      await waitFor(() => !alive(sdk) && !alive(child), 10_000, 'the SDK process group to be gone');
      expect(readdirSync(privateTmp)).toEqual([]);
    },
  );

  test.each([
    ['SIGHUP', 129],
    ['SIGTERM', 143],
  ] as const)(
    '%s while mvmctl runs `up` of an entry: mvmctl and its own child are reaped, the temp artifact is gone',
    async (signal, status) => {
      const r = await runCli(['up', 'corpus/hello-app/app.py'], {
        env: fakeEnv({ MVMFORGE_FAKE_MVMCTL_HOLD: '1', MVMFORGE_FAKE_MVMCTL_CHILD: '1' }),
        onStart: (child) => {
          void waitFor(() => readRecord(record).some((c) => c.hold === true), 60_000, 'the fake to hold').then(() => child.kill(signal));
        },
      });
      expect(r.status).toBe(status);
      expect(r.stderr).toContain(`mvmforge up: mvmctl exited with status ${status}`);
      const childPid = readRecord(record).find((c) => c.child_pid !== undefined)?.child_pid as number;
      expect(childPid).toEqual(expect.any(Number));
      // The fake's child ignores SIGHUP/SIGTERM: only the group SIGKILL after mvmctl exited ends it.
      await waitFor(() => !alive(childPid), 10_000, "mvmctl's child to be reaped");
      expect(readdirSync(privateTmp)).toEqual([]);
    },
  );

  test('SIGHUP while compiling for `up`: nothing is started, the temp dir is gone, exit 129', async () => {
    const r = await runCli(['up', 'corpus/with-source/app.py'], {
      env: fakeEnv({ MVMFORGE_FAKE_MVMCTL_HOLD: '1' }),
      onStart: (child) => {
        const poll = (): void => {
          if (readdirSync(privateTmp).some((n) => n.startsWith('mvmforge-up-'))) child.kill('SIGHUP');
          else setImmediate(poll);
        };
        poll();
      },
    });
    expect(r.signal).toBeNull();
    expect(r.status).toBe(129);
    expect(readdirSync(privateTmp).filter((n) => n.startsWith('mvmforge-up-'))).toEqual([]);
  });

  test('after the SIGKILL escalation the whole group dies, so a stubborn mvmctl’s own child does not survive', async () => {
    const artifact = makeArtifact(join(root, 'artifact'));
    const pids = join(root, 'stubborn.json');
    const stubborn = writeNodeScript(
      join(root, 'stubborn'),
      `const { spawn } = require('node:child_process');
for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(s, () => {});
const body = "for (const s of ['SIGINT','SIGTERM','SIGHUP']) process.on(s, () => {}); setInterval(() => {}, 1 << 30);";
const child = spawn(process.execPath, ['-e', body], { stdio: 'ignore' });
require('node:fs').writeFileSync(${JSON.stringify(pids)}, JSON.stringify({ self: process.pid, child: child.pid }));
setInterval(() => {}, 1000);`,
    );
    const running = runUp({
      artifactDir: artifact,
      env: cleanEnv({ MVMFORGE_MVMCTL: stubborn, MVMFORGE_MVMCTL_CLI: 'up' }),
      killGraceMs: 200,
      shareProcessGroup: false,
      log: () => undefined,
    });
    await waitFor(() => existsSync(pids), 15_000, 'the stubborn mvmctl to start');
    const { self, child } = JSON.parse(readFileSync(pids, 'utf8')) as { self: number; child: number };
    process.emit('SIGINT', 'SIGINT');
    process.emit('SIGTERM', 'SIGTERM');
    await expect(running).resolves.toBe(128 + 9);
    await waitFor(() => !alive(self) && !alive(child), 10_000, 'the stubborn group to be gone');
  });
});
