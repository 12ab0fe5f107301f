import fc from 'fast-check';
import { jsonObject, type JsonValue } from '../src';

/**
 * fast-check arbitraries that build *valid* Workload IR v0 documents (they parse and pass every
 * validation rule), as plain JSON values; optional fields are randomly omitted, spelled out with
 * their default, or set.
 */

// Any string the IR accepts: full Unicode (no lone surrogates), minus U+0000.
export const irString = fc.string({ unit: 'binary', maxLength: 12 }).filter((s) => !s.includes('\u0000'));
const ascii = fc.string({ unit: 'binary-ascii', maxLength: 8 }).filter((s) => !s.includes('\u0000'));
export const anyString = fc.oneof(irString, ascii, fc.constantFrom('__proto__', '9', '10', 'é', '\uffff', '😀', '\u2028', '"\\/'));
export const id = fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/);
export const envName = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,10}$/);
const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,6}[a-z0-9])?$/);
export const hostname = fc.array(label, { minLength: 2, maxLength: 4 }).map((ls) => ls.join('.'));
export const hostPattern = fc.oneof(
  hostname,
  hostname.map((h) => `*.${h}`),
);
const workingDir = fc
  .array(
    fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,8}$/).filter((s) => s !== '.' && s !== '..'),
    { minLength: 1, maxLength: 3 },
  )
  .map((p) => `/${p.join('/')}`);
const u16 = fc.integer({ min: 0, max: 65535 });
const u32 = fc.integer({ min: 0, max: 4294967295 });
const u64 = fc.maxSafeNat();
const safeInt = fc.oneof(fc.integer(), fc.maxSafeInteger());

/** Open JSON values: integers only, any keys (including `__proto__` and integer-like keys). */
export const openJson: fc.Arbitrary<JsonValue> = fc.letrec<{ v: JsonValue }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', maxDepth: 4, withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    safeInt,
    anyString,
    fc.array(tie('v'), { maxLength: 3 }),
    fc.array(fc.tuple(anyString, tie('v')), { maxLength: 3 }).map((es) => jsonObject(es)),
  ),
})).v;
export const openObject = fc.array(fc.tuple(anyString, openJson), { maxLength: 3 }).map((es) => jsonObject(es));

/** Sometimes absent, sometimes the explicit default, sometimes a value. */
function field<T>(entries: [string, unknown][], key: string, arb: T | undefined, dflt?: unknown): void {
  if (arb === undefined) return;
  entries.push([key, arb === DEFAULT ? dflt : arb]);
}
const DEFAULT = Symbol('default');
const maybe = <T>(arb: fc.Arbitrary<T>, allowDefault = true) =>
  fc.oneof(fc.constant(undefined), ...(allowDefault ? [fc.constant(DEFAULT as unknown as T)] : []), arb);
const obj = (entries: [string, unknown][]) => jsonObject(entries as [string, JsonValue][]);

const strings = fc.array(anyString, { maxLength: 3 });

const secretRef = fc
  .record({
    name: anyString,
    mount: fc.oneof(
      envName.map((v) => ({ kind: 'env', var: v })),
      anyString.map((p) => ({ kind: 'file', path: p })),
    ),
    auth_type: fc.constantFrom('sigv4', 'hmac', 'bearer', 'basic'),
    allowed_hosts: fc.array(hostPattern, { minLength: 1, maxLength: 3 }),
    sigv4: maybe(fc.record({ access_key_id: anyString, region: anyString, service: anyString })),
  })
  .map(({ sigv4, ...r }) => {
    const e: [string, unknown][] = Object.entries(r);
    field(e, 'sigv4', sigv4, null);
    return obj(e);
  });

const envValue = fc.oneof(
  anyString.map((value) =>
    obj([
      ['kind', 'literal'],
      ['value', value],
    ]),
  ),
  secretRef.map((ref) =>
    obj([
      ['kind', 'secret_ref'],
      ['ref', ref],
    ]),
  ),
);
export const envMap = fc.array(fc.tuple(envName, envValue), { maxLength: 3 }).map((es) => jsonObject(es));

