/**
 * Runs the evaluated with-source service command for real: the artifact's src/ is bind-mounted at
 * /app in a private mount namespace (so the host never sees it), a `python` is on PATH, and the
 * command line Nix produced is run with /bin/sh -c exactly as mvm's init would hand it to su.
 * The entrypoint era's boot script (built by Nix) is run the way that era's /init runs
 * /etc/mvm/entrypoint (nix/lib/mk-guest.nix@055a9572: the escapeShellArg-rendered command, as
 * uid 0), chrooted into a fresh root that shares only /usr, /bin, /lib* and /nix with the host, so
 * the script's own `ln -sfn <app> /app` lands in that root and never on the host.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readlinkSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describeAsRoot, describeWithNix } from '../../../fixtures/test-support/requirements';
import { runWithSrcAtApp, useAppMountPoint } from '../../../fixtures/test-support/app-namespace';
import { nixEvalJson, nixEvalRaw, runNix, useStubFlakes } from '../../../fixtures/nix/harness';
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
    const suite = useStubFlakes('mvmforge-nix-run-');
    useAppMountPoint();

    test('corpus/with-source, compiled, prints the hello line', async () => {
      const python = hostPython();
      expect(python).toBeDefined();
      const dir = join(suite.work, 'artifact');
      await compileEntry(join(REPO_ROOT, 'corpus/with-source/app.py'), dir, suite.stubs.guestLibUrl);
      const command = nixEvalJson(`path:${dir}#packages.x86_64-linux.default.mvmGuestArgs.services.with-source.command`);
      expect(command).toBe('cd /app && exec python -m hello');

      const bin = join(suite.work, 'bin');
      mkdirSync(bin);
      symlinkSync(python as string, join(bin, 'python'));
      const r = runWithSrcAtApp(join(dir, 'src'), command as string, { PATH: `${bin}:/usr/bin:/bin`, PYTHONDONTWRITEBYTECODE: '1' });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout).toBe('hello from a bundled mvmforge workload\n');
      // The host's /app was never populated.
      expect(existsSync('/app/hello')).toBe(false);
    });
  });

  describeAsRoot('the entrypoint era: the boot script, built by Nix, run as PID 1 would run it', () => {
    const suite = useStubFlakes('mvmforge-nix-boot-');

    // The host's own system, so the built boot script runs here.
    const system = process.arch === 'arm64' ? 'aarch64-linux' : 'x86_64-linux';
    test('corpus/with-source, compiled, puts the bundled source at /app and prints the hello line', async () => {
      const python = hostPython();
      expect(python).toBeDefined();
      // The interpreter's installation is bind-mounted into the root at the same path.
      const prefix = spawnSync(python as string, ['-c', 'import sys; print(sys.base_prefix)'], { encoding: 'utf8' }).stdout.trim();
      expect(prefix.startsWith('/')).toBe(true);
      const dir = join(suite.work, 'artifact');
      await compileEntry(join(REPO_ROOT, 'corpus/with-source/app.py'), dir, suite.stubs.entrypointUrl);
      const ref = `path:${dir}#packages.${system}.default`;
      // Building the image builds its closure: the app package and the boot script.
      const b = runNix(['build'], ['--no-link', ref]);
      expect(b.stderr).not.toMatch(/^error/m);
      expect(b.status).toBe(0);
      const [boot] = nixEvalJson(`${ref}.mvmGuestArgs.entrypoint.command`) as string[];
      expect(existsSync(boot)).toBe(true);
      const entrypointScript = nixEvalRaw(`${ref}.entrypointScript`);
      expect(entrypointScript).toBe(`'${boot}'`);
      expect(nixEvalJson(`${ref}.entrypointUid`)).toBe(0);
      const appPkg = (nixEvalJson(`${ref}.mvmGuestArgs.packages`) as string[])[0];

      const root = join(suite.work, 'root');
      mkdirSync(join(root, 'pybin'), { recursive: true });
      symlinkSync(python as string, join(root, 'pybin', 'python'));
      // Fixed namespace script; the root and the command arrive as positional parameters.
      const namespaceScript = [
        'root=$1',
        'for d in usr bin lib lib32 lib64 libx32 nix; do',
        '  [ -e "/$d" ] || continue',
        '  if [ -L "/$d" ]; then ln -s "$(readlink "/$d")" "$root/$d"; else mkdir -p "$root/$d" && mount --rbind "/$d" "$root/$d"; fi',
        'done',
        'case "$3" in /usr|/usr/*|/nix/*) ;; *) mkdir -p "$root$3" && mount --rbind "$3" "$root$3" ;; esac',
        'exec chroot "$root" /bin/sh -c "$2"',
      ].join('\n');
      const r = spawnSync(
        'unshare',
        ['--mount', '--propagation', 'private', '/bin/sh', '-c', namespaceScript, 'mvmforge-boot', root, entrypointScript, prefix],
        {
          env: { PATH: '/pybin:/usr/bin:/bin:/usr/sbin:/sbin', PYTHONDONTWRITEBYTECODE: '1' },
          encoding: 'utf8',
          timeout: 30000,
        },
      );
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout).toBe('hello from a bundled mvmforge workload\n');
      // The boot script linked the bundled source at the working directory of that root.
      expect(lstatSync(join(root, 'app')).isSymbolicLink()).toBe(true);
      expect(readlinkSync(join(root, 'app'))).toBe(appPkg);
      expect(existsSync('/app/hello')).toBe(false);
    });
  });
});
