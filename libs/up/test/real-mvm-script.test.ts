/**
 * scripts/real-mvm.mjs (artifact-v1 §12): prerequisite errors, the plan it runs, and real runs
 * against a stand-in mvm checkout (a fake cargo for `up`; real Nix with the stub guest-lib for `check`).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeWithNix } from '../../../fixtures/test-support/requirements';
import { makeStubFlakes } from '../../../fixtures/nix/harness';
import { CLI, assertCliBuilt, cleanEnv, REPO_ROOT, tempDir, writeFakeCargo, writeNodeScript } from './helpers';

const SCRIPT = join(REPO_ROOT, 'scripts/real-mvm.mjs');
const HELLO = join(REPO_ROOT, 'corpus/hello-app/app.py');
const WITH_SOURCE = join(REPO_ROOT, 'corpus/with-source/app.py');

interface Result {
  status: number | null;
  stdout: string;
  stderr: string;
}

function recipe(args: string[], env: NodeJS.ProcessEnv, cwd = REPO_ROOT): Promise<Result> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [SCRIPT, ...args], { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.once('error', reject);
    child.once('close', (status) => resolvePromise({ status, stdout, stderr }));
  });
}

/**
 * A git repository that looks like an mvm checkout: Cargo.toml plus, for the pin layout,
 * nix/guest-lib/flake.nix (4c6362e), or, for a current clone, nix/flake.nix (5a478a4 and later).
 */
