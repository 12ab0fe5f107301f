/**
 * Contract tests against every upstream mvm era's stand-in (fixtures/nix/*-stub, each naming the
 * upstream path@commit it mirrors): every corpus workload is compiled through the real pipeline
 * and evaluated by real Nix — `nix flake check` (with mvmctl's checkout overrides for that era)
 * and `mvmforge check` (the built CLI) — and the artifact bytes are the same whichever mvm
 * evaluates them, apart from the spliced URL.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI_BIN } from '../../../fixtures/test-support/cli';
import { describeWithNix } from '../../../fixtures/test-support/requirements';
import { type MvmEra, mvmEras, nixEval, runNix, useStubFlakes } from '../../../fixtures/nix/harness';
import { compileEntry, corpusEntries } from '../../../fixtures/nix/compile';

const SYSTEM = process.arch === 'arm64' ? 'aarch64-linux' : 'x86_64-linux';

function mvmforgeCheck(dir: string) {
  return spawnSync(process.execPath, [CLI_BIN, 'check', dir, '--json'], { encoding: 'utf8', env: { ...process.env, MVMFORGE_DEBUG: '' } });
}

function evalJson(ref: string, nixArgs: string[]): unknown {
  const r = nixEval(['--json', ...nixArgs, ref]);
  if (r.status !== 0) throw new Error(`nix eval ${ref} failed:\n${r.stderr}`);
  return JSON.parse(r.stdout);
}

describeWithNix('every corpus workload against every mvm era (real Nix, stand-in mvm)', () => {
  const suite = useStubFlakes('mvmforge-nix-eras-');
  let eras: MvmEra[];
  const corpus = corpusEntries();
  // The era list is static; the URLs are filled in once the stand-ins exist.
  const ERA_NAMES = [
    'pin 4c6362e services-era guest-lib',
    'c022a74 parent flake',
    'c022a74 checkout override',
    '5a4fba9 per-language factories',
    'entrypoint era with mkFunctionService',
  ];

  beforeAll(async () => {
    eras = mvmEras(suite.stubs);
  });

  test('the era list is the one these tests are named after', () => {
    expect(eras.map((e) => e.name)).toEqual(ERA_NAMES);
    expect(corpus.map((c) => c.name)).toEqual(expect.arrayContaining(['hello-app', 'with-source', 'function-app']));
  });

  const cases = ERA_NAMES.flatMap((era, i) => corpusEntries().map((c) => [era, c.name, c.entry, i] as const));
  test.each(cases)('%s: %s', async (_eraName, name, entry, i) => {
    const era = eras[i];
    const out = join(suite.work, `${i}-${name}`);
    const compiled = await compileEntry(entry, out, era.url);
    const launch = JSON.parse(readFileSync(join(out, 'launch.json'), 'utf8'));
    const isFunction = launch.entrypoint.kind === 'function';
    const ref = `path:${out}`;
    const flakeCheck = runNix(['flake', 'check'], [...era.nixArgs, ref]);

    // mvmforge check takes no override flags: it checks an artifact whose mvm input has the shape.
    const checkOut = join(suite.work, `${i}-${name}-check`);
    await compileEntry(entry, checkOut, era.checkUrl);
    const check = mvmforgeCheck(checkOut);

    if (isFunction && !era.functions) {
      expect(flakeCheck.status).not.toBe(0);
      expect(flakeCheck.stderr).toContain(
        'function workloads need mvm 5a4fba9 (2026-05-06) or later: point MVMFORGE_MVM_FLAKE_URL at such a revision',
      );
      expect(check.status).toBe(1);
      expect(JSON.parse(check.stdout).errors[0]).toMatchObject({ code: 'E_FLAKE_CHECK_FAILED' });
      expect(JSON.parse(check.stdout).errors[0].detail).toContain('function workloads need mvm 5a4fba9');
    } else {
      expect(flakeCheck.stderr).not.toMatch(/^error/m);
      expect(flakeCheck.status).toBe(0);
      expect(check.stderr).toBe('');
      expect(check.status).toBe(0);
      const doc = JSON.parse(check.stdout);
      expect(doc).toMatchObject({ ok: true, system: SYSTEM, workload_id: compiled.workloadId, ir_hash: compiled.irHash });

      const args = evalJson(`${ref}#packages.${SYSTEM}.default.mvmGuestArgs`, era.nixArgs) as Record<string, any>;
      expect(args.name).toBe(compiled.workloadId);
      if (era.generation === 'entrypoint') {
        // nix/lib/mk-guest.nix@055a9572: no hostname, no services, PID 1 as root.
        expect(Object.keys(args).sort()).toEqual(
          isFunction ? ['bootCommand', 'entrypoint', 'extraFiles', 'name', 'packages', 'uids'] : ['entrypoint', 'name', 'packages', 'uids'],
        );
        expect(args.uids).toEqual({ entrypoint: 0 });
        expect(args.entrypoint.command).toHaveLength(1);
        if (isFunction) expect(args.bootCommand).toEqual(args.entrypoint.command);
      } else {
        expect(args.hostname).toBe(compiled.workloadId);
        expect(Object.keys(args.services)).toEqual([compiled.workloadId]);
        if (era.nixArgs.length > 0) {
          // Through nix/dev's wrapper: variant "dev" needs verifiedBoot = false (20f776e).
          expect(args).toMatchObject({ variant: 'dev', verifiedBoot: false });
        } else {
          expect(args).not.toHaveProperty('verifiedBoot');
        }
      }
      expect(evalJson(`${ref}#mvmforge.workload`, era.nixArgs)).toEqual(launch);
    }
    expect(existsSync(join(out, 'flake.lock'))).toBe(false);
  });

  test('the artifact bytes do not depend on the mvm that evaluates it (only the spliced URL differs)', async () => {
    const entry = corpus.find((c) => c.name === 'with-source')!.entry;
    const texts = await Promise.all(
      eras.map(async (era, i) => {
        const out = join(suite.work, `bytes-${i}`);
        await compileEntry(entry, out, era.url);
        return readFileSync(join(out, 'flake.nix'), 'utf8').split(era.url).join('@URL@') + readFileSync(join(out, 'launch.json'), 'utf8');
      }),
    );
    for (const t of texts) expect(t).toBe(texts[0]);
  });

  test('the pre-change template shape (inputs.nixpkgs.follows = "mvm/nixpkgs") does not lock under the nix/dev override: the regression this guards', async () => {
    const out = join(suite.work, 'follows');
    await compileEntry(corpus.find((c) => c.name === 'hello-app')!.entry, out, suite.stubs.guestLibUrl);
    const p = join(out, 'flake.nix');
    const text = readFileSync(p, 'utf8');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(p, text.replace('  inputs.mvm.url =', '  inputs.nixpkgs.follows = "mvm/nixpkgs";\n  inputs.mvm.url ='));
    const r = runNix(['flake', 'check'], [...suite.stubs.checkoutOverrideArgs, `path:${out}`]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('follows a non-existent input');
  });

  test('nix/dev without verifiedBoot = false trips the 20f776e assertion in the stand-in', () => {
    const probe = join(suite.work, 'probe-dev');
    const { writeProbeFlake } = require('../../../fixtures/nix/harness');
    const ref = writeProbeFlake(probe, suite.stubs.c022a74DevUrl, `{ r = (mvm.lib.x86_64-linux.mkGuest { name = "x"; }).name; }`);
    const r = nixEval(['--raw', `${ref}#r`]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('variant="dev" cannot compose with verifiedBoot=true');
  });
});
