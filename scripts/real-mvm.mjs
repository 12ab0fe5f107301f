#!/usr/bin/env node
// The real-mvm recipes of artifact-v1 §12: prove an artifact against a local mvm checkout.
//
//   npm run real-mvm-check -- [ENTRY] [--out DIR] [--dry-run]
//       compile ENTRY (default corpus/hello-app/app.py) into DIR (default dist/real-mvm/<name>), then
//       `mvmforge check` it with real Nix against the checkout's mvm flake. No VM boot; needs nix.
//   npm run real-mvm-up -- [ENTRY] [--out DIR] [--dry-run] [-- MVMCTL ARGS…]
//       `mvmforge up --verbose ENTRY [--out DIR] -- MVMCTL ARGS…`: compile, then mvmctl from the checkout
//       (`cargo run --manifest-path $MVMFORGE_MVM_REPO/Cargo.toml --bin mvmctl -- up --flake …`).
//       Needs cargo.
//
// Both need MVMFORGE_MVM_REPO (an mvm git checkout) and the built CLI (`npm run build`); ENTRY
// defaults to corpus/hello-app/app.py. The recipe detects the checkout's layout: a current clone
// has the parent flake nix/flake.nix (nix/guest-lib was deleted by 5a478a4, 2026-04-30), a checkout
// of the pin 4c6362e has nix/guest-lib/flake.nix. Unless MVMFORGE_MVM_FLAKE_URL is already set, it
// is pointed at git+file://$MVMFORGE_MVM_REPO?dir=nix (current) or ?dir=nix/guest-lib (pin):
// git+file keeps the whole repository in the source, so the pinned guest-lib's `mvmSrc = ./../..`
// resolves under pure evaluation (a path:…/nix/guest-lib ref breaks it, and Nix 2.8 has no
// path:…?dir=). (artifact-v1 §12 lets real-mvm-check run against the pinned
// flake without a checkout; the product recipe proves the artifact against the local mvm, so both
// require it — a recorded decision.)
// `--dry-run` prints the plan (environment and argv, one JSON document) instead of running it.
// Before running, a header for fixtures/real-mvm-boot-log.md (§12.4) is printed on stderr.
//
// Exit status: the failing step's status (mvmctl's for `up`), 1 for a missing prerequisite, 2 for
// usage errors. Subprocesses are spawned without a shell, with argv arrays.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { arch, constants as osConstants, platform, release } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(ROOT, 'apps/cli/bin/mvmforge.js');
const DEFAULT_ENTRY = 'corpus/hello-app/app.py';
const USAGE =
  'usage: node scripts/real-mvm.mjs check [ENTRY] [--out DIR] [--dry-run]\n' +
  '       node scripts/real-mvm.mjs up [ENTRY] [--out DIR] [--dry-run] [-- MVMCTL ARGS...]\n' +
  `  (npm run real-mvm-check -- [ENTRY]; npm run real-mvm-up -- [ENTRY] [-- MVMCTL ARGS...]; ENTRY defaults to ${DEFAULT_ENTRY})`;

class RecipeError extends Error {
  constructor(message, status = 1) {
    super(message);
    this.status = status;
  }
}

function parseArgs(argv) {
  const [mode, ...rest] = argv;
  if (mode !== 'check' && mode !== 'up') throw new RecipeError(`expected "check" or "up", got ${JSON.stringify(mode ?? '')}\n${USAGE}`, 2);
  const sep = rest.indexOf('--');
  const own = sep < 0 ? rest : rest.slice(0, sep);
  const mvmctlArgs = sep < 0 ? [] : rest.slice(sep + 1);
  let dryRun = false;
  let out;
  const positional = [];
  for (let i = 0; i < own.length; i += 1) {
    if (own[i] === '--dry-run') dryRun = true;
    else if (own[i] === '--out') {
      if (i + 1 >= own.length) throw new RecipeError(`--out needs a directory\n${USAGE}`, 2);
      out = own[(i += 1)];
    } else positional.push(own[i]);
  }
  const unknown = positional.filter((a) => a.startsWith('-'));
  if (unknown.length > 0) throw new RecipeError(`unknown option ${unknown[0]}\n${USAGE}`, 2);
  if (positional.length > 1) throw new RecipeError(`expected at most one ENTRY, got ${positional.length}\n${USAGE}`, 2);
  if (mode === 'check' && mvmctlArgs.length > 0) throw new RecipeError(`check takes no mvmctl arguments\n${USAGE}`, 2);
  return { mode, entryArg: positional[0], mvmctlArgs, dryRun, out, given: rest };
}