const commandWords = fc.tuple(
  fc.constantFrom('python', 'node', '/usr/bin/app', '/bin/busybox', 'env'),
  fc.array(fc.constantFrom('-m', 'hello', 'true', 'A=1', '--flag', 'é'), { maxLength: 3 }),
);
const commandEp = fc
  .record({
    command: commandWords.map(([a, rest]) => (a === '/bin/busybox' ? [a, 'true', ...rest] : a === 'env' ? [a, 'python3'] : [a, ...rest])),
    working_dir: maybe(workingDir),
    env: maybe(envMap),
  })
  .map(({ command, working_dir, env }) => {
    const e: [string, unknown][] = [
      ['kind', 'command'],
      ['command', command],
    ];
    field(e, 'working_dir', working_dir, '/app');
    field(e, 'env', env, jsonObject());
    return obj(e);
  });

// Schema property names that can never be secret-shaped (no token starts with "x", no separators).
const schemaObject: fc.Arbitrary<JsonValue> = fc.letrec<{ s: JsonValue }>((tie) => ({
  s: fc.oneof(
    { maxDepth: 3, withCrossShrink: true },
    fc.constant(jsonObject([['type', 'string']])),
    fc
      .record({
        props: fc.array(fc.tuple(fc.stringMatching(/^x[a-z]{0,5}$/), tie('s')), { maxLength: 2 }),
        items: fc.option(tie('s'), { nil: undefined }),
        extra: openObject,
      })
      .map(({ props, items, extra }) => {
        const e: [string, JsonValue][] = [
          ['type', 'object'],
          ['properties', jsonObject(props)],
          ['x-extra', extra],
        ];
        if (items !== undefined) e.push(['items', items]);
        return jsonObject(e);
      }),
  ),
})).s;

const concurrency = (memoryMb: number) =>
  fc
    .record({
      max_calls_per_worker: fc.integer({ min: 100, max: Number.MAX_SAFE_INTEGER }),
      max_rss_mb: fc.integer({ min: 0, max: memoryMb }),
      pool_size: fc.integer({ min: 1, max: 64 }),
      max_queue_depth: maybe(u64),
    })
    .map(({ max_queue_depth, ...c }) => {
      const e: [string, unknown][] = [['kind', 'warm_process'], ...Object.entries(c), ['in_process', 'serial']];
      field(e, 'max_queue_depth', max_queue_depth, null);
      return obj(e);
    });

const functionEp = (memoryMb: number, module: string, fnName: string, primary: boolean | undefined) =>
  fc
    .record({
      language: fc.constantFrom('python', 'node', 'wasm'),
      format: fc.constantFrom('json', 'msgpack'),
      working_dir: maybe(workingDir),
      env: maybe(envMap),
      args_schema: maybe(schemaObject),
      return_schema: maybe(schemaObject),
      extra_imports: maybe(strings),
      concurrency: maybe(concurrency(memoryMb)),
    })
    .map((f) => {
      const e: [string, unknown][] = [
        ['kind', 'function'],
        ['language', f.language],
        ['module', module],
        ['function', fnName],
        ['format', f.format],
      ];
      field(e, 'working_dir', f.working_dir, '/app');
      field(e, 'env', f.env, jsonObject());
      field(e, 'args_schema', f.args_schema, null);
      field(e, 'return_schema', f.return_schema, null);
      field(e, 'extra_imports', f.extra_imports, []);
      if (primary !== undefined) e.push(['primary', primary]);
      if (f.language !== 'wasm') field(e, 'concurrency', f.concurrency, null);
      return obj(e);
    });

const hookCmd = fc.oneof(
  anyString.map((line) =>
    obj([
      ['kind', 'shell'],
      ['line', line],
    ]),
  ),
  strings.map((argv) =>
    obj([
      ['kind', 'argv'],
      ['argv', argv],
    ]),
  ),
);
const hooks = fc
  .record({
    before_build: maybe(fc.array(hookCmd, { maxLength: 2 })),
    before_start: maybe(fc.array(hookCmd, { maxLength: 2 })),
    after_start: maybe(fc.array(hookCmd, { maxLength: 2 })),
    before_stop: maybe(fc.array(hookCmd, { maxLength: 2 })),
  })
  .map((h) => {
    const e: [string, unknown][] = [];
    for (const [k, v] of Object.entries(h)) field(e, k, v, []);
    return obj(e);
  });

