/**
 * Every corpus workload, compiled through the real pipeline against the stand-in guest-lib, then
 * evaluated by real Nix: `nix flake check`, the guest name, `mvmforge check` (the built CLI), and
 * no flake.lock. Function workloads must fail with the template's no-factory throw naming 5a4fba9
 * (the pin has no factory; nix-eras.test.ts covers the eras that have one).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CLI_BIN } from '../../../fixtures/test-support/cli';
import { describeWithNix } from '../../../fixtures/test-support/requirements';
import { nixEvalJson, nixEvalRaw, runNix, useStubFlakes } from '../../../fixtures/nix/harness';
import { compileEntry, corpusEntries, REPO_ROOT } from '../../../fixtures/nix/compile';

const CLI = CLI_BIN;

function snapshot(dir: string, rel = ''): string[] {
  return readdirSync(join(dir, rel), { withFileTypes: true }).flatMap((e) => {
    const r = rel ? `${rel}/${e.name}` : e.name;
    return e.isDirectory() ? [`${r}/`, ...snapshot(dir, r)] : [`${r} ${readFileSync(join(dir, r)).toString('base64')}`];
  });
}

function mvmforgeCheck(dir: string, extra: string[] = []) {
  return spawnSync(process.execPath, [CLI, 'check', dir, ...extra], { encoding: 'utf8', env: { ...process.env, MVMFORGE_DEBUG: '' } });
}

describeWithNix('corpus workloads compiled against the stand-in guest-lib and checked with real Nix', () => {
  const suite = useStubFlakes('mvmforge-nix-corpus-');
  const corpus = corpusEntries();

  test('the corpus has the workloads the spec names', () => {
    expect(corpus.map((c) => c.name)).toEqual(expect.arrayContaining(['hello-app', 'with-source', 'function-app']));
  });

  test.each(corpusEntries().map((c) => [c.name, c.entry]))('%s', async (name, entry) => {
    const out = join(suite.work, name);
    const compiled = await compileEntry(entry, out, suite.stubs.guestLibUrl);
    const launch = JSON.parse(readFileSync(join(out, 'launch.json'), 'utf8'));
    expect(readFileSync(join(out, 'flake.nix'), 'utf8')).toContain(`inputs.mvm.url = "${suite.stubs.guestLibUrl}";`);
    const before = snapshot(out);
    const ref = `path:${out}`;
    const flakeCheck = runNix(['flake', 'check'], [ref]);
    const check = mvmforgeCheck(out, ['--json']);

    if (launch.entrypoint.kind === 'function') {
      expect(flakeCheck.status).not.toBe(0);
      expect(flakeCheck.stderr).toContain('this mvm revision provides no function factory');
      expect(flakeCheck.stderr).toMatch(
        /mk(Python|Node|Wasm)FunctionService\); function workloads need mvm 5a4fba9 \(2026-05-06\) or later: point MVMFORGE_MVM_FLAKE_URL at such a revision/,
      );
      expect(check.status).toBe(1);
      const doc = JSON.parse(check.stdout);
      expect(doc.ok).toBe(false);
      expect(doc.errors[0].code).toBe('E_FLAKE_CHECK_FAILED');
      expect(doc.errors[0].detail).toContain('function workloads need mvm 5a4fba9');
    } else {
      expect(flakeCheck.stderr).not.toMatch(/^error/m);
      expect(flakeCheck.status).toBe(0);
      expect(nixEvalRaw(`${ref}#packages.x86_64-linux.default.name`)).toBe(`mvm-${compiled.workloadId}`);
      expect(nixEvalJson(`${ref}#mvmforge.workload`)).toEqual(launch);
      expect(check.stderr).toBe('');
      expect(check.status).toBe(0);
      expect(JSON.parse(check.stdout)).toEqual({
        ok: true,
        name: `mvm-${compiled.workloadId}`,
        system: process.arch === 'arm64' ? 'aarch64-linux' : 'x86_64-linux',
        workload_id: compiled.workloadId,
        ir_hash: compiled.irHash,
      });
    }
    expect(existsSync(join(out, 'flake.lock'))).toBe(false);
    expect(snapshot(out)).toEqual(before);
  });

  test('with-source: the guest is mvm-with-source and the service command is exactly the hello line', async () => {
    const out = join(suite.work, 'with-source-again');
    await compileEntry(join(REPO_ROOT, 'corpus/with-source/app.py'), out, suite.stubs.guestLibUrl);
    expect(nixEvalRaw(`path:${out}#packages.x86_64-linux.default.name`)).toBe('mvm-with-source');
    expect(nixEvalRaw(`path:${out}#packages.x86_64-linux.default.mvmGuestArgs.services.with-source.command`)).toBe(
      'cd /app && exec python -m hello',
    );
    const human = mvmforgeCheck(out);
    expect(human.status).toBe(0);
    expect(human.stdout).toBe(`ok: ${out} evaluates with Nix (x86_64-linux): mvm-with-source\n`);
  });

  test('mvmforge check usage errors exit 2', () => {
    const r = mvmforgeCheck(join(suite.work, 'whatever'), ['--system', 'mips-linux']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("unsupported system 'mips-linux'");
    expect(mvmforgeCheck('').status).not.toBe(0);
    const missing = spawnSync(process.execPath, [CLI, 'check'], { encoding: 'utf8' });
    expect(missing.status).toBe(2);
  });

  test('mvmforge check on a non-artifact prints the JSON error document and exits 1', () => {
    const r = mvmforgeCheck(join(suite.work, 'no-such-dir'), ['--json']);
    expect(r.status).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc).toEqual({ ok: false, errors: [expect.objectContaining({ code: 'E_ARTIFACT_INVALID', path: '' })] });
  });

  test('mvmforge check without nix on PATH is E_NIX_NOT_FOUND', async () => {
    const out = join(suite.work, 'hello-no-nix');
    await compileEntry(join(REPO_ROOT, 'corpus/hello-app/app.py'), out, suite.stubs.guestLibUrl);
    const r = spawnSync(process.execPath, [CLI, 'check', out], { encoding: 'utf8', env: { PATH: '/nonexistent' } });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('E_NIX_NOT_FOUND');
    expect(r.stderr).toContain('apt-get install nix-bin');
  });
});