function isDir(p) {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function isFile(p) {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/** PATH lookup shared with the CLI (@mvmforge/process); loaded once the build is known to exist. */
function findOnPath(name, pathValue) {
  const require = createRequire(import.meta.url);
  return require(join(ROOT, 'libs/process/dist/index.js')).findOnPath(name, pathValue);
}

/** MVMFORGE_UP_ARGS splitting and quoting shared with `up` (@mvmforge/up); needs the build too. */
function upLib() {
  const require = createRequire(import.meta.url);
  return require(join(ROOT, 'libs/up/dist/index.js'));
}

/** The entry, relative to where the user ran npm (INIT_CWD), else to the repository root. */
function resolveEntry(entryArg, env) {
  const entry = entryArg === undefined ? join(ROOT, DEFAULT_ENTRY) : resolve(env.INIT_CWD || process.cwd(), entryArg);
  if (!existsSync(entry)) throw new RecipeError(`entry ${entry} does not exist`);
  return entry;
}

/** The two checkout layouts the recipes understand, newest first. */
const LAYOUTS = [
  { name: 'current', dir: 'nix', flake: 'nix/flake.nix', what: 'a current mvm clone (parent flake nix/flake.nix)' },
  { name: 'pin', dir: 'nix/guest-lib', flake: 'nix/guest-lib/flake.nix', what: 'a checkout of the pin 4c6362e (nix/guest-lib)' },
];

function checkMvmRepo(env) {
  const repo = env.MVMFORGE_MVM_REPO;
  if (!repo) {
    throw new RecipeError(
      'MVMFORGE_MVM_REPO is not set. Point it at a local mvm git checkout: ' +
        'git clone https://github.com/tinylabscom/mvm && export MVMFORGE_MVM_REPO=$PWD/mvm ' +
        '(a current clone uses nix/flake.nix; `git -C mvm checkout 4c6362ea1732e50f77a65aa49e9ce8d005d2210f` for the pinned guest-lib)',
    );
  }
  const given = resolve(env.INIT_CWD || process.cwd(), repo);
  if (!isDir(given)) throw new RecipeError(`MVMFORGE_MVM_REPO=${repo} is not a directory`);
  // Canonical, because Nix resolves git+file:// paths literally and git reports the canonical top.
  const dir = realpathSync(given);
  // The pin layout wins if both exist (the pin has no nix/flake.nix; 5a478a4 deleted nix/guest-lib).
  const layout = [...LAYOUTS].reverse().find((l) => isFile(join(dir, l.flake)));
  const missing = [
    ...(isFile(join(dir, 'Cargo.toml')) ? [] : ['Cargo.toml']),
    ...(layout ? [] : ['nix/flake.nix', 'nix/guest-lib/flake.nix']),
  ];
  if (missing.length > 0) {
    throw new RecipeError(`MVMFORGE_MVM_REPO=${repo} is not an mvm checkout: it has no ${missing.join(' and no ')}`);
  }
  // `.git` is a directory in a clone and a file in a worktree; either makes git+file:// work.
  if (!existsSync(join(dir, '.git'))) {
    throw new RecipeError(
      `MVMFORGE_MVM_REPO=${repo} is not the top of a git checkout; the recipes hand Nix git+file://${dir}?dir=${layout.dir}, which needs one (git clone https://github.com/tinylabscom/mvm)`,
    );
  }
  return { dir, layout };
}

function mvmCommit(repo) {
  const r = spawnSync('git', ['-C', repo, 'rev-parse', 'HEAD'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : '(unknown: git rev-parse failed)';
}

function toolchainVersion() {
  return JSON.parse(readFileSync(join(ROOT, 'libs/ir/package.json'), 'utf8')).version;
}

/** Builds everything the recipe will do, checking prerequisites on the way. */
function plan(options, env) {
  const { dir: repo, layout } = checkMvmRepo(env);
  const entry = resolveEntry(options.entryArg, env);
  if (!isFile(join(ROOT, 'apps/cli/dist/main.js'))) {
    throw new RecipeError('the mvmforge CLI is not built; run `npm run build` at the repository root first');
  }
  const childEnv = { ...env };
  if (!childEnv.MVMFORGE_MVM_FLAKE_URL) childEnv.MVMFORGE_MVM_FLAKE_URL = `git+file://${repo}?dir=${layout.dir}`;
  const notes = [];
  const node = process.execPath;

  if (options.mode === 'check') {
    if (!findOnPath('nix', env.PATH)) {
      throw new RecipeError(
        'nix is not on PATH. real-mvm-check evaluates the flake with native Nix (>= 2.8, flakes enabled); ' +
          'install it (https://nixos.org/download) and retry. See docs: artifact-v1 §10.3 for an offline Debian setup.',
      );
    }
    const out =
      options.out !== undefined
        ? resolve(env.INIT_CWD || process.cwd(), options.out)
        : join(ROOT, 'dist/real-mvm', basename(dirname(entry)));
    return {
      repo,
      layout,
      entry,
      env: childEnv,
      notes,
      commands: [
        [node, CLI, 'compile', entry, '--out', out],
        [node, CLI, 'check', out],
      ],
    };
  }

  // up: mvmctl always comes from the checkout (§12), so an MVMFORGE_MVMCTL would only get in the way.
  if (childEnv.MVMFORGE_MVMCTL) {
    notes.push(`ignoring MVMFORGE_MVMCTL=${childEnv.MVMFORGE_MVMCTL}: real-mvm-up runs mvmctl from MVMFORGE_MVM_REPO with cargo`);
    delete childEnv.MVMFORGE_MVMCTL;
  }
  childEnv.MVMFORGE_MVM_REPO = repo;
  if (!findOnPath('cargo', env.PATH)) {
    throw new RecipeError(
      'cargo is not on PATH; real-mvm-up runs mvmctl with `cargo run` from MVMFORGE_MVM_REPO (install Rust, e.g. rustup)',
    );
  }
  const upArgv = [node, CLI, 'up', '--verbose', entry];
  // Without --out, up compiles into a temporary directory that it removes afterwards.
  if (options.out !== undefined) upArgv.push('--out', resolve(env.INIT_CWD || process.cwd(), options.out));
  if (options.mvmctlArgs.length > 0) upArgv.push('--', ...options.mvmctlArgs);
  return { repo, layout, entry, env: childEnv, notes, commands: [upArgv] };
}

/**
 * The `--hypervisor` values mvmctl will get (MVMFORGE_UP_ARGS words, then the args after `--`),
 * for the backend field of the §12.4 header.
 */
function backendOf(env, mvmctlArgs) {
  let words;
  try {
    words = [...upLib().splitUpArgs(env.MVMFORGE_UP_ARGS ?? ''), ...mvmctlArgs];
  } catch {
    return '(unknown: MVMFORGE_UP_ARGS is malformed)';
  }
  const values = [];
  for (let i = 0; i < words.length; i += 1) {
    if (words[i] === '--hypervisor' && i + 1 < words.length) values.push(words[(i += 1)]);
    else if (words[i].startsWith('--hypervisor=')) values.push(words[i].slice('--hypervisor='.length));
  }
  return values.length > 0 ? values.join(', ') : "(mvmctl's default)";
}

/** The §12.4 header fields, printed before running so they land at the top of a captured log. */
function header(p, options) {
  const mode = options.mode;
  // The recipe as it was given (quoted so it can be pasted back), not a reconstruction.
  const cmd = ['npm', 'run', `real-mvm-${mode}`, '--', ...options.given.map((a) => upLib().quoteUpArg(a))];
  return [
    `date: ${new Date().toISOString()}`,
    `host: ${platform()} ${release()} ${arch()}`,
    ...(mode === 'up' ? [`backend: ${backendOf(p.env, options.mvmctlArgs)}`] : []),
    `mvm commit: ${mvmCommit(p.repo)} (${p.repo}: ${p.layout.what})`,
    `mvm flake URL: ${p.env.MVMFORGE_MVM_FLAKE_URL || '(the pinned default)'}`,
    `mvmforge: ${toolchainVersion()}`,
    `MVMFORGE_UP_ARGS: ${p.env.MVMFORGE_UP_ARGS ?? '(unset)'}`,
    `recipe: ${cmd.join(' ')}`,
    ...p.commands.map((c) => `runs: ${JSON.stringify(c.slice(1))}`),
  ];
}

/** Runs one step; SIGINT/SIGTERM are forwarded and the recipe waits for the step to finish. */
function runStep(argv, env) {
  return new Promise((resolvePromise) => {
    const child = spawn(argv[0], argv.slice(1), { stdio: 'inherit', env, cwd: ROOT });
    const forward = (signal) => child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    const done = (status) => {
      process.removeListener('SIGINT', forward);
      process.removeListener('SIGTERM', forward);
      resolvePromise(status);
    };
    child.once('error', (err) => {
      process.stderr.write(`real-mvm: could not start ${argv[0]}: ${err.message}\n`);
      done(1);
    });
    child.once('exit', (code, signal) => done(code ?? 128 + (osConstants.signals[signal] ?? 0)));
  });
}

async function main(argv, env) {
  const options = parseArgs(argv);
  const p = plan(options, env);
  for (const note of p.notes) process.stderr.write(`real-mvm: note: ${note}\n`);
  if (options.dryRun) {
    const shownEnv = Object.fromEntries(
      ['MVMFORGE_MVM_FLAKE_URL', 'MVMFORGE_MVM_REPO', 'MVMFORGE_MVMCTL', 'MVMFORGE_UP_ARGS']
        .filter((k) => p.env[k] !== undefined)
        .map((k) => [k, p.env[k]]),
    );
    process.stdout.write(
      `${JSON.stringify({ mode: options.mode, layout: p.layout.name, entry: p.entry, env: shownEnv, commands: p.commands }, null, 2)}\n`,
    );
    return 0;
  }
  for (const line of header(p, options)) process.stderr.write(`real-mvm: ${line}\n`);
  for (const step of p.commands) {
    const status = await runStep(step, p.env);
    if (status !== 0) {
      process.stderr.write(`real-mvm: step ${JSON.stringify(step.slice(2))} exited ${status}\n`);
      return status;
    }
  }
  return 0;
}

main(process.argv.slice(2), process.env).then(
  (status) => {
    process.exitCode = status;
  },
  (err) => {
    if (err instanceof RecipeError) {
      process.stderr.write(`real-mvm: ${err.message}\n`);
      process.exitCode = err.status;
      return;
    }
    process.stderr.write(`real-mvm: internal error: ${err?.message ?? err}\n`);
    process.exitCode = 1;
  },
);
