/**
 * `nx run with-source:flake-check` end to end with real Nix against the stand-in guest-lib flake,
 * and the cache behaviour the targets are designed for (nx-notes §4): a rerun hits; a bundled edit
 * misses; a comment in the unbundled app.py re-runs emit but compile hits (early cutoff); a
 * changed MVMFORGE_MVM_FLAKE_URL misses; editing the local `path:` guest-lib behind an unchanged
 * URL misses too (the `mvm-input-key` runtime input), so a broken mkGuest fails the next run.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeWithNix } from '../../../../fixtures/test-support/requirements';
import { makeStubFlakes, type StubFlakes } from '../../../../fixtures/nix/harness';
import { cacheStatus, expectOk, makeWorkspace, type E2EWorkspace } from './harness';

describeWithNix('nx run with-source:flake-check (real Nix)', () => {
  describe('emit → compile → flake-check and its cache', () => {
    let ws: E2EWorkspace;
    let stubs: StubFlakes;
    let otherStubs: StubFlakes;
    beforeAll(async () => {
      ws = makeWorkspace();
      stubs = await makeStubFlakes();
      otherStubs = await makeStubFlakes();
    });
    afterAll(async () => {
      ws?.remove();
      await stubs?.cleanup();
      await otherStubs?.cleanup();
    });

    const check = (env: NodeJS.ProcessEnv = {}): Record<string, string> => {
      const r = expectOk(
        ws.nx(['run', 'with-source:flake-check', '--outputStyle=static'], { MVMFORGE_MVM_FLAKE_URL: stubs.guestLibUrl, ...env }),
      );
      const s = cacheStatus(r.output);
      // Ran or replayed from cache, the check's own line is in the task output.
      expect(r.output).toMatch(/mvmforge: flake check passed \(mvm-with-source\)/);
      return { emit: s['with-source:emit'], compile: s['with-source:compile'], check: s['with-source:flake-check'] };
    };

    test('first run executes all three; a rerun is a local cache hit', () => {
      expect(check()).toEqual({ emit: 'run', compile: 'run', check: 'run' });
      expect(check()).toEqual({ emit: 'local', compile: 'local', check: 'local' });
    });

    test('editing the bundled hello/__main__.py misses everywhere', () => {
      ws.write('corpus/with-source/hello/__main__.py', 'print("hello, changed")\n');
      expect(check()).toEqual({ emit: 'run', compile: 'run', check: 'run' });
    });

    test('a comment-only edit of the unbundled app.py re-runs emit; compile and check hit', () => {
      ws.write('corpus/with-source/app.py', `${ws.read('corpus/with-source/app.py')}# a comment\n`);
      expect(check()).toEqual({ emit: 'run', compile: 'local', check: 'local' });
    });

    test('an equivalent interpreter (MVMFORGE_PYTHON) re-runs emit only', () => {
      expect(check({ MVMFORGE_PYTHON: 'python3' })).toEqual({ emit: 'run', compile: 'local', check: 'local' });
    });

    test('a different MVMFORGE_MVM_FLAKE_URL misses compile and check', () => {
      expect(check({ MVMFORGE_MVM_FLAKE_URL: otherStubs.guestLibUrl })).toEqual({ emit: 'local', compile: 'run', check: 'run' });
    });

    test('a broken local path: guest-lib (same URL) fails the next run; repairing it passes again', () => {
      const flake = join(stubs.dir, 'guest-lib-stub', 'flake.nix');
      const good = readFileSync(flake, 'utf8');
      expect(check()).toEqual({ emit: 'local', compile: 'local', check: 'local' });
      writeFileSync(
        flake,
        `{\n  inputs.nixpkgs.url = "${stubs.nixpkgsUrl}";\n  outputs = { self, nixpkgs }: { lib = throw "mvmforge e2e: broken mkGuest"; };\n}\n`,
      );
      const broken = ws.nx(['run', 'with-source:flake-check', '--outputStyle=static'], { MVMFORGE_MVM_FLAKE_URL: stubs.guestLibUrl });
      expect(broken.status).not.toBe(0);
      expect(broken.output).not.toContain('flake check passed');
      expect(broken.output).toContain('broken mkGuest');
      expect(cacheStatus(broken.output)['with-source:flake-check']).toBe('run');
      // The original bytes again: the same content key, so the earlier success is a valid hit.
      writeFileSync(flake, good);
      expect(check()).toEqual({ emit: 'local', compile: 'local', check: 'local' });
    });
  });
});
