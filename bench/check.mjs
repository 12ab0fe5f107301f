#!/usr/bin/env node
// `mvmforge check` through the CLI as a user runs it vs a bare `nix flake check` of the same
// artifact (same flags: flakes on, --no-write-lock-file), alternating pairs. The artifacts are
// compiled by the CLI against the stand-in guest-lib of fixtures/nix (MVMFORGE_MVM_FLAKE_URL, as
// the tests do; no network, no real nixpkgs): hello-app (2 files), and a generated tree of 1k
// files / 10 MB (quick: 100 files / 1 MB). Goal (issue 12): ≤ 1.3× for each. Each also prints its
// Node floor: a node process that only runs the same bare check (without NODE_EXTRA_CA_CERTS, as
// the launcher starts node: harness.floorEnv).
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import harness from './lib/harness.js';
import { CLI, REPO, standalone, writeTree } from './lib/common.mjs';

const { measurePairs, pairLines, goalFrom, timeCommand, cleanEnv, realPython, launcherArgs, floorEnv } = harness;

const bigSize = (config) => (config.quick ? { files: 100, bytes: 1024 * 1024 } : { files: 1000, bytes: 10 * 1024 * 1024 });
const LABELS = (config) => ['hello-app (2 files)', `${bigSize(config).files} files / ${bigSize(config).bytes / 1024 / 1024} MB`];

/** The goals this bench measures, in order (the runner lists them as not measured if the bench breaks). */
export const goalSpecs = (config) => LABELS(config).map((label) => ({ name: `check ${label} vs nix flake check`, limit: 1.3 }));
const NIX_FLAGS = ['--extra-experimental-features', 'nix-command flakes', '--no-write-lock-file'];

/** The two stand-in flakes of fixtures/nix in `dir`, the guest-lib's nixpkgs input made absolute (as fixtures/nix/harness.ts does). */
function stubFlakes(dir) {
  const nixpkgs = join(dir, 'nixpkgs-stub');
  const guestLib = join(dir, 'guest-lib-stub');
  mkdirSync(nixpkgs, { recursive: true });
  mkdirSync(guestLib, { recursive: true });
  writeFileSync(join(nixpkgs, 'flake.nix'), readFileSync(join(REPO, 'fixtures/nix/nixpkgs-stub/flake.nix')));
  const text = readFileSync(join(REPO, 'fixtures/nix/guest-lib-stub/flake.nix'), 'utf8');
  if (!text.includes('"path:@NIXPKGS@"')) throw new Error('fixtures/nix/guest-lib-stub lost its @NIXPKGS@ placeholder');
  writeFileSync(join(guestLib, 'flake.nix'), text.split('@NIXPKGS@').join(nixpkgs));
  return `path:${guestLib}`;
}

/** A workload of `files` generated Python files (`bytes` in all) next to its app.py. */
function generatedWorkload(dir, files, bytes) {
  const per = Math.floor(bytes / files);
  const tree = {
    'app.py': [
      'import mvmforge as mv',
      'mv.workload("bench-check")',
      'mv.app(image=mv.python_image("3.12"), source=mv.local_path(".", include=["pkg/**"]), entrypoint=mv.entrypoint(["python", "-m", "pkg"]))',
      '',
    ].join('\n'),
  };
  for (let i = 0; i < files; i++) {
    const line = `# ${i}\n`;
    tree[`pkg/d${String(Math.floor(i / 100)).padStart(3, '0')}/m${String(i).padStart(5, '0')}.py`] = line.repeat(
      Math.max(1, Math.floor(per / line.length)),
    );
  }
  writeTree(dir, tree);
  mkdirSync(join(dir, '.git'), { recursive: true });
  return join(dir, 'app.py');
}

export async function run(config) {
  const work = realpathSync(mkdtempSync(join(tmpdir(), 'mvmforge-bench-check-')));
  const goals = [];
  try {
    const python = realPython();
    const env = cleanEnv({ MVMFORGE_PYTHON: python, MVMFORGE_MVM_FLAKE_URL: stubFlakes(join(work, 'stubs')) });
    const big = bigSize(config);
    const [small, large] = LABELS(config);
    const specs = goalSpecs(config);
    const cases = [
      { label: small, entry: join(REPO, 'corpus/hello-app/app.py'), spec: specs[0] },
      { label: large, entry: generatedWorkload(join(work, 'gen'), big.files, big.bytes), spec: specs[1] },
    ];
    for (const c of cases) {
      const artifact = join(work, 'artifact');
      rmSync(artifact, { recursive: true, force: true });
      timeCommand(CLI, ['compile', c.entry, '--out', artifact], { env, what: `mvmforge compile ${c.entry}` });
      const bare = ['flake', 'check', ...NIX_FLAGS, `path:${artifact}`];
      const bareCheck = () => timeCommand('nix', bare, { env, what: 'nix flake check' }).ms;
      const stats = await measurePairs({
        pairs: config.pairs,
        a: bareCheck,
        b: () => timeCommand(CLI, ['check', artifact], { env, what: 'mvmforge check' }).ms,
      });
      for (const line of pairLines(`check ${c.label}`, { a: 'nix flake check', b: 'mvmforge check (CLI)' }, stats)) console.log(line);
      // The floor: a Node process that only runs that same bare check. No Node CLI can go below it.
      const floor = await measurePairs({
        pairs: config.pairs,
        a: bareCheck,
        b: () => timeCommand(process.execPath, launcherArgs('nix', bare), { env: floorEnv(env), what: 'node running nix flake check' }).ms,
      });
      for (const line of pairLines('floor', { a: 'nix flake check', b: 'node running nix flake check' }, floor)) console.log(line);
      goals.push(goalFrom(c.spec, stats.ratio.median, { floor: floor.ratio.median }));
    }
    return goals;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

await standalone(import.meta.url, run);
