/**
 * @mvmforge/sdk in-process: constructors (IR, defaults, errors at the caller's line), declarations,
 * emit rules and canonical bytes. The emitter (a child Node process) is tested in libs/emit.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as mv from '@mvmforge/sdk';

const ir = (spec: mv.Spec): unknown => spec.ir();
const THIS_FILE = __filename;

/** The DeclarationError `fn` throws; asserts it names this file and the line `fn` is written on. */
function declError(fn: () => unknown, message: string): mv.DeclarationError {
  const expectedLine = Number(/:(\d+):\d+\)?$/.exec(new Error().stack!.split('\n')[2]!)![1]);
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(mv.DeclarationError);
  const err = caught as mv.DeclarationError;
  expect(err.detail).toContain(message);
  expect(err.file).toBe(THIS_FILE);
  expect(err.line).toBe(expectedLine);
  expect(err.message).toBe(`${THIS_FILE}:${expectedLine}: ${err.detail}`);
  return err;
}

beforeEach(() => mv.reset());

describe('source and image', () => {
  test('localPath defaults and order', () => {
    expect(ir(mv.localPath())).toEqual({ kind: 'local_path', path: '.', include: ['**'], exclude: [] });
    expect(ir(mv.localPath('src', { include: ['b/**', 'a/**'], exclude: ['**/x', '**/x'] }))).toEqual({
      kind: 'local_path',
      path: 'src',
      include: ['b/**', 'a/**'],
      exclude: ['**/x', '**/x'],
    });
    expect(ir(mv.localPath('.', { include: [] }))).toMatchObject({ include: ['**'] });
  });

  test('localPath errors at the caller line', () => {
    declError(() => mv.localPath(3 as unknown as string), 'localPath path must be a string, got number');
    declError(() => mv.localPath('.', { include: 'app.ts' as unknown as string[] }), 'include must be an array, got string');
    declError(() => mv.localPath('.', { exclude: [1 as unknown as string] }), 'exclude[0] must be a string');
    declError(() => mv.localPath('a\u0000b'), 'must not contain U+0000');
    declError(() => mv.localPath('\ud800'), 'lone surrogate');
  });

  test('images', () => {
    expect(ir(mv.pythonImage())).toEqual({ kind: 'nix_packages', packages: ['python312'] });
    expect(ir(mv.pythonImage('3', { packages: ['curl'] }))).toMatchObject({ packages: ['python3', 'curl'] });
    expect(ir(mv.nodeImage())).toMatchObject({ packages: ['nodejs_22'] });
    expect(ir(mv.nodeImage('20', { packages: ['git'] }))).toMatchObject({ packages: ['nodejs_20', 'git'] });
    expect(ir(mv.nixPackages(['hello', 'jq']))).toEqual({ kind: 'nix_packages', packages: ['hello', 'jq'] });
    expect(ir(mv.ociBase('ref', 'sha256:d'))).toEqual({ kind: 'oci_base', reference: 'ref', digest: 'sha256:d' });
    expect(ir(mv.nixDerivation('pkgs.hello'))).toEqual({ kind: 'nix_derivation', expr: 'pkgs.hello' });
    expect(ir(mv.ociImage('r', 'sha256:x'))).toEqual({ kind: 'oci_image', reference: 'r', digest: 'sha256:x' });
  });

  test('image errors', () => {
    declError(() => mv.pythonImage('3.12.1'), "python version '3.12.1' must match");
    declError(() => mv.nodeImage('v22'), "node version 'v22' must match ^[0-9]+$");
    declError(() => mv.nixPackages([]), 'packages must not be empty');
  });
});

