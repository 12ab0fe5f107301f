import { join } from 'node:path';
import { canonicalizeWorkload, irHash, validateWorkload } from '@mvmforge/ir';
import { emitAndParse, emitWorkload } from '@mvmforge/emit';
import { codedError } from '../../../fixtures/test-support/coded';
import { CORPUS_DIR, FIXTURES, EVERY_TYPE_ENTRY, cleanEnv, corpusEntries } from './helpers';

const quiet = { env: cleanEnv(), stderr: 'capture' as const };

async function codesOf(promise: Promise<unknown>): Promise<string[]> {
  return (await codedError(promise)).diagnostics.map((d) => `${d.code} ${d.path}`).sort();
}

describe('every corpus workload', () => {
  const entries = corpusEntries();

  test('the corpus has the seven workloads (two of them declared in app.ts)', () => {
    expect(entries.map((e) => e.name)).toEqual([
      'function-app',
      'hello-app',
      'hello-node',
      'network-app',
      'node-fn',
      'secret-app',
      'with-source',
    ]);
    expect(entries.filter((e) => e.entry.endsWith('app.ts')).map((e) => e.name)).toEqual(['hello-node', 'node-fn']);
  });

  test.each(entries)('$name: valid, host canonical bytes == SDK bytes, stable across runs', async ({ name, entry }) => {
    const first = await emitWorkload(entry, quiet);
    expect(first.workload.id).toBe(name);
    expect(validateWorkload(first.workload)).toEqual([]);
    expect(first.canonical.equals(first.sdkBytes)).toBe(true);
    expect(first.irHash).toMatch(/^[0-9a-f]{64}$/);
    const second = await emitWorkload(entry, quiet);
    expect(second.canonical.equals(first.canonical)).toBe(true);
  });

  test('corpus details the specs and the brief call for', async () => {
    const functionApp = (await emitWorkload(join(CORPUS_DIR, 'function-app', 'app.py'), quiet)).workload;
    const fn = functionApp.apps[0].entrypoints[0];
    expect(fn.kind).toBe('function');
    expect(fn.kind === 'function' && fn.module).toBe('app');
    expect(functionApp.apps[0].dependencies).toEqual({ kind: 'python', lockfile: 'requirements.lock', tool: 'pip_tools' });

    const secretApp = (await emitWorkload(join(CORPUS_DIR, 'secret-app', 'app.py'), quiet)).workload;
    const token = secretApp.apps[0].env.API_TOKEN;
    expect(token.kind).toBe('secret_ref');
    expect(token.kind === 'secret_ref' && token.ref.allowed_hosts).toEqual(['api.example.com']);
    expect(token.kind === 'secret_ref' && token.ref.auth_type).toBe('bearer');
    expect(secretApp.apps[0].env.API_BASE_URL.kind).toBe('literal');

    const networkApp = (await emitWorkload(join(CORPUS_DIR, 'network-app', 'app.py'), quiet)).workload;
    const network = networkApp.apps[0].network;
    expect(network?.mode).toBe('bridge');
    expect(network?.ports.length).toBeGreaterThan(0);
    expect(network?.egress?.allowlist.length).toBeGreaterThan(0);
  });
});

describe('canonical equality on a document exercising every IR type', () => {
  test('the host re-canonicalization reproduces the SDK bytes exactly', async () => {
    const { workload, sdkBytes } = await emitAndParse(EVERY_TYPE_ENTRY, quiet);
    const host = Buffer.from(canonicalizeWorkload(workload), 'utf8');
    expect(host.toString('utf8')).toBe(sdkBytes.toString('utf8'));
    expect(host.equals(sdkBytes)).toBe(true);
    // The document really does contain the tricky parts.
    const text = sdkBytes.toString('utf8');
    for (const fragment of [
      '"10":1,"9":-2',
      '\\u001b',
      '\u2028',
      '😀',
      '"Zoë"',
      '"custom":{',
      '"kind":"oci_base"',
      '"max_queue_depth":16',
    ]) {
      expect(text).toContain(fragment);
    }
    expect(irHash(workload)).toMatch(/^[0-9a-f]{64}$/);
  });

  test('it is valid IR that fails validation only on the deferred features', async () => {
    expect(await codesOf(emitWorkload(EVERY_TYPE_ENTRY, quiet))).toEqual([
      'E_ADDON_TIER_NOT_IMPLEMENTED .apps[0].addons[1].tier',
      'E_FUNCTION_NETWORK_HOST_FORBIDDEN .apps[2].network.mode',
      'E_MULTI_APP_DEFERRED .apps',
      'E_PERSIST_DEFERRED .volumes[1].persist',
      'E_SOURCE_KIND_DEFERRED .apps[2].source.kind',
      'E_SOURCE_KIND_DEFERRED .apps[3].source.kind',
    ]);
  });
});

describe('emitWorkload errors', () => {
  test('validation errors are thrown with their own codes', async () => {
    expect(await codesOf(emitWorkload(join(FIXTURES, 'invalid-ir', 'app.py'), quiet))).toEqual([
      'E_NETWORK_PORTS_WITH_NONE .apps[0].network.ports',
      'E_SHELL_ENTRYPOINT_FORBIDDEN .apps[0].entrypoint.command',
    ]);
  });

  test('output that does not parse yields the parse codes, not E_EMIT_FAILED', async () => {
    const fake = { ...quiet, sdkPath: join(FIXTURES, 'fake-sdk') };
    // The fake SDK ignores the entry, but it must exist: a missing one never reaches Python.
    const entry = join(FIXTURES, 'declares-nothing', 'app.py');
    expect(await codesOf(emitWorkload(entry, { ...fake, env: cleanEnv({ FAKE_SDK_MODE: 'not-json' }) }))).toEqual([
      'E_MALFORMED_MANIFEST .',
    ]);
    const unknown = await codesOf(emitWorkload(entry, { ...fake, env: cleanEnv({ FAKE_SDK_MODE: 'unknown-field' }) }));
    expect(unknown).toContain('E_UNKNOWN_FIELD .colour');
  });

  test('a missing entry is E_INPUT_NOT_FOUND naming it, before Python runs (no interpreter needed)', async () => {
    const missing = join(FIXTURES, 'no-such-dir', 'app.py');
    expect(await codesOf(emitWorkload(missing, { ...quiet, env: cleanEnv({ MVMFORGE_PYTHON: '/nonexistent/python' }) }))).toEqual([
      'E_INPUT_NOT_FOUND ',
    ]);
    const err = await emitWorkload(missing, quiet).catch((e: { diagnostics: { detail: string }[] }) => e);
    expect((err as { diagnostics: { detail: string }[] }).diagnostics[0].detail).toBe(`${JSON.stringify(missing)}: no such file`);
  });

  test('SDK failures are E_EMIT_FAILED', async () => {
    expect(await codesOf(emitWorkload(join(FIXTURES, 'declares-nothing', 'app.py'), quiet))).toEqual(['E_EMIT_FAILED ']);
  });
});
