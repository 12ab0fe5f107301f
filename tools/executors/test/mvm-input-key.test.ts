/**
 * flake-check's runtime input (mvm-input-key.ts): pinned URLs are a constant key without running
 * Nix; mutable URLs are keyed on their locked content (mtimes ignored); unresolvable ones never hit.
 */
import { isPinnedFlakeUrl, mvmInputKey, type NixMetadata } from '../src/executors/flake-check/mvm-input-key';

const REV = '4c6362ea1732e50f77a65aa49e9ce8d005d2210f';

describe('isPinnedFlakeUrl', () => {
  test.each([
    `github:tinylabscom/mvm/${REV}?dir=nix/guest-lib`,
    `github:tinylabscom/mvm?rev=${REV}&dir=nix/guest-lib`,
    `git+file:///src/mvm?rev=${REV}&dir=nix/guest-lib`,
    `git+https://example.invalid/mvm.git?ref=main&rev=${REV}`,
    'path:/src/mvm/nix/guest-lib?narHash=sha256-UaNGiX6VxsTvG9Ka/9GOIJpvSPhnGyk2GoP+BO2nNFA=',
  ])('pinned: %s', (url) => expect(isPinnedFlakeUrl(url)).toBe(true));

  test.each([
    'path:/src/mvm/nix/guest-lib',
    'git+file:///src/mvm?dir=nix/guest-lib',
    'github:tinylabscom/mvm?dir=nix/guest-lib',
    'github:tinylabscom/mvm/main?dir=nix/guest-lib',
    `github:tinylabscom/mvm/${REV.slice(0, 39)}`,
    `git+file:///src/mvm?rev=${REV.toUpperCase()}`,
    `path:/src/${REV}/guest-lib`,
    'nixpkgs',
  ])('mutable: %s', (url) => expect(isPinnedFlakeUrl(url)).toBe(false));
});

describe('mvmInputKey', () => {
  const meta = (locked: object, lastModified = 1): NixMetadata => ({
    status: 0,
    stdout: JSON.stringify({ lastModified, locked: { ...locked, lastModified }, locks: { nodes: { root: {} }, root: 'root', version: 7 } }),
  });
  const never = (): NixMetadata => {
    throw new Error('nix must not run for a pinned URL');
  };

  test('the default (pinned) URL and a pinned override print a constant without running nix', () => {
    expect(mvmInputKey({}, never)).toBe('mvm input: pinned');
    expect(mvmInputKey({ MVMFORGE_MVM_FLAKE_URL: '' }, never)).toBe('mvm input: pinned');
    expect(mvmInputKey({ MVMFORGE_MVM_FLAKE_URL: `github:o/r/${REV}` }, never)).toBe('mvm input: pinned');
  });

  test('a mutable URL is keyed on the narHash, not on mtimes', () => {
    const env = { MVMFORGE_MVM_FLAKE_URL: 'path:/src/guest-lib' };
    const seen: string[] = [];
    const a = mvmInputKey(env, (url) => (seen.push(url), meta({ narHash: 'sha256-A', type: 'path' }, 1)));
    const aLater = mvmInputKey(env, () => meta({ narHash: 'sha256-A', type: 'path' }, 99));
    const b = mvmInputKey(env, () => meta({ narHash: 'sha256-B', type: 'path' }, 1));
    expect(seen).toEqual(['path:/src/guest-lib']);
    expect(a).toMatch(/^mvm input: content [0-9a-f]{64}$/);
    expect(aLater).toBe(a);
    expect(b).not.toBe(a);
  });

  test('a mutable URL whose content cannot be resolved gets a fresh key each time (never a hit)', () => {
    const env = { MVMFORGE_MVM_FLAKE_URL: 'github:o/r/main' };
    const failed = (): NixMetadata => ({ status: 1, stdout: '' });
    const k1 = mvmInputKey(env, failed);
    const k2 = mvmInputKey(env, failed);
    expect(k1).toMatch(/^mvm input: unresolved [0-9a-f]{32}$/);
    expect(k2).not.toBe(k1);
    expect(mvmInputKey(env, () => ({ status: 0, stdout: 'not json' }))).toMatch(/unresolved/);
  });
});

test('as Nx runs it (a runtime input of every run) it loads no zod', () => {
  const { spawnSync } = require('node:child_process') as typeof import('node:child_process');
  const { join } = require('node:path') as typeof import('node:path');
  const built = join(__dirname, '../dist/executors/flake-check/mvm-input-key.js');
  // Reports, as the process exits, whether any zod module was loaded.
  const probe = `process.on('exit', () => process.stderr.write(JSON.stringify(Object.keys(require.cache).some((m) => m.includes('/node_modules/zod/')))));`;
  const r = spawnSync(process.execPath, ['-e', `${probe} require('node:module').runMain(${JSON.stringify(built)})`], {
    encoding: 'utf8',
    env: { ...process.env, MVMFORGE_MVM_FLAKE_URL: `github:tinylabscom/mvm/${REV}?dir=nix` },
  });
  expect(r.stdout.trim()).not.toBe('');
  expect(r.stderr.trim()).toBe('false');
});
