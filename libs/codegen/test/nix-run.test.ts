/**
 * Runs the evaluated with-source service command for real: the artifact's src/ is bind-mounted at
 * /app in a private mount namespace (so the host never sees it), a `python` is on PATH, and the
 * command line Nix produced is run with /bin/sh -c exactly as mvm's init would hand it to su.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmdirSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describeAsRoot, describeWithNix } from '../../../fixtures/test-support/requirements';
import { freshTempDir, makeStubFlakes, nixEvalJson, type StubFlakes } from '../../../fixtures/nix/harness';
import { compileEntry, REPO_ROOT } from '../../../fixtures/nix/compile';

function hostPython(): string | undefined {
  for (const candidate of ['python3', 'python']) {
    const r = spawnSync(candidate, ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' });
    if (r.status === 0 && r.stdout.trim() !== '') return r.stdout.trim();
  }
  return undefined;
}

describeWithNix('the with-source service command, evaluated by Nix', () => {
  describeAsRoot('run in a private mount namespace with src/ at /app', () => {
    let stubs: StubFlakes;
    let work: string;
    let createdApp = false;

    beforeAll(async () => {
      stubs = await makeStubFlakes();
      work = freshTempDir('mvmforge-nix-run-');
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

    test('corpus/with-source, compiled, prints the hello line', async () => {
      const python = hostPython();
      expect(python).toBeDefined();
      const dir = join(work, 'artifact');
      await compileEntry(join(REPO_ROOT, 'corpus/with-source/app.py'), dir, stubs.guestLibUrl);
      const command = nixEvalJson(`path:${dir}#packages.x86_64-linux.default.mvmGuestArgs.services.with-source.command`);
      expect(command).toBe('cd /app && exec python -m hello');

      const bin = join(work, 'bin');
      mkdirSync(bin);
      symlinkSync(python as string, join(bin, 'python'));
      // Fixed namespace script; the source dir and the command arrive as positional parameters.
      const r = spawnSync(
        'unshare',
        ['--mount', '--propagation', 'private', '/bin/sh', '-c', 'mount --bind "$1" /app && exec /bin/sh -c "$2"', 'mvmforge-run', join(dir, 'src'), command as string],
        { env: { PATH: `${bin}:/usr/bin:/bin`, PYTHONDONTWRITEBYTECODE: '1' }, encoding: 'utf8', timeout: 30000 },
      );
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout).toBe('hello from a bundled mvmforge workload\n');
      // The host's /app was never populated.
      expect(existsSync('/app/hello')).toBe(false);
    });
  });
});