const mountSource = fc.oneof(
  anyString.map((name) => ({ kind: 'volume', name })),
  anyString.map((path) => ({ kind: 'host_path', path })),
  u32.map((size_mb) => ({ kind: 'tmpfs', size_mb })),
  fc.tuple(anyString, openJson).map(([provider, config]) =>
    obj([
      ['kind', 'external'],
      ['provider', provider],
      ['config', config],
    ]),
  ),
);
const mount = fc.record({ target: anyString, source: mountSource, mode: fc.constantFrom('ro', 'rw') });

const network = (hasFunction: boolean) =>
  fc
    .record({
      mode: fc.oneof(
        fc.constantFrom('none', 'bridge', ...(hasFunction ? [] : ['host'])),
        fc.tuple(anyString, openJson).map(([provider, config]) => ({
          custom: obj([
            ['provider', provider],
            ['config', config],
          ]),
        })),
      ),
      ports: maybe(fc.array(fc.record({ guest: u16, host: u16, proto: fc.constantFrom('tcp', 'udp') }), { maxLength: 2 })),
      egress: maybe(
        fc.record({ allowlist: fc.array(fc.record({ host: fc.oneof(hostname, fc.constant('10.0.0.0/8')), port: u16 }), { maxLength: 2 }) }),
      ),
      peers: maybe(fc.array(id, { maxLength: 2 })),
      dns: maybe(
        fc.oneof(
          fc.constant({ kind: 'none' }),
          fc.constant({ kind: 'system' }),
          fc.record({ kind: fc.constant('resolver'), host: anyString, port: u16 }),
        ),
      ),
    })
    .map((n) => {
      const e: [string, unknown][] = [['mode', n.mode]];
      // Ports with mode "none" are invalid (V21).
      if (n.mode !== 'none') field(e, 'ports', n.ports, []);
      field(e, 'egress', n.egress, null);
      field(e, 'peers', n.peers, []);
      field(e, 'dns', n.dns, null);
      return obj(e);
    });

const addon = (name: string, alias: string | null | undefined) =>
  fc
    .record({
      ref: fc.oneof(
        fc.record({ kind: fc.constant('registry'), url: anyString.filter((s) => s !== ''), version: anyString.filter((s) => s !== '') }),
        fc.record({ kind: fc.constant('local'), path: anyString.filter((s) => s !== '') }),
      ),
      sha256: fc.stringMatching(/^[0-9a-f]{64}$/),
      params: maybe(openObject),
      hooks: maybe(hooks),
    })
    .map((a) => {
      const e: [string, unknown][] = [
        ['name', name],
        ['tier', 'separate'],
        ['ref', a.ref],
        ['sha256', a.sha256],
      ];
      if (alias !== undefined) e.push(['alias', alias]);
      field(e, 'params', a.params, jsonObject());
      field(e, 'hooks', a.hooks, jsonObject());
      return obj(e);
    });

const entrypoints = (memoryMb: number) =>
  fc.oneof(
    fc.array(commandEp, { minLength: 1, maxLength: 2 }),
    fc
      .uniqueArray(fc.tuple(fc.constantFrom('app', 'mod.sub', './src/mod'), fc.constantFrom('add', 'sub', 'run')), {
        minLength: 1,
        maxLength: 3,
        selector: ([m, f]) => `${m}:${f}`,
      })
      .chain((pairs) =>
        fc
          .integer({ min: 0, max: pairs.length - 1 })
          .chain((primaryIndex) =>
            fc.tuple(
              ...pairs.map(([m, f], i) =>
                functionEp(memoryMb, m, f, pairs.length === 1 ? (i === 0 ? undefined : false) : i === primaryIndex),
              ),
            ),
          ),
      ),
  );

