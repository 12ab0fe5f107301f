/**
 * Open JSON values never reach Nix as attribute sets with a meaning (issue 10 item 5). With real
 * Nix: what such keys do to an artifact (the reason for the refusal), that compile refuses each of
 * them with E_COMPILE_NIX_RESERVED_KEY at the IR path and writes nothing, and that look-alike keys
 * still compile, evaluate and pass `mvmforge check` unchanged.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkArtifact } from '@mvmforge/nix-check';
import { describeWithNix } from '../../../fixtures/test-support/requirements';
import { nixEval, useStubFlakes, writeTree } from '../../../fixtures/nix/harness';
import { compileIr } from '../../../fixtures/nix/compile';
import { WITH_SOURCE_FILES, writeHandBuiltArtifact } from '../../../fixtures/nix/artifact';
import { codedError } from '../../../fixtures/test-support/coded';
import { nixMeaningfulKeyProblems } from '../src/nix-keys';

/** A command workload IR with one external mount and a custom network, configs given. */
// (Env names are identifiers the IR already checks; `__x` is refused there as E_MALFORMED_MANIFEST.)
function ir(mountConfig: unknown, networkConfig: unknown): string {
  return JSON.stringify({
    apps: [
      {
        dependencies: null,
        entrypoints: [{ command: ['python', '-m', 'hello'], env: {}, kind: 'command', working_dir: '/app' }],
        env: {},
        image: { kind: 'nix_packages', packages: ['python312'] },
        mounts: [{ mode: 'ro', source: { config: mountConfig, kind: 'external', provider: 'p' }, target: '/data' }],
        name: 'keys',
        network: { dns: { kind: 'system' }, egress: null, mode: { custom: { config: networkConfig, provider: 'n' } }, ports: [] },
        resources: { cpu_cores: 1, memory_mb: 256, rootfs_size_mb: 512 },
        source: { exclude: [], include: ['**'], kind: 'local_path', path: '.' },
      },
    ],
    extensions: {},
    id: 'keys',
    schema_version: '0.1',
    volumes: [],
  });
}

describe('nixMeaningfulKeyProblems', () => {
  test('finds every meaningful key at its jq path, and nothing else', () => {
    const found = nixMeaningfulKeyProblems({
      a: [{ outPath: 1 }, { b: { __toString: 'x' } }],
      'k y': { __functor: 1, __ignoreNulls: 2 },
      t: { type: 'derivation' },
    });
    expect(found.map((d) => [d.code, d.path])).toEqual([
      ['E_COMPILE_NIX_RESERVED_KEY', '.a[0].outPath'],
      ['E_COMPILE_NIX_RESERVED_KEY', '.a[1].b.__toString'],
      ['E_COMPILE_NIX_RESERVED_KEY', '.["k y"].__functor'],
      ['E_COMPILE_NIX_RESERVED_KEY', '.["k y"].__ignoreNulls'],
      ['E_COMPILE_NIX_RESERVED_KEY', '.t.type'],
    ]);
    expect(
      nixMeaningfulKeyProblems({ outpath: 1, _toString: 2, type: 'object', derivation: { type: 'string' }, x: ['outPath', '__toString'] }),
    ).toEqual([]);
  });
});

describeWithNix('Nix-meaningful keys in open JSON values (real Nix)', () => {
  const suite = useStubFlakes('mvmforge-nix-keys-');
  let project: string;
  let n = 0;
  beforeAll(async () => {
    project = join(suite.work, 'project');
    writeTree(project, WITH_SOURCE_FILES);
  });

  describe('why they are refused: carried through launch.json, Nix gives them a meaning', () => {
    const artifactWithMounts = (mounts: unknown): string => {
      const dir = writeHandBuiltArtifact(join(suite.work, `hand${n++}`), {
        workloadId: 'keys',
        mvmUrl: suite.stubs.guestLibUrl,
        entrypoint: { kind: 'command', command: ['python', '-m', 'hello'] },
        files: WITH_SOURCE_FILES,
      });
      const p = join(dir, 'launch.json');
      writeFileSync(p, JSON.stringify({ ...JSON.parse(readFileSync(p, 'utf8')), mounts }));
      return dir;
    };

    test('outPath: mvmforge.workload no longer equals launch.json', async () => {
      const dir = artifactWithMounts([{ config: { outPath: 'x', other: 1 } }]);
      const r = nixEval(['--json', `path:${dir}#mvmforge.workload.mounts`]);
      expect(r.status).toBe(0);
      expect(JSON.parse(r.stdout)).toEqual([{ config: 'x' }]);
      const err = await codedError(checkArtifact(dir, { system: 'x86_64-linux' }));
      expect(err.diagnostics[0].detail).toContain('mvmforge.workload differs from launch.json');
    });

    test('__toString: evaluating the workload fails', () => {
      const dir = artifactWithMounts([{ config: { __toString: 'x' } }]);
      const r = nixEval(['--json', `path:${dir}#mvmforge.workload`]);
      expect(r.status).not.toBe(0);
      expect(r.stderr).toMatch(/attempt to call something which is not a function/);
    });
  });

  test.each([
    ['outPath in a mount config', ir({ outPath: '/nix/store/x' }, {}), '.apps[0].mounts[0].source.config.outPath'],
    [
      '__toString in a network config',
      ir({}, { nested: [{ __toString: 'x' }] }),
      '.apps[0].network.mode.custom.config.nested[0].__toString',
    ],
    ['__functor in a mount config', ir({ __functor: 1 }, {}), '.apps[0].mounts[0].source.config.__functor'],
    ['type = "derivation" in a network config', ir({}, { type: 'derivation', name: 'x' }), '.apps[0].network.mode.custom.config.type'],
    [
      'any other __-prefixed name, deep in a list',
      ir({ a: [{}, { __ignoreNulls: true }] }, {}),
      '.apps[0].mounts[0].source.config.a[1].__ignoreNulls',
    ],
  ])('%s is refused with E_COMPILE_NIX_RESERVED_KEY at its IR path and nothing is written', async (_what, text, path) => {
    const out = join(suite.work, `refused${n++}`);
    const err = await codedError(compileIr(text, project, out, suite.stubs.guestLibUrl));
    expect(err.diagnostics.map((d) => [d.code, d.path])).toEqual([['E_COMPILE_NIX_RESERVED_KEY', path]]);
    expect(err.diagnostics[0].detail).toMatch(/Rename the key|Use another value or key/);
    expect(existsSync(out)).toBe(false);
  });

  test('look-alike keys compile, round-trip through Nix unchanged and pass mvmforge check', async () => {
    const out = join(suite.work, `lookalike${n++}`);
    const mountConfig = { outpath: 'x', _toString: 'y', type: 'object', derivation: { type: 'string' }, list: ['outPath', '__toString'] };
    await compileIr(ir(mountConfig, { type: 'derivations' }), project, out, suite.stubs.guestLibUrl);
    const r = nixEval(['--json', `path:${out}#mvmforge.workload.mounts`]);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)[0].source.config).toEqual(mountConfig);
    expect((await checkArtifact(out, { system: 'x86_64-linux' })).workloadId).toBe('keys');
  });
});