describe('entrypoints, resources, concurrency', () => {
  test('command entrypoint defaults', () => {
    expect(ir(mv.entrypoint(['node', 'main.js']))).toEqual({ kind: 'command', command: ['node', 'main.js'], working_dir: '/app', env: {} });
  });

  test('function entrypoint: defaults, emit rules', () => {
    expect(ir(mv.entrypointFunction('m', 'f'))).toEqual({
      kind: 'function',
      language: 'python',
      module: 'm',
      function: 'f',
      format: 'json',
      working_dir: '/app',
      env: {},
      primary: false,
    });
    const full = ir(mv.entrypointFunction('m', 'f', { extraImports: [], argsSchema: { a: 1 }, concurrency: mv.warmProcess(1, 2) }));
    expect(full).not.toHaveProperty('extra_imports');
    expect(full).toMatchObject({
      args_schema: { a: 1 },
      concurrency: { kind: 'warm_process', max_calls_per_worker: 1, max_rss_mb: 2, pool_size: 1, in_process: 'serial' },
    });
  });

  test('entrypoint errors', () => {
    declError(() => mv.entrypoint([]), 'command must be a non-empty array of strings');
    declError(() => mv.entrypoint(['x'], { workingDir: 'app' }), "workingDir 'app' must be an absolute path");
    declError(() => mv.entrypoint(['x'], { workingDir: '/a/../b' }), 'must be normalized');
    declError(() => mv.entrypoint(['x'], { env: { 'MY-VAR': 'x' } }), "env key 'MY-VAR' must match ^[A-Za-z_][A-Za-z0-9_]*$");
    // The error must point at the call's line, so the call stays on one line.
    // prettier-ignore
    declError(() => mv.entrypoint(['x'], { env: { N: 3 as unknown as string } }), "env value of 'N' must be a string, mv.literal(...) or mv.secret(...), got number");
    declError(() => mv.entrypointFunction('m', 'f', { format: 'xml' as 'json' }), "format must be one of 'json', 'msgpack', got 'xml'");
    declError(() => mv.entrypointFunction('m', 'f', { argsSchema: { x: 1.5 } }), 'must not contain a float');
    // The error must point at the call's line, so the call stays on one line.
    // prettier-ignore
    declError(() => mv.entrypointFunction('m', 'f', { concurrency: mv.resources() as unknown as mv.Concurrency }), 'concurrency must be the result of mv.warmProcess(...), got mv.resources(...)');
  });

  test('resources: defaults, integer and range checks', () => {
    expect(ir(mv.resources())).toEqual({ cpu_cores: 1, memory_mb: 256, rootfs_size_mb: 512 });
    expect(ir(mv.resources({ cpuCores: 2 }))).toEqual({ cpu_cores: 2, memory_mb: 256, rootfs_size_mb: 512 });
    declError(() => mv.resources({ cpuCores: 1.5 }), 'cpuCores must be an integer, got float');
    declError(() => mv.resources({ memoryMb: true as unknown as number }), 'memoryMb must be an integer, got boolean');
    declError(() => mv.resources({ cpuCores: 65536 }), 'cpuCores must be between 0 and 65535, got 65536');
    declError(() => mv.warmProcess(1, 1, { inProcess: 'parallel' as 'serial' }), "inProcess must be one of 'serial', 'concurrent'");
    declError(() => mv.warmProcess(2 ** 53, 1), 'maxCallsPerWorker must be between 0 and 9007199254740991');
  });
});

