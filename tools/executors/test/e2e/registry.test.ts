/**
 * Installable like any Nx plugin, proven the way a user installs it: a real npm registry
 * (verdaccio) on 127.0.0.1 with every package of this repository published to it, a workspace made
 * by the newest create-nx-workspace that registry has, then exactly the README's "Install" steps:
 * `npx nx add @mvmforge/nx`, `npx nx g @mvmforge/nx:workload svc`, `npx nx run svc:compile`,
 * `npx nx run svc:flake-check` (against the stand-in guest-lib flake), on Nx 23.2 and 24.0.
 *
 * Nothing downloads: the registry has no uplinks, and the third-party packages (nx, @nx/devkit,
 * @nx/workspace, @nx/js, create-nx-workspace and their dependencies) are the exact tarballs `npm ci`
 * left in the npm cache (see fixtures/registry/registry.ts). HOME is a temp dir, so the user's
 * npmrc, npm cache and ~/.nx are never read or written; the test checks that every request the
 * workspace's npm made went to the loopback registry.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { describeWithNix } from '../../../../fixtures/test-support/requirements';
import { makeStubFlakes, type StubFlakes } from '../../../../fixtures/nix/harness';
import {
  REPO,
  npmrcFor,
  publishWorkspacePackages,
  seedFromLockfile,
  startRegistry,
  type LocalRegistry,
} from '../../../../fixtures/registry/registry';

jest.setTimeout(30 * 60_000);

interface Run {
  status: number | null;
  output: string;
}

/** The third-party packages a fresh workspace installs, besides our packages' own dependencies. */
const NX_PACKAGES = ['create-nx-workspace', 'nx', '@nx/devkit', '@nx/workspace', '@nx/js'];

