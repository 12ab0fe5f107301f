import { canonicalJson, irHash, normalizeWorkload, parseJson, TOOLCHAIN_VERSION } from '@mvmforge/ir';
import { buildLaunch, primaryIndex, renderLaunchJson } from '../src/launch';
import { irDoc, workloadOf, type Json } from './helpers';

const TREE = 'a'.repeat(64);
const launchOf = (doc: Json) => {
  const workload = workloadOf(doc);
  const text = renderLaunchJson({ workload, irHash: irHash(workload), fileCount: 3, treeHash: TREE });
  const parsed = parseJson(text);
  if (!parsed.ok) throw new Error('launch.json does not parse');
  return { text, value: JSON.parse(text), workload };
};

const secret = (name: string, hosts: string[], auth = 'bearer'): Json => ({
  kind: 'secret_ref',
  ref: { name, mount: { kind: 'env', var: 'IGNORED' }, auth_type: auth, allowed_hosts: hosts },
});

describe('launch.json (artifact-v1 §4)', () => {
  test('exactly the required and extension keys, canonical bytes, no apps key', () => {
    const { text, value, workload } = launchOf(irDoc());
    expect(Object.keys(value).sort()).toEqual([
      'artifact_format_version',
      'entrypoint',
      'entrypoints',
      'env',
      'flake_attribute',
      'flake_path',
      'hooks',
      'image',
      'ir_hash',
      'ir_schema_version',
      'mounts',
      'network',
      'resources',
      'secrets',
      'source',
      'toolchain_version',
      'workload_id',
    ]);
    const reparsed = parseJson(text);
    expect(reparsed.ok && canonicalJson(reparsed.value)).toBe(text);
    expect(text).not.toMatch(/\n|\s(?=["{[])/);
    expect(value).toMatchObject({
      artifact_format_version: '1.0',
      flake_attribute: 'mvmforge.workload',
      flake_path: '.',
      ir_hash: irHash(workload),
      ir_schema_version: '0.1',
      toolchain_version: TOOLCHAIN_VERSION,
      workload_id: 'demo',
      image: { kind: 'nix_packages', packages: ['python312'] },
      entrypoint: { command: ['python', '-m', 'demo'], env: {}, kind: 'command', working_dir: '/app' },
      env: {},
      mounts: [],
      network: null,
      resources: { cpu_cores: 1, memory_mb: 256, rootfs_size_mb: 512 },
      hooks: { after_start: [], before_build: [], before_start: [], before_stop: [] },
      secrets: [],
      source: { file_count: 3, kind: 'local_path', subdir: 'src', tree_hash: TREE },
    });
    expect(value.apps).toBeUndefined();
  });

  test('the §4.6 with-source example, byte for byte apart from the hashes', () => {
    const doc = irDoc(
      {
        name: 'with-source',
        source: { kind: 'local_path', path: '.', include: ['hello/**'], exclude: ['**/__pycache__/**'] },
        entrypoints: [{ kind: 'command', command: ['python', '-m', 'hello'] }],
      },
      { id: 'with-source' },
    );
    const { text, workload } = launchOf(doc);
    expect(text).toBe(
      '{"artifact_format_version":"1.0","entrypoint":{"command":["python","-m","hello"],"env":{},"kind":"command","working_dir":"/app"},' +
        '"entrypoints":[{"command":["python","-m","hello"],"env":{},"kind":"command","working_dir":"/app"}],"env":{},' +
        '"flake_attribute":"mvmforge.workload","flake_path":".","hooks":{"after_start":[],"before_build":[],"before_start":[],"before_stop":[]},' +
        `"image":{"kind":"nix_packages","packages":["python312"]},"ir_hash":"${irHash(workload)}","ir_schema_version":"0.1","mounts":[],"network":null,` +
        `"resources":{"cpu_cores":1,"memory_mb":256,"rootfs_size_mb":512},"secrets":[],"source":{"file_count":3,"kind":"local_path","subdir":"src","tree_hash":"${TREE}"},` +
        `"toolchain_version":"${TOOLCHAIN_VERSION}","workload_id":"with-source"}`,
    );
  });

  test('env flattening: literals become strings, secret refs move to `secrets` (app and entrypoint env)', () => {
    const { value, text } = launchOf(
      irDoc({
        env: { A: { kind: 'literal', value: 'x y' }, TOKEN: secret('tok', ['api.example.com']) },
        entrypoints: [
          { kind: 'command', command: ['run'], env: { B: { kind: 'literal', value: '' }, KEY: secret('k', ['h.example.com'], 'hmac') } },
        ],
      }),
    );
    expect(value.env).toEqual({ A: 'x y' });
    expect(value.entrypoint.env).toEqual({ B: '' });
    expect(value.entrypoints[0].env).toEqual({ B: '' });
    expect(value.secrets).toEqual([
      { allowed_hosts: ['h.example.com'], auth_type: 'hmac', name: 'k', var: 'KEY' },
      { allowed_hosts: ['api.example.com'], auth_type: 'bearer', name: 'tok', var: 'TOKEN' },
    ]);
    expect(text).not.toContain('secret_ref');
    expect(text).not.toContain('IGNORED');
  });

  test('secrets: sorted by var, then name, then canonical bytes; exact duplicates once', () => {
    const { value } = launchOf(
      irDoc({
        env: { Z: secret('n1', ['b.example.com']), A: secret('n2', ['x.example.com']), M: secret('zz', ['a.example.com']) },
        entrypoints: [
          { kind: 'command', command: ['a'], env: { Z: secret('n1', ['b.example.com']), M: secret('aa', ['a.example.com']) } },
          { kind: 'command', command: ['b'], env: { M: secret('aa', ['a.example.com'], 'basic'), A: secret('n2', ['x.example.com']) } },
        ],
      }),
    );
    expect(value.secrets.map((s: { var: string; name: string; auth_type: string }) => `${s.var}/${s.name}/${s.auth_type}`)).toEqual([
      'A/n2/bearer',
      'M/aa/basic',
      'M/aa/bearer',
      'M/zz/bearer',
      'Z/n1/bearer',
    ]);
  });

  test('mounts, network and hooks are carried in normalized form', () => {
    const { value, workload } = launchOf(
      irDoc({
        mounts: [{ target: '/data', source: { kind: 'tmpfs', size_mb: 64 }, mode: 'rw' }],
        network: { mode: 'bridge', ports: [{ guest: 8080, host: 8080, proto: 'tcp' }] },
        hooks: { before_start: [{ kind: 'shell', line: 'echo hi' }] },
      }),
    );
    const app = (normalizeWorkload(workload).apps as Json[])[0] as { [k: string]: Json };
    expect(value.mounts).toEqual(app.mounts);
    expect(value.network).toEqual(app.network);
    expect(value.network.ports).toEqual([{ guest: 8080, host: 8080, proto: 'tcp' }]);
    expect(value.hooks).toEqual({ after_start: [], before_build: [], before_start: [{ kind: 'shell', line: 'echo hi' }], before_stop: [] });
  });

  const fn = (fnName: string, primary?: boolean): Json => ({
    kind: 'function',
    language: 'python',
    module: 'app',
    function: fnName,
    format: 'json',
    ...(primary === undefined ? {} : { primary }),
  });

  test('primary: first function entrypoint with primary true, else the first entrypoint', () => {
    const deps = { dependencies: { kind: 'python', lockfile: 'requirements.lock', tool: 'pip_tools' } };
    const two = launchOf(irDoc({ ...deps, entrypoints: [fn('a'), fn('b', true), fn('c', true)] }));
    expect(two.value.entrypoint.function).toBe('b');
    expect(primaryIndex(two.workload)).toBe(1);
    const none = launchOf(irDoc({ ...deps, entrypoints: [fn('a'), fn('b')] }));
    expect(none.value.entrypoint.function).toBe('a');
    const cmd = launchOf(irDoc({ entrypoints: [{ kind: 'command', command: ['x'] }, fn('b', true)] }));
    expect(cmd.value.entrypoint.function).toBe('b');
  });

  test('function workloads: normalized function entrypoint (primary always written), flat env', () => {
    const { value } = launchOf(
      irDoc({
        dependencies: { kind: 'python', lockfile: 'requirements.lock', tool: 'pip_tools' },
        entrypoints: [
          {
            ...(fn('slugify', true) as { [k: string]: Json }),
            env: { MODE: { kind: 'literal', value: 'fast' } },
            args_schema: { type: 'object' },
          },
        ],
      }),
    );
    expect(value.entrypoint).toEqual({
      args_schema: { type: 'object' },
      env: { MODE: 'fast' },
      format: 'json',
      function: 'slugify',
      kind: 'function',
      language: 'python',
      module: 'app',
      primary: true,
      working_dir: '/app',
    });
    expect(value.entrypoints).toEqual([value.entrypoint]);
  });

  test('every entrypoints[k].env and a non-first primary entrypoint.env are flat string maps', () => {
    const { value } = launchOf(
      irDoc({
        dependencies: { kind: 'python', lockfile: 'requirements.lock', tool: 'pip_tools' },
        env: { TOP: { kind: 'literal', value: 't' } },
        entrypoints: [
          { kind: 'command', command: ['a'], env: { A: { kind: 'literal', value: '1' }, S0: secret('s0', ['h.example.com']) } },
          { ...(fn('b', true) as { [k: string]: Json }), env: { B: { kind: 'literal', value: '2' }, S1: secret('s1', ['h.example.com']) } },
          { kind: 'command', command: ['c'], env: { C: { kind: 'literal', value: '3' } } },
        ],
      }),
    );
    expect(value.env).toEqual({ TOP: 't' });
    expect(value.entrypoints.map((ep: { env: unknown }) => ep.env)).toEqual([{ A: '1' }, { B: '2' }, { C: '3' }]);
    expect(value.entrypoint.function).toBe('b');
    expect(value.entrypoint.env).toEqual({ B: '2' });
    // The primary's secret is listed once, although the entrypoint appears twice in launch.json.
    expect(value.secrets.map((x: { var: string }) => x.var)).toEqual(['S0', 'S1']);
  });

  test('ir_hash is over the full IR: secrets and unbundled fields change it', () => {
    const a = launchOf(irDoc({ env: { T: secret('one', ['h.example.com']) } }));
    const b = launchOf(irDoc({ env: { T: secret('two', ['h.example.com']) } }));
    expect(a.value.ir_hash).not.toBe(b.value.ir_hash);
    const c = launchOf(irDoc({}, { extensions: { note: 'x' } }));
    expect(c.value.ir_hash).not.toBe(launchOf(irDoc()).value.ir_hash);
    expect(buildLaunch({ workload: a.workload, irHash: 'x', fileCount: 0, treeHash: TREE }).ir_hash).toBe('x');
  });
});