describe('env, secrets, mounts, network, dependencies, hooks, files, addons', () => {
  test('secret var defaults to the env key', () => {
    const token = mv.secret('t', { type: 'bearer', hosts: ['h'] });
    mv.workload('w');
    mv.app({ entrypoint: mv.entrypoint(['x'], { env: { EP: token } }), env: { TOKEN: token, LIT: mv.literal('v'), S: 'plain' } });
    const app = (mv.buildIr().apps as Array<Record<string, any>>)[0]!;
    expect(app.env.TOKEN.ref.mount).toEqual({ kind: 'env', var: 'TOKEN' });
    expect(app.entrypoints[0].env.EP.ref.mount).toEqual({ kind: 'env', var: 'EP' });
    expect(app.env.LIT).toEqual({ kind: 'literal', value: 'v' });
    expect(app.env.S).toEqual({ kind: 'literal', value: 'plain' });
  });

  test('secret errors', () => {
    declError(() => mv.secret('s', { type: 'bearer', hosts: [] }), "secret 's' needs a non-empty hosts list");
    // The error must point at the call's line, so the call stays on one line.
    // prettier-ignore
    declError(() => mv.secret('s', { type: 'oauth' as 'bearer', hosts: ['h'] }), "secret type must be one of 'sigv4', 'hmac', 'bearer', 'basic', got 'oauth'");
    declError(() => mv.secret('s', { type: 'bearer', hosts: ['h'], var: 'A', file: '/f' }), 'var and file are mutually exclusive');
    declError(() => mv.secret('s', { type: 'bearer', hosts: ['h'], var: '1A' }), "secret var '1A' must match");
  });

  test('mounts and volumes', () => {
    expect(ir(mv.volume('v', { target: '/v' }))).toEqual({ target: '/v', source: { kind: 'volume', name: 'v' }, mode: 'rw' });
    expect(ir(mv.hostPath('/h', { target: '/t' }))).toMatchObject({ mode: 'ro', source: { kind: 'host_path', path: '/h' } });
    expect(ir(mv.tmpfs(16, { target: '/tmp' }))).toMatchObject({ mode: 'rw', source: { kind: 'tmpfs', size_mb: 16 } });
    expect(ir(mv.externalMount('p', { a: [1, null] }, { target: '/e' }))).toMatchObject({
      mode: 'ro',
      source: { kind: 'external', provider: 'p', config: { a: [1, null] } },
    });
    expect(ir(mv.volumeDef('v', 1))).toEqual({ name: 'v', size_mb: 1, persist: false });
    declError(() => mv.volume('v', { target: '/v', mode: 'rx' as 'ro' }), "mount mode must be one of 'ro', 'rw', got 'rx'");
  });

  test('network', () => {
    expect(ir(mv.network())).toEqual({ mode: 'none', ports: [] });
    expect(ir(mv.port(8080))).toEqual({ guest: 8080, host: 8080, proto: 'tcp' });
    expect(ir(mv.dnsResolver('1.1.1.1'))).toEqual({ kind: 'resolver', host: '1.1.1.1', port: 53 });
    expect(ir(mv.network('bridge', { peers: [] }))).not.toHaveProperty('peers');
    declError(() => mv.port(0), 'port guest must be between 1 and 65535, got 0');
    declError(() => mv.network('wifi' as 'none'), "network mode must be one of 'none', 'bridge', 'host', got 'wifi'");
    declError(() => mv.network('bridge', { peers: ['Bad Peer'] }), "peers[0] 'Bad Peer' must match");
    // The error must point at the call's line, so the call stays on one line.
    // prettier-ignore
    declError(() => mv.egress([{ host: 'h', port: 1 } as unknown as mv.HostPort]), 'egress allowlist[0] must be the result of mv.hostPort(...), got object');
  });

  test('dependencies', () => {
    expect(ir(mv.pythonDeps('l', { tool: 'pip-tools' }))).toEqual({ kind: 'python', lockfile: 'l', tool: 'pip_tools' });
    expect(ir(mv.nodeDeps('package-lock.json'))).toEqual({ kind: 'node', lockfile: 'package-lock.json', tool: 'pnpm' });
    expect(ir(mv.noDeps())).toEqual({ kind: 'none' });
    declError(() => mv.nodeDeps('l', { tool: 'bun' as 'npm' }), "tool must be one of 'pnpm', 'npm', 'yarn', got 'bun'");
  });

  test('hooks: string = shell, array element = one command, empty phases omitted', () => {
    mv.workload('w');
    mv.app({
      entrypoint: mv.entrypoint(['x']),
      beforeBuild: 'make',
      beforeStart: ['a', ['b', 'c'], mv.hook(['d'])],
      afterStart: [],
    });
    const app = (mv.buildIr().apps as Array<Record<string, any>>)[0]!;
    expect(app.hooks).toEqual({
      before_build: [{ kind: 'shell', line: 'make' }],
      before_start: [
        { kind: 'shell', line: 'a' },
        { kind: 'argv', argv: ['b', 'c'] },
        { kind: 'argv', argv: ['d'] },
      ],
    });
    declError(() => mv.hook([]), 'hook argv must be a non-empty array of strings');
  });

  test('files: base64, modes', () => {
    expect(ir(mv.file('/a', 'hé'))).toEqual({ path: '/a', bytes_b64: 'aMOp' });
    expect(ir(mv.file('/a', new Uint8Array([0, 255]), { mode: 0o755 }))).toEqual({ path: '/a', bytes_b64: 'AP8=', mode: '0755' });
    expect(ir(mv.file('/a', '', { mode: '644' }))).toMatchObject({ mode: '644' });
    declError(() => mv.file('/a', 'x', { mode: '0999' }), "file mode '0999' must be an octal string matching ^[0-7]{3,4}$");
    declError(() => mv.file('/a', 5 as unknown as string), 'file content must be a Uint8Array or string, got number');
  });

  test('health check and addons', () => {
    expect(ir(mv.healthCheck(['true']))).toEqual({
      command: ['true'],
      interval_secs: 30,
      timeout_secs: 5,
      retries: 3,
      start_period_secs: 0,
    });
    expect(ir(mv.addonUse('redis', { sha256: 's', version: '7' }))).toEqual({
      name: 'redis',
      tier: 'separate',
      ref: { kind: 'registry', url: 'addons.mvm.io/redis', version: '7' },
      sha256: 's',
    });
    declError(() => mv.addonUse('redis', { sha256: 's' }), "addon 'redis' needs exactly one of version (registry) or path (local)");
    declError(() => mv.addonUse('x', { sha256: 's', path: 'p', url: 'u' }), 'url only applies to registry addons');
    // The error must point at the call's line, so the call stays on one line.
    // prettier-ignore
    declError(() => mv.addonUse('x', { sha256: 's', path: 'p', hooks: { during: 'x' } as mv.Hooks }), "addon hooks phase 'during' must be one of");
  });
});