function ourDependencies(): string[] {
  const names = new Set<string>();
  const { workspaces } = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { workspaces: string[] };
  for (const dir of workspaces) {
    const pkg = JSON.parse(readFileSync(join(REPO, dir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
    for (const d of Object.keys(pkg.dependencies ?? {})) if (!d.startsWith('@mvmforge/')) names.add(d);
  }
  return [...names];
}

/** Every URL in the npm cache index (cacache `index-v5`): what npm fetched. */
function fetchedUrls(npmCache: string): string[] {
  const urls: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else for (const m of readFileSync(p, 'utf8').matchAll(/"key":"(?:[a-z-]+:)*request-cache:([^"]+)"/g)) urls.push(m[1]);
    }
  };
  const index = join(npmCache, '_cacache', 'index-v5');
  if (existsSync(index)) walk(index);
  return urls;
}

describeWithNix(
  'installable from a registry: create-nx-workspace, nx add @mvmforge/nx, workload, compile, flake-check (Nx 23.2 and 24.0)',
  () => {
    let root: string;
    let home: string;
    let registry: LocalRegistry | undefined;
    let stubs: StubFlakes | undefined;
    let created: string;

    /** A user's shell: temp HOME with an npmrc naming only the loopback registry; nothing of this repo on PATH. */
    const userEnv = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => {
      const env: NodeJS.ProcessEnv = {};
      for (const [k, v] of Object.entries(process.env)) {
        // npm run exports npm_config_*/npm_package_*; Nx, git and mvmforge settings must not leak in.
        if (!/^(npm_|NX_|GIT_|MVMFORGE_|INIT_CWD$)/i.test(k)) env[k] = v;
      }
      env.PATH = (process.env.PATH ?? '')
        .split(delimiter)
        .filter((p) => !p.startsWith(REPO))
        .join(delimiter);
      return {
        ...env,
        HOME: home,
        CI: 'true',
        NX_DAEMON: 'false',
        NX_NO_CLOUD: 'true',
        NX_TUI: 'false',
        FORCE_COLOR: '0',
        NO_COLOR: '1',
        GIT_AUTHOR_NAME: 'mvmforge e2e',
        GIT_AUTHOR_EMAIL: 'e2e@mvmforge.invalid',
        GIT_COMMITTER_NAME: 'mvmforge e2e',
        GIT_COMMITTER_EMAIL: 'e2e@mvmforge.invalid',
        ...extra,
      };
    };

    const run = (cwd: string, cmd: string, args: string[], extra: NodeJS.ProcessEnv = {}): Run => {
      const r = spawnSync(cmd, args, { cwd, env: userEnv(extra), encoding: 'utf8', timeout: 15 * 60_000, maxBuffer: 64 * 1024 * 1024 });
      if (r.error) throw r.error;
      return { status: r.status, output: `${r.stdout}\n${r.stderr}` };
    };
    const ok = (cwd: string, cmd: string, args: string[], extra: NodeJS.ProcessEnv = {}): string => {
      const r = run(cwd, cmd, args, extra);
      if (r.status !== 0) throw new Error(`\`${cmd} ${args.join(' ')}\` in ${cwd} exited ${r.status}:\n${r.output}`);
      return r.output;
    };

    beforeAll(async () => {
      root = realpathSync(mkdtempSync(join(tmpdir(), 'mvmforge-registry-e2e-')));
      home = join(root, 'home');
      mkdirSync(home);
      registry = await startRegistry();
      writeFileSync(join(home, '.npmrc'), npmrcFor(registry));
      seedFromLockfile(registry, [...NX_PACKAGES, ...ourDependencies()]);
      publishWorkspacePackages(registry, userEnv());
      stubs = await makeStubFlakes();
      // The README's first step, verbatim: the newest create-nx-workspace the registry has.
      mkdirSync(join(root, 'cnw'));
      ok(join(root, 'cnw'), 'npx', [
        '-y',
        'create-nx-workspace@latest',
        'ws',
        '--preset=npm',
        '--nxCloud=skip',
        '--interactive=false',
        '--packageManager=npm',
      ]);
      created = join(root, 'cnw', 'ws');
    });

    afterAll(async () => {
      await registry?.stop();
      await stubs?.cleanup();
      if (root) rmSync(root, { recursive: true, force: true });
    });

    test('the registry serves our packages and the newest create-nx-workspace is 23.2.1, which made an Nx 23.2.1 workspace', async () => {
      const reg = registry as LocalRegistry;
      for (const name of ['@mvmforge/nx', '@mvmforge/cli', '@mvmforge/sdk-python']) {
        const res = await fetch(`${reg.url}${name.replace('/', '%2f')}`);
        expect(res.status).toBe(200);
      }
      const cnw = (await (await fetch(`${reg.url}create-nx-workspace`)).json()) as { 'dist-tags': { latest: string } };
      expect(cnw['dist-tags'].latest).toBe('23.2.1');
      expect(JSON.parse(readFileSync(join(created, 'node_modules/nx/package.json'), 'utf8')).version).toBe('23.2.1');
      expect(existsSync(join(created, 'nx.json'))).toBe(true);
    });

    // Nx 24.0: create-nx-workspace has no 24 release and @nx/js none either (nx-notes §1), so the
    // workspace a user has on Nx 24 is the created one moved to nx 24 (docs/decisions.md).
    const versions: [string, string, (ws: string) => void][] = [
      ['23.2', '23.2.1', () => undefined],
      [
        '24.0',
        '24.0.6',
        (ws) => {
          ok(ws, 'npm', ['uninstall', '@nx/js']);
          ok(ws, 'npm', ['install', '-D', 'nx@24.0.6']);
        },
      ],
    ];

    test.each(versions)(
      'Nx %s: nx add, nx g workload, compile, flake-check; the mvmforge bin comes with the plugin',
      (_label, nxVersion, prepare) => {
        const ws = join(root, `ws-${nxVersion}`);
        cpSync(created, ws, { recursive: true, verbatimSymlinks: true });
        prepare(ws);
        expect(JSON.parse(readFileSync(join(ws, 'node_modules/nx/package.json'), 'utf8')).version).toBe(nxVersion);

        const added = ok(ws, 'npx', ['nx', 'add', '@mvmforge/nx']);
        // init ran (nx add runs it) and said what it registered.
        expect(added).toMatch(/mvmforge: registered the @mvmforge\/nx plugin \(artifactDir dist\/mvmforge\)/);
        const nxJson = JSON.parse(readFileSync(join(ws, 'nx.json'), 'utf8')) as { plugins?: unknown[] };
        expect(nxJson.plugins).toContainEqual({ plugin: '@mvmforge/nx', options: { artifactDir: 'dist/mvmforge' } });
        const pkg = JSON.parse(readFileSync(join(ws, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
        expect(pkg.devDependencies['@mvmforge/nx']).toBeDefined();
        // Nx is still the version the workspace had: the peer range took it as it is.
        expect(JSON.parse(readFileSync(join(ws, 'node_modules/nx/package.json'), 'utf8')).version).toBe(nxVersion);

        // The plugin brought the CLI: `npx mvmforge` resolves to the local bin, not a public name.
        expect(realpathSync(join(ws, 'node_modules/.bin/mvmforge'))).toBe(join(ws, 'node_modules/@mvmforge/cli/bin/mvmforge'));
        expect(ok(ws, 'npx', ['--no-install', 'mvmforge', '--version']).trim()).toMatch(/^(mvmforge )?0\.1\.0$/m);
        expect(ok(ws, 'npx', ['--no-install', 'mvmforge', 'compile', '--help'])).toMatch(/--out/);

        ok(ws, 'npx', ['nx', 'g', '@mvmforge/nx:workload', 'svc']);
        expect(existsSync(join(ws, 'workloads/svc/app.py'))).toBe(true);

        // Each target's CLI verb answers --help through the local bin; the targets themselves
        // carry only a description (issue 12: no per-workload help metadata).
        const project = JSON.parse(
          ok(ws, 'npx', ['nx', 'show', 'project', 'svc', '--json'])
            .trim()
            .split('\n')
            .filter((l) => l.startsWith('{'))
            .pop() as string,
        ) as { targets: Record<string, { metadata?: { description?: string } }> };
        expect(Object.values(project.targets).map((t) => typeof t.metadata?.description)).toEqual(['string', 'string', 'string', 'string']);
        for (const verb of ['emit', 'compile', 'check', 'up']) {
          expect(ok(ws, 'npx', ['--no-install', 'mvmforge', verb, '--help'])).toMatch(/Usage|usage/);
        }

        const compiled = ok(ws, 'npx', ['nx', 'run', 'svc:compile', '--outputStyle=static']);
        expect(compiled).toMatch(/Successfully ran target compile for project svc/);
        const artifact = join(ws, 'dist/mvmforge/workloads/svc/artifact');
        expect(existsSync(join(artifact, 'flake.nix'))).toBe(true);
        const launch = JSON.parse(readFileSync(join(artifact, 'launch.json'), 'utf8')) as { workload_id?: string };
        expect(JSON.stringify(launch)).toContain('svc');
        expect(existsSync(join(artifact, 'src/svc/__main__.py'))).toBe(true);

        const checked = ok(ws, 'npx', ['nx', 'run', 'svc:flake-check', '--outputStyle=static'], {
          MVMFORGE_MVM_FLAKE_URL: (stubs as StubFlakes).guestLibUrl,
        });
        expect(checked).toMatch(/mvmforge: flake check passed/);
        expect(checked).toMatch(/Successfully ran target flake-check for project svc/);

        // Every request npm made for this user went to the loopback registry.
        const urls = fetchedUrls(join(home, '.npm'));
        expect(urls.length).toBeGreaterThan(0);
        expect(urls.filter((u) => !u.startsWith((registry as LocalRegistry).url))).toEqual([]);
      },
    );
  },
);
