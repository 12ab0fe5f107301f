/**
 * The Node twin of nix-run.test.ts: the evaluated hello-node service command is run for real with
 * the host's `node` — src/ bind-mounted at /app in a private mount namespace (the host never sees
 * it), and the command line Nix produced run with /bin/sh -c as mvm's init would hand it to su.
 */
import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describeAsRoot, describeWithNix } from '../../../fixtures/test-support/requirements';
import { runWithSrcAtApp, useAppMountPoint } from '../../../fixtures/test-support/app-namespace';
import { nixEvalJson, useStubFlakes } from '../../../fixtures/nix/harness';
import { compileEntry, REPO_ROOT } from '../../../fixtures/nix/compile';

describeWithNix('the hello-node service command, evaluated by Nix', () => {
  describeAsRoot('run in a private mount namespace with src/ at /app', () => {
    const suite = useStubFlakes('mvmforge-nix-run-node-');
    useAppMountPoint();

    test('corpus/hello-node (app.ts), compiled, prints the hello line with the host node', async () => {
      const dir = join(suite.work, 'artifact');
      await compileEntry(join(REPO_ROOT, 'corpus/hello-node/app.ts'), dir, suite.stubs.guestLibUrl);
      const command = nixEvalJson(`path:${dir}#packages.x86_64-linux.default.mvmGuestArgs.services.hello-node.command`);
      expect(command).toBe('cd /app && exec node hello/main.js');

      // The node running this test is the host's node; only it is on PATH.
      const bin = join(suite.work, 'bin');
      mkdirSync(bin);
      symlinkSync(process.execPath, join(bin, 'node'));
      const r = runWithSrcAtApp(join(dir, 'src'), command as string, { PATH: `${bin}:/usr/bin:/bin` });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout).toBe('hello from a bundled mvmforge node workload\n');
      // The host's /app was never populated.
      expect(existsSync('/app/hello')).toBe(false);
    });
  });
});