describe('declarations', () => {
  test('minimal command workload: the ir-v0 §12.1 hello bytes, either order', () => {
    mv.app('hello', { entrypoint: mv.entrypoint(['python', '-m', 'hello']) });
    mv.workload('hello');
    expect(mv.emitJson()).toBe(
      '{"apps":[{"dependencies":null,"entrypoints":[{"command":["python","-m","hello"],"env":{},"kind":"command",' +
        '"working_dir":"/app"}],"env":{},"image":{"kind":"nix_packages","packages":["python312"]},"mounts":[],' +
        '"name":"hello","network":null,"resources":{"cpu_cores":1,"memory_mb":256,"rootfs_size_mb":512},' +
        '"source":{"exclude":[],"include":["**"],"kind":"local_path","path":"."}}],"extensions":{},"id":"hello",' +
        '"schema_version":"0.1","volumes":[]}',
    );
  });

  test('canonical key order is by code point (U+FFFF sorts after an astral character in UTF-16 but not in code points)', () => {
    mv.workload('w', { extensions: { '\u{1F600}': 1, '\uffff': 2, '10': 3, '9': 4 } });
    mv.app({ entrypoint: mv.entrypoint(['x']) });
    expect(mv.emitJson()).toContain('"extensions":{"10":3,"9":4,"\uffff":2,"\u{1F600}":1}');
  });

  test('declaration errors', () => {
    expect(() => mv.buildIr()).toThrow(new mv.DeclarationError('no workload declared'));
    declError(() => mv.workload('Hello'), "workload id 'Hello' must match ^[a-z][a-z0-9-]{0,62}$");
    mv.workload('one');
    const twice = declError(() => mv.workload('two'), 'may be called only once');
    expect(twice.detail).toContain(`first call at ${THIS_FILE}:`);
    declError(() => mv.app({}), 'mv.app(...) needs exactly one of entrypoint or entrypoints');
    declError(() => mv.app({ entrypoints: [] }), 'entrypoints must contain at least one entrypoint');
    // The error must point at the call's line, so the call stays on one line.
    // prettier-ignore
    declError(() => mv.app({ entrypoint: mv.entrypoint(['x']), workDir: '/x' } as mv.AppOptions), "mv.app(...) got an unknown option 'workDir'");
    mv.app('a', { entrypoint: mv.entrypoint(['x']) });
    declError(() => mv.app('a', { entrypoint: mv.entrypoint(['x']) }), "an app named 'a' is already declared at");
  });

  test('function app: dependencies default to none, primary emitted, network null, threat tier omitted', () => {
    mv.workload('w');
    mv.app({ entrypoint: mv.entrypointFunction('m', 'f', { primary: true }) });
    const app = (mv.buildIr().apps as Array<Record<string, any>>)[0]!;
    expect(app.dependencies).toEqual({ kind: 'none' });
    expect(app.network).toBeNull();
    expect(app).not.toHaveProperty('threat_tier');
    expect(app.entrypoints[0].primary).toBe(true);
  });
});

