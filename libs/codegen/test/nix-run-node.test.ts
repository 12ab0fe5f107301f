/**
 * The Node twin of nix-run.test.ts: the evaluated hello-node service command is run for real with
 * the host's `node` — src/ bind-mounted at /app in a private mount namespace (the host never sees
 * it), and the command line Nix produced run with /bin/sh -c as mvm's init would hand it to su.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmdirSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describeAsRoot, describeWithNix } from '../../../fixtures/test-support/requirements';
import { freshTempDir, makeStubFlakes, nixEvalJson, type StubFlakes } from '../../../fixtures/nix/harness';
import { compileEntry, REPO_ROOT } from '../../../fixtures/nix/compile';

describeWithNix('the hello-node service command, evaluated by Nix', () => {
  describeAsRoot('run in a private mount namespace with src/ at /app', () => {
    let stubs: StubFlakes;
    let work: string;
    let createdApp = false;

    beforeAll(async () => {
      stubs = await makeStubFlakes();
      work = freshTempDir('mvmforge-nix-run-node-');
      // The bind target must exist; an empty /app is created only if absent and removed after.
      if (!existsSync('/app')) {
        mkdirSync('/app');
        createdApp = true;
      }
    });
    afterAll(async () => {
      await stubs.cleanup();
      rmSync(work, { recursive: true, force: true });
      if (createdApp) rmdirSync('/app');
    });

    test('corpus/hello-node (app.ts), compiled, prints the hello line with the host node', async () => {
      const dir = join(work, 'artifact');
      await compileEntry(join(REPO_ROOT, 'corpus/hello-node/app.ts'), dir, stubs.guestLibUrl);
      const command = nixEvalJson(`path:${dir}#packages.x86_64-linux.default.mvmGuestArgs.services.hello-node.command`);
      expect(command).toBe('cd /app && exec node hello/main.js');

      // The node running this test is the host's node; only it is on PATH.
      const bin = join(work, 'bin');
      mkdirSync(bin);
      symlinkSync(process.execPath, join(bin, 'node'));
      // Fixed namespace script; the source dir and the command arrive as positional parameters.
      const r = spawnSync(
        'unshare',
        [
          '--mount',
          '--propagation',
          'private',
          '/bin/sh',
          '-c',
          'mount --bind "$1" /app && exec /bin/sh -c "$2"',
          'mvmforge-run',
          join(dir, 'src'),
          command as string,
        ],
        { env: { PATH: `${bin}:/usr/bin:/bin` }, encoding: 'utf8', timeout: 30000 },
      );
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout).toBe('hello from a bundled mvmforge node workload\n');
      // The host's /app was never populated.
      expect(existsSync('/app/hello')).toBe(false);
    });
  });
});