function fakeMvmRepo(root: string, flake = '{ outputs = _: { }; }\n', layout: 'pin' | 'current' = 'pin'): string {
  const repo = join(root, 'mvm');
  const flakeDir = layout === 'pin' ? 'nix/guest-lib' : 'nix';
  mkdirSync(join(repo, flakeDir), { recursive: true });
  writeFileSync(join(repo, 'Cargo.toml'), '[workspace]\n');
  writeFileSync(join(repo, flakeDir, 'flake.nix'), flake);
  const git = (...args: string[]) => {
    const r = spawnSync('git', ['-C', repo, '-c', 'user.name=t', '-c', 'user.email=t@example.invalid', ...args], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${r.stderr}`);
  };
  git('init', '-q');
  git('add', '-A');
  git('commit', '-q', '-m', 'fake mvm');
  return repo;
}

describe('scripts/real-mvm.mjs', () => {
  let root: string;
  let bin: string;

  beforeAll(() => {
    assertCliBuilt();
  });

  beforeEach(() => {
    root = tempDir();
    bin = join(root, 'bin');
    mkdirSync(bin);
  });

  describe('prerequisites and usage', () => {
    test('an unknown mode is a usage error (2)', async () => {
      const r = await recipe(['boot'], cleanEnv());
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/expected "check" or "up"/);
    });

    test('up: MVMFORGE_MVM_REPO unset → exit 1 saying how to set it', async () => {
      const r = await recipe(['up', WITH_SOURCE], cleanEnv());
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/MVMFORGE_MVM_REPO is not set/);
    });

    test('check: MVMFORGE_MVM_REPO unset → exit 1 saying how to set it (the recipe proves against a local mvm)', async () => {
      writeNodeScript(join(bin, 'nix'), 'process.exit(0);');
      const r = await recipe(['check', '--dry-run'], cleanEnv({ PATH: bin }));
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/MVMFORGE_MVM_REPO is not set/);
      expect(r.stdout).toBe('');
    });

    test('up without an ENTRY boots the default corpus/hello-app/app.py', async () => {
      const repo = fakeMvmRepo(root);
      writeNodeScript(join(bin, 'cargo'), 'process.exit(0);');
      const r = await recipe(['up', '--dry-run', '--', '--hypervisor', 'qemu'], cleanEnv({ MVMFORGE_MVM_REPO: repo, PATH: bin }));
      expect(r.status).toBe(0);
      const plan = JSON.parse(r.stdout);
      expect(plan.entry).toBe(HELLO);
      expect(plan.commands).toEqual([[process.execPath, CLI, 'up', '--verbose', HELLO, '--', '--hypervisor', 'qemu']]);
    });

    test('a directory that is not an mvm checkout → exit 1 naming what is missing', async () => {
      const r = await recipe(['check'], cleanEnv({ MVMFORGE_MVM_REPO: root }));
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/is not an mvm checkout: it has no Cargo\.toml and no nix\/flake\.nix and no nix\/guest-lib\/flake\.nix/);
    });

    test('a checkout that is not a git repository → exit 1: the recipes hand Nix a git+file:// ref', async () => {
      mkdirSync(join(root, 'plain/nix'), { recursive: true });
      writeFileSync(join(root, 'plain/Cargo.toml'), '');
      writeFileSync(join(root, 'plain/nix/flake.nix'), '{ outputs = _: { }; }\n');
      const r = await recipe(['check', '--dry-run'], cleanEnv({ MVMFORGE_MVM_REPO: join(root, 'plain') }));
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/is not the top of a git checkout; the recipes hand Nix git\+file:\/\/.*\?dir=nix, which needs one/);
    });

    test('check without nix on PATH → exit 1 with install guidance', async () => {
      const r = await recipe(['check'], cleanEnv({ MVMFORGE_MVM_REPO: fakeMvmRepo(root), PATH: bin }));
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/nix is not on PATH/);
    });

    test('up without cargo on PATH → exit 1', async () => {
      const r = await recipe(['up', WITH_SOURCE], cleanEnv({ MVMFORGE_MVM_REPO: fakeMvmRepo(root), PATH: bin }));
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/cargo is not on PATH/);
    });

    test('a missing entry → exit 1', async () => {
      const r = await recipe(['check', 'nope/app.py'], cleanEnv({ MVMFORGE_MVM_REPO: fakeMvmRepo(root) }));
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/nope\/app\.py does not exist/);
    });
  });

  describe('--dry-run plans', () => {
    test.each([
      ['pin', 'nix/guest-lib'],
      ['current', 'nix'],
    ] as const)(
      'check (%s layout): compile into dist/real-mvm/<name>, then check it, with git+file://<repo>?dir=%s',
      async (layout, dir) => {
        const repo = fakeMvmRepo(root, undefined, layout);
        writeNodeScript(join(bin, 'nix'), 'process.exit(0);');
        const r = await recipe(['check', '--dry-run'], cleanEnv({ MVMFORGE_MVM_REPO: repo, PATH: `${bin}:${process.env.PATH}` }));
        expect(r.status).toBe(0);
        const out = join(REPO_ROOT, 'dist/real-mvm/hello-app');
        expect(JSON.parse(r.stdout)).toEqual({
          mode: 'check',
          layout,
          entry: HELLO,
          env: { MVMFORGE_MVM_FLAKE_URL: `git+file://${repo}?dir=${dir}`, MVMFORGE_MVM_REPO: repo },
          commands: [
            [process.execPath, CLI, 'compile', HELLO, '--out', out],
            [process.execPath, CLI, 'check', out],
          ],
        });
      },
    );

    test('check: an MVMFORGE_MVM_FLAKE_URL already set is kept', async () => {
      writeNodeScript(join(bin, 'nix'), 'process.exit(0);');
      const repo = fakeMvmRepo(root);
      const r = await recipe(
        ['check', '--dry-run'],
        cleanEnv({ MVMFORGE_MVM_FLAKE_URL: 'path:/elsewhere', PATH: bin, MVMFORGE_MVM_REPO: repo }),
      );
      expect(r.status).toBe(0);
      expect(JSON.parse(r.stdout).env.MVMFORGE_MVM_FLAKE_URL).toBe('path:/elsewhere');
    });

    test('up: an MVMFORGE_MVM_FLAKE_URL already set is kept; MVMFORGE_MVMCTL is dropped; args follow --', async () => {
      const repo = fakeMvmRepo(root);
      writeNodeScript(join(bin, 'cargo'), 'process.exit(0);');
      const r = await recipe(
        ['up', 'corpus/with-source/app.py', '--dry-run', '--', '--hypervisor', 'apple-container', '--name', 'my vm'],
        cleanEnv({ MVMFORGE_MVM_REPO: repo, MVMFORGE_MVM_FLAKE_URL: 'path:/elsewhere', MVMFORGE_MVMCTL: '/x/mvmctl', PATH: bin }),
      );
      expect(r.status).toBe(0);
      expect(r.stderr).toMatch(/ignoring MVMFORGE_MVMCTL/);
      expect(JSON.parse(r.stdout)).toEqual({
        mode: 'up',
        layout: 'pin',
        entry: WITH_SOURCE,
        env: { MVMFORGE_MVM_FLAKE_URL: 'path:/elsewhere', MVMFORGE_MVM_REPO: repo },
        commands: [[process.execPath, CLI, 'up', '--verbose', WITH_SOURCE, '--', '--hypervisor', 'apple-container', '--name', 'my vm']],
      });
    });
  });

  /**
   * A fake cargo that "builds" `mvmctl` (the Node script `mvmctlBody`) and reports it the way
   * `cargo build --message-format=json-render-diagnostics` does; it records its own argv.
   */
  function fakeCargo(cargoSeen: string, mvmctlBody: string): void {
    const mvmctl = writeNodeScript(join(root, 'built-mvmctl'), mvmctlBody);
    writeFakeCargo(join(bin, 'cargo'), cargoSeen, mvmctl);
  }
  const answerHelp = "if (process.argv.at(-1) === '--help') { console.log('      --flake <FLAKE>'); process.exit(0); }\n";

  test('up, for real: compiles, cargo builds mvmctl once, then it runs with the exact argv and env; mvmctl’s status is the recipe’s', async () => {
    const repo = fakeMvmRepo(root);
    const seen = join(root, 'mvmctl.json');
    const cargoSeen = join(root, 'cargo.jsonl');
    // The built mvmctl records what it was given and what the artifact looked like at that moment.
    fakeCargo(
      cargoSeen,
      `${answerHelp}const fs = require('node:fs');
const argv = process.argv.slice(2);
const flake = argv[argv.indexOf('--flake') + 1].replace(/^path:/, '');
fs.writeFileSync(${JSON.stringify(seen)}, JSON.stringify({
  argv,
  flakeUrl: process.env.MVMFORGE_MVM_FLAKE_URL,
  launch: JSON.parse(fs.readFileSync(flake + '/launch.json', 'utf8')),
  flakeNix: fs.readFileSync(flake + '/flake.nix', 'utf8'),
}));
process.stdout.write('hello from a bundled mvmforge workload\\n');
process.exit(9);`,
    );
    const r = await recipe(
      ['up', WITH_SOURCE, '--', '--hypervisor', 'qemu'],
      cleanEnv({ MVMFORGE_MVM_REPO: repo, PATH: `${bin}:${process.env.PATH}` }),
    );
    expect(r.status).toBe(9);
    expect(r.stdout).toBe('hello from a bundled mvmforge workload\n');
    // The boot-log header of §12.4 comes first on stderr.
    expect(r.stderr).toMatch(/^real-mvm: date: \d{4}-\d\d-\d\dT/);
    for (const field of ['host: ', 'mvm commit: ', 'mvm flake URL: git+file://', 'mvmforge: ', 'recipe: npm run real-mvm-up']) {
      expect(r.stderr).toContain(`real-mvm: ${field}`);
    }
    // §12.4 wants the backend and the exact command in the header.
    expect(r.stderr).toContain('real-mvm: backend: qemu\n');
    expect(r.stderr).toContain(`real-mvm: recipe: npm run real-mvm-up -- ${WITH_SOURCE} -- --hypervisor qemu\n`);
    // up's own line when mvmctl fails, after mvmctl's untouched output.
    expect(r.stderr).toContain('mvmforge up: mvmctl exited with status 9\n');
    expect(
      readFileSync(cargoSeen, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l)),
    ).toEqual([
      ['build', '--quiet', '--manifest-path', join(repo, 'Cargo.toml'), '--bin', 'mvmctl', '--message-format=json-render-diagnostics'],
    ]);
    const got = JSON.parse(readFileSync(seen, 'utf8'));
    const ref = got.argv[got.argv.indexOf('--flake') + 1] as string;
    expect(ref.startsWith('path:/')).toBe(true);
    expect(got.argv).toEqual(['up', '--flake', ref, '--hypervisor', 'qemu']);
    expect(got.flakeUrl).toBe(`git+file://${repo}?dir=nix/guest-lib`);
    expect(got.flakeNix).toContain(`git+file://${repo}?dir=nix/guest-lib`);
    expect(got.launch.workload_id).toBe('with-source');
    expect(existsSync(ref.slice('path:'.length))).toBe(false);
  });

  test('up against a checkout whose mvmctl speaks `machine run` (current mvm): detected, path: ref, no second build', async () => {
    const repo = fakeMvmRepo(root);
    const seen = join(root, 'mvmctl.jsonl');
    const cargoSeen = join(root, 'cargo.jsonl');
    fakeCargo(
      cargoSeen,
      `const fs = require('node:fs');
const argv = process.argv.slice(2);
fs.appendFileSync(${JSON.stringify(seen)}, JSON.stringify(argv) + '\\n');
if (argv[0] === 'up') { process.stderr.write("error: unrecognized subcommand 'up'\\n"); process.exit(2); }
if (argv.at(-1) === '--help') { console.log('      --flake <PATH>'); process.exit(0); }
process.exit(0);`,
    );
    const r = await recipe(['up', HELLO, '--', '--cpus', '2'], cleanEnv({ MVMFORGE_MVM_REPO: repo, PATH: `${bin}:${process.env.PATH}` }));
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('mvmforge: mvmctl CLI: machine run --flake (detected from its --help)');
    expect(readFileSync(cargoSeen, 'utf8').trim().split('\n')).toHaveLength(1);
    const calls = readFileSync(seen, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as string[]);
    expect(calls.map((a) => a.slice(0, 2).join(' '))).toEqual(['up --help', 'machine run', '--version', 'machine run']);
    const run = calls.at(-1) as string[];
    expect(run.slice(0, 3)).toEqual(['machine', 'run', '--flake']);
    expect(run[3]).toMatch(/^path:\//);
    expect(run.slice(4)).toEqual(['--cpus', '2']);
  });

  test('up: MVMFORGE_UP_ARGS reaches mvmctl; the header names the backend from it, and says when none was chosen', async () => {
    const repo = fakeMvmRepo(root);
    const seen = join(root, 'mvmctl.json');
    fakeCargo(
      join(root, 'cargo.jsonl'),
      `${answerHelp}require('node:fs').writeFileSync(${JSON.stringify(seen)}, JSON.stringify(process.argv.slice(2)));`,
    );
    const env = (extra: Record<string, string>) => cleanEnv({ MVMFORGE_MVM_REPO: repo, PATH: `${bin}:${process.env.PATH}`, ...extra });
    const withEnvArgs = await recipe(
      ['up', HELLO, '--out', join(root, 'a')],
      env({ MVMFORGE_UP_ARGS: `--name 'my vm' --hypervisor apple-container` }),
    );
    expect(withEnvArgs.status).toBe(0);
    expect(withEnvArgs.stderr).toContain('real-mvm: backend: apple-container\n');
    expect(JSON.parse(readFileSync(seen, 'utf8')).slice(-4)).toEqual(['--name', 'my vm', '--hypervisor', 'apple-container']);
    const without = await recipe(['up', HELLO, '--out', join(root, 'b')], env({}));
    expect(without.status).toBe(0);
    expect(without.stderr).toContain("real-mvm: backend: (mvmctl's default)\n");
  });

  describeWithNix('check, for real, against stand-in checkouts of both layouts (git+file:// refs, real Nix)', () => {
    test.each([
      ['pin', 'guest-lib-stub', 'nix/guest-lib'],
      ['current', 'mvm-entrypoint-stub', 'nix'],
    ] as const)('%s layout: compiles hello-app into --out and real Nix checks it against the checkout', async (layout, stub, dir) => {
      const stubs = await makeStubFlakes();
      try {
        const flake = readFileSync(join(stubs.dir, stub, 'flake.nix'), 'utf8');
        const repo = fakeMvmRepo(root, flake, layout);
        const out = join(root, 'artifact');
        const r = await recipe(['check', '--out', out], cleanEnv({ MVMFORGE_MVM_REPO: repo }));
        expect(r.stderr).not.toMatch(/\bE_[A-Z_]+/);
        expect(r.status).toBe(0);
        expect(readdirSync(out).sort()).toEqual(['flake.nix', 'launch.json', 'src']);
        expect(readFileSync(join(out, 'flake.nix'), 'utf8')).toContain(`inputs.mvm.url = "git+file://${repo}?dir=${dir}";`);
        expect(r.stderr).toContain(layout === 'pin' ? 'a checkout of the pin 4c6362e' : 'a current mvm clone');
      } finally {
        await stubs.cleanup();
      }
    });
  });
});