describe('func', () => {
  test('wraps the function unchanged; name from the function in kebab-case; module = this file stem; language node', () => {
    function callApi(a: number): number {
      return a + 1;
    }
    const wrapped = mv.func({ dependencies: mv.noDeps() }, callApi);
    expect(wrapped).toBe(callApi);
    const doc = mv.buildIr();
    expect(doc.id).toBe('call-api');
    const app = (doc.apps as Array<Record<string, any>>)[0]!;
    expect(app.image).toEqual({ kind: 'nix_packages', packages: ['nodejs_22'] });
    expect(app.entrypoints).toEqual([
      {
        kind: 'function',
        language: 'node',
        module: 'sdk.test',
        function: 'callApi',
        format: 'json',
        working_dir: '/app',
        env: {},
        primary: true,
      },
    ]);
  });

  test('curried form, second func on the same name adds a non-primary entrypoint', () => {
    const add = mv.func({ name: 'calc' })(function add() {});
    mv.func({ name: 'calc' }, function mul() {});
    expect(typeof add).toBe('function');
    const app = (mv.buildIr().apps as Array<Record<string, any>>)[0]!;
    expect(app.entrypoints.map((e: { function: string; primary: boolean }) => [e.function, e.primary])).toEqual([
      ['add', true],
      ['mul', false],
    ]);
  });

  test('errors point at the func line', () => {
    mv.func({ name: 'calc' }, function add() {});
    // The error must point at the call's line, so the call stays on one line.
    // prettier-ignore
    declError(() => mv.func({ name: 'calc', image: mv.nodeImage() }, function mul() {}), "app-level option(s) image may only be given on the first mv.func({ name: 'calc' })");
    declError(() => mv.func({}, () => 1), 'needs name for an anonymous function');
    declError(() => mv.func({ name: 'x' }, 3 as unknown as () => void), 'mv.func(...) must wrap a function, got number');
    declError(() => mv.func({ format: 'xml' as 'json' }, function f() {}), "format must be one of 'json', 'msgpack'");
    expect(mv.defaultAppName('callAPIv2_x')).toBe('call-ap-iv2-x');
    expect(mv.defaultAppName('handler')).toBe('handler');
  });
});

describe('parity with the Python SDK', () => {
  test('the every-type document written in TypeScript has the exact bytes the Python suite pins', () => {
    // Loaded once, here (declarations run at load time, into the same SDK instance as `mv`).
    require('./fixtures/every-type/app');
    const expected = readFileSync(join(__dirname, '..', '..', 'sdk-python', 'tests', 'fixtures', 'every_type', 'expected.ir.json'), 'utf8');
    expect(mv.emitJson()).toBe(expected);
  });

  test("upstream's hello-parity vector hashes to b7106af4… (the Python suite pins the same)", () => {
    require('./fixtures/hello-parity/app');
    expect(createHash('sha256').update(mv.emitJson(), 'utf8').digest('hex')).toBe(
      'b7106af4133c7d678744adb3b617e7289bc3f4c131b2df03a8e9cc49aac90037',
    );
  });

  test('VERSION equals the toolchain version', () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'ir', 'package.json'), 'utf8')) as { version: string };
    expect(mv.VERSION).toBe(pkg.version);
    expect(mv.SCHEMA_VERSION).toBe('0.1');
  });
});