export const validApp = fc.integer({ min: 0, max: 4096 }).chain((memoryMb) =>
  entrypoints(memoryMb).chain((eps) => {
    const hasFunction = eps.some((e) => e.kind === 'function');
    return fc
      .record({
        name: id,
        source: fc.record({ path: anyString, include: maybe(strings), exclude: maybe(strings) }),
        image: fc.oneof(
          strings.map((packages) => ({ kind: 'nix_packages', packages })),
          fc.record({ kind: fc.constant('oci_base'), reference: anyString, digest: anyString }),
        ),
        env: maybe(envMap),
        mounts: maybe(fc.array(mount, { maxLength: 2 })),
        network: maybe(network(hasFunction)),
        resources: fc.record({ cpu_cores: u16, rootfs_size_mb: u32 }),
        dependencies: hasFunction
          ? fc.oneof(
              fc.constant({ kind: 'none' }),
              fc.record({ kind: fc.constant('python'), lockfile: anyString, tool: fc.constantFrom('uv', 'pip_tools') }),
              fc.record({ kind: fc.constant('node'), lockfile: anyString, tool: fc.constantFrom('pnpm', 'npm', 'yarn') }),
            )
          : maybe(fc.constant({ kind: 'none' })),
        threat_tier: maybe(fc.constantFrom('untrusted', 'trusted')),
        addons: maybe(
          fc
            .uniqueArray(fc.tuple(id, fc.constantFrom(undefined, null, 'a', 'b')), {
              maxLength: 2,
              selector: ([n, a]) => `${n}:${a ?? ''}`,
            })
            .chain((pairs) => fc.tuple(...pairs.map(([n, a]) => addon(n, a)))),
        ),
        hooks: maybe(hooks),
        files: maybe(
          fc.array(
            fc.record({ path: anyString, bytes_b64: fc.base64String({ maxLength: 8 }), mode: maybe(fc.constantFrom('0644', '0755')) }),
            { maxLength: 2 },
          ),
        ),
        health_check: maybe(
          fc.record({
            command: strings,
            interval_secs: maybe(u32),
            timeout_secs: maybe(u32),
            retries: maybe(u32),
            start_period_secs: maybe(u32),
          }),
        ),
      })
      .map((a) => {
        const source: [string, unknown][] = [
          ['kind', 'local_path'],
          ['path', a.source.path],
        ];
        field(source, 'include', a.source.include, ['**']);
        field(source, 'exclude', a.source.exclude, []);
        const e: [string, unknown][] = [
          ['name', a.name],
          ['source', obj(source)],
          ['image', a.image],
          ['entrypoints', eps],
          ['resources', { ...a.resources, memory_mb: memoryMb }],
        ];
        field(e, 'env', a.env, jsonObject());
        field(e, 'mounts', a.mounts, []);
        field(e, 'network', a.network, null);
        field(e, 'dependencies', a.dependencies, null);
        field(e, 'threat_tier', a.threat_tier, 'untrusted');
        field(e, 'addons', a.addons, []);
        field(e, 'hooks', a.hooks, jsonObject());
        field(
          e,
          'files',
          a.files === undefined || a.files === (DEFAULT as unknown)
            ? a.files
            : a.files.map((f) => {
                const fe: [string, unknown][] = [
                  ['path', f.path],
                  ['bytes_b64', f.bytes_b64],
                ];
                field(fe, 'mode', f.mode, null);
                return obj(fe);
              }),
          [],
        );
        field(
          e,
          'health_check',
          a.health_check === undefined || a.health_check === (DEFAULT as unknown)
            ? a.health_check
            : (() => {
                const h = a.health_check;
                const he: [string, unknown][] = [['command', h.command]];
                field(he, 'interval_secs', h.interval_secs, 30);
                field(he, 'timeout_secs', h.timeout_secs, 5);
                field(he, 'retries', h.retries, 3);
                field(he, 'start_period_secs', h.start_period_secs, 0);
                return obj(he);
              })(),
          null,
        );
        return obj(e);
      });
  }),
);

export const validWorkload: fc.Arbitrary<JsonValue> = fc
  .record({
    schema_version: fc.constantFrom('0.1', '0.0', '0.2', '00.01', '+0.1'),
    id,
    app: validApp,
    volumes: maybe(fc.array(fc.record({ name: anyString, size_mb: u32, persist: fc.constant(false) }), { maxLength: 2 })),
    extensions: maybe(openObject),
  })
  .map((w) => {
    const e: [string, unknown][] = [
      ['schema_version', w.schema_version],
      ['id', w.id],
      ['apps', [w.app]],
    ];
    field(e, 'volumes', w.volumes, []);
    field(e, 'extensions', w.extensions, jsonObject());
    return obj(e);
  });

/** JSON text for a value (JSON.stringify enumerates own keys, so `__proto__` entries survive). */
export const toText = (v: JsonValue, indent?: number): string => JSON.stringify(v, null, indent);