/**
 * fixtures/real-mvm-boot-log.md (§12.4): either it says plainly that no boot is recorded and holds
 * only placeholders, or it holds a real capture with every header field filled in. Anything in
 * between (a status that claims a boot without a log, or a log under the "unproven" banner) fails.
 */
describe('fixtures/real-mvm-boot-log.md', () => {
  const text = readFileSync(join(REPO_ROOT, 'fixtures/real-mvm-boot-log.md'), 'utf8');
  const recorded = text.slice(text.indexOf('\n## Recorded boot\n'));
  const FIELDS = ['Date', 'Host OS and architecture', 'Backend', 'mvm commit', 'mvm flake URL', 'mvmforge version', 'Exact command'];
  const fieldValue = (name: string): string | undefined => new RegExp(`^\\s*- ${name}: (.*)$`, 'm').exec(recorded)?.[1];

  test('has a "Recorded boot" section', () => {
    expect(text).toContain('\n## Recorded boot\n');
  });

  test('status, section and fields agree: placeholders only until a real boot is pasted in', () => {
    const unproven = /no real boot has been recorded yet/.test(text);
    if (unproven) {
      expect(recorded).toMatch(/^\n## Recorded boot\n\nNone yet\./);
      expect(text).toMatch(/unproven/);
      for (const f of FIELDS) expect(fieldValue(f)).toMatch(/^<.*>$/);
      expect(recorded).toContain('<the full contents of mvm-boot.log>');
    } else {
      for (const f of FIELDS) {
        const v = fieldValue(f);
        expect(v).toBeDefined();
        expect(v).not.toMatch(/<[^>]*>/);
      }
      expect(recorded).not.toContain('<the full contents of mvm-boot.log>');
      expect(recorded).toMatch(/```text\n[\s\S]*\S[\s\S]*```/);
      expect(recorded).toMatch(/Notes:/);
    }
  });
});
