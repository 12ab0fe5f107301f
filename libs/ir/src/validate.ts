import { sortedKeys } from './canonical';
import { diagnostic, type Diagnostic } from './diagnostic';
import type { ErrorCode } from './error-codes';
import type { App, Entrypoint, EnvMap, FunctionEntrypoint, Workload } from './model';
import { ID_PATTERN, isValidEnvName, isValidHostPattern, isValidId, isValidWorkingDir } from './names';
import { pathIndex, pathKey } from './path';
import { checkSchemaVersion } from './schema-version';
import { findSecretShapedProperties } from './secret-schema';
import { detectShell } from './shell-detect';

/**
 * The validator (ir-v0 §9): every rule V1–V33 in evaluation order, returning all errors. It runs on
 * a parsed model and never throws for any parsed input.
 */

export const SUPPORTED_LANGUAGES: readonly string[] = ['python', 'node', 'wasm'];
const MIN_MAX_CALLS_PER_WORKER = 100;
const POOL_SIZE_MIN = 1;
const POOL_SIZE_MAX = 64;
const WILDCARD_HOSTS = new Set(['*', '0.0.0.0', '::', '0.0.0.0/0', '::/0', '[::]', '']);

/** Trims Unicode White_Space (as Rust's `str::trim`; unlike `String.prototype.trim`, not U+FEFF). */
function trimUnicodeWhitespace(s: string): string {
  return s.replace(/^\p{White_Space}+|\p{White_Space}+$/gu, '');
}

export function validateWorkload(w: Workload): Diagnostic[] {
  const out: Diagnostic[] = [];
  const push = (code: ErrorCode, path: string, detail: string) => out.push(diagnostic(code, path, detail));

  const version = checkSchemaVersion(w.schema_version); // V1
  if (version) out.push(version);
  if (!isValidId(w.id)) push('E_INVALID_ID', '.id', idDetail('workload id', w.id)); // V2
  if (w.apps.length === 0)
    push('E_EMPTY_APPS', '.apps', 'the workload has no apps'); // V3
  else if (w.apps.length > 1) push('E_MULTI_APP_DEFERRED', '.apps', `${w.apps.length} apps declared; v0 supports exactly one`); // V3′

  w.apps.forEach((app, i) => validateApp(app, pathIndex('.apps', i), push));

  w.volumes.forEach((v, k) => {
    if (v.persist)
      push(
        'E_PERSIST_DEFERRED',
        `${pathIndex('.volumes', k)}.persist`,
        `volume ${JSON.stringify(v.name)}: persistent volumes are not supported in v0`,
      ); // V33
  });
  return out;
}

type Push = (code: ErrorCode, path: string, detail: string) => void;

function idDetail(what: string, value: string): string {
  return `${what} ${JSON.stringify(value)} must match ${ID_PATTERN.source} (lowercase letter first, then lowercase letters, digits or '-', at most 63 characters)`;
}

function validateApp(app: App, B: string, push: Push): void {
  if (!isValidId(app.name)) push('E_INVALID_ID', `${B}.name`, idDetail('app name', app.name)); // V4
  if (app.source.kind !== 'local_path')
    push(
      'E_SOURCE_KIND_DEFERRED',
      `${B}.source.kind`,
      `source kind ${JSON.stringify(app.source.kind)} is not supported in v0; use "local_path"`,
    ); // V5
  checkEnv(app.env, `${B}.env`, push); // V6

  const eps = app.entrypoints;
  if (eps.length === 0) push('E_EMPTY_APPS', `${B}.entrypoints`, `app ${JSON.stringify(app.name)} has no entrypoints`); // V7
  const functions = eps.filter((e): e is FunctionEntrypoint => e.kind === 'function');
  if (functions.length > 1) {
    const seen = new Set<string>();
    for (const f of functions) {
      const key = `${f.module}\u0000${f.function}`;
      if (seen.has(key))
        push('E_DUPLICATE_ENTRYPOINT_FUNCTION', `${B}.entrypoints`, `function ${f.module}:${f.function} is declared more than once`); // V8
      seen.add(key);
    }
    const primaries = functions.filter((f) => f.primary).length;
    if (primaries === 0)
      push('E_NO_PRIMARY_ENTRYPOINT', `${B}.entrypoints`, `${functions.length} function entrypoints and none has primary: true`); // V9
    if (primaries > 1)
      push('E_MULTIPLE_PRIMARY_ENTRYPOINTS', `${B}.entrypoints`, `${primaries} function entrypoints have primary: true; exactly one may`); // V10
  }

  eps.forEach((ep, k) => {
    // §9.1 entrypoint alias: `.apps[i].entrypoint` when the app has exactly one entrypoint.
    const EP = eps.length === 1 ? `${B}.entrypoint` : pathIndex(`${B}.entrypoints`, k);
    validateEntrypoint(ep, EP, app, push);
  });

  if (app.network) {
    const n = app.network;
    if (n.mode === 'none' && n.ports.length > 0)
      push('E_NETWORK_PORTS_WITH_NONE', `${B}.network.ports`, 'ports are forwarded but network mode is "none"'); // V21
    if (n.mode === 'host' && functions.length > 0)
      push('E_FUNCTION_NETWORK_HOST_FORBIDDEN', `${B}.network.mode`, 'function workloads may not use network mode "host"'); // V22
    (n.egress?.allowlist ?? []).forEach((hp, j) => {
      if (WILDCARD_HOSTS.has(trimUnicodeWhitespace(hp.host)) || hp.host.includes('/0')) {
        push(
          'E_NETWORK_WILDCARD',
          `${pathIndex(`${B}.network.egress.allowlist`, j)}.host`,
          `egress host ${JSON.stringify(hp.host)} is a wildcard; list specific hosts`,
        ); // V23
      }
    });
    n.peers.forEach((peer, j) => {
      if (!isValidId(peer)) push('E_INVALID_ID', pathIndex(`${B}.network.peers`, j), idDetail('peer', peer)); // V24
    });
  }

  if (functions.length > 0 && app.dependencies === null)
    push(
      'E_DEPS_REQUIRED_FOR_FUNCTION_WORKLOAD',
      `${B}.dependencies`,
      'a function app must declare dependencies (use {"kind":"none"} if it has none)',
    ); // V25

  const addonPairs = new Set<string>();
  app.addons.forEach((addon, n) => {
    const A = pathIndex(`${B}.addons`, n);
    if (!isValidId(addon.name)) push('E_INVALID_ID', `${A}.name`, idDetail('addon name', addon.name)); // V26
    if (addon.alias !== null && !isValidId(addon.alias)) push('E_INVALID_ID', `${A}.alias`, idDetail('addon alias', addon.alias)); // V27
    const pair = JSON.stringify([addon.name, addon.alias]);
    if (addonPairs.has(pair))
      push(
        'E_ADDON_ENV_COLLISION',
        A,
        `addon ${JSON.stringify(addon.name)} with alias ${JSON.stringify(addon.alias)} is used more than once`,
      ); // V28
    addonPairs.add(pair);
    if (addon.tier === 'in_vm') push('E_ADDON_TIER_NOT_IMPLEMENTED', `${A}.tier`, 'addon tier "in_vm" is not implemented; use "separate"'); // V29
    if (!/^[0-9a-f]{64}$/.test(addon.sha256))
      push('E_ADDON_SHA_MISMATCH', `${A}.sha256`, 'sha256 must be exactly 64 lowercase hex characters'); // V30
    if (addon.ref.kind === 'registry') {
      if (addon.ref.url === '') push('E_ADDON_NOT_FOUND', `${A}.ref.url`, 'registry addon ref has an empty url'); // V31
      if (addon.ref.version === '') push('E_ADDON_NOT_FOUND', `${A}.ref.version`, 'registry addon ref has an empty version');
    } else if (addon.ref.path === '') {
      push('E_ADDON_LOCAL_PATH_DRIFT', `${A}.ref.path`, 'local addon ref has an empty path'); // V32
    }
  });
}

function validateEntrypoint(ep: Entrypoint, EP: string, app: App, push: Push): void {
  if (ep.kind === 'command') {
    const shell = detectShell(ep.command);
    if (shell)
      push(
        'E_SHELL_ENTRYPOINT_FORBIDDEN',
        `${EP}.command`,
        `the command launches the shell ${JSON.stringify(shell)}; give the program and its arguments directly`,
      ); // V11
  } else {
    if (!SUPPORTED_LANGUAGES.includes(ep.language))
      push('E_UNSUPPORTED_LANGUAGE', `${EP}.language`, `language ${JSON.stringify(ep.language)} is not one of python, node, wasm`); // V12
    for (const [field, schema] of [
      ['args_schema', ep.args_schema],
      ['return_schema', ep.return_schema],
    ] as const) {
      if (schema === null) continue;
      for (const at of findSecretShapedProperties(schema, `${EP}.${field}`)) {
        push('E_SECRET_IN_SCHEMA', at, 'a secret-shaped property name in a function schema; pass secrets through secret_ref env values'); // V13
      }
    }
    const c = ep.concurrency;
    if (c) {
      const C = `${EP}.concurrency`;
      if (ep.language === 'wasm') push('E_UNSUPPORTED_CONCURRENCY_FOR_LANGUAGE', C, 'concurrency is not supported for wasm functions'); // V14
      if (c.pool_size < POOL_SIZE_MIN || c.pool_size > POOL_SIZE_MAX)
        push('E_INVALID_CONCURRENCY_POOL_SIZE', `${C}.pool_size`, `pool_size ${c.pool_size} is outside ${POOL_SIZE_MIN}–${POOL_SIZE_MAX}`); // V15
      if (c.max_calls_per_worker < MIN_MAX_CALLS_PER_WORKER)
        push(
          'E_INVALID_CONCURRENCY_MAX_CALLS_PER_WORKER',
          `${C}.max_calls_per_worker`,
          `max_calls_per_worker ${c.max_calls_per_worker} is below ${MIN_MAX_CALLS_PER_WORKER}`,
        ); // V16
      if (c.max_rss_mb > app.resources.memory_mb)
        push(
          'E_INVALID_CONCURRENCY_MAX_RSS_MB',
          `${C}.max_rss_mb`,
          `max_rss_mb ${c.max_rss_mb} exceeds the app's memory_mb ${app.resources.memory_mb}`,
        ); // V17
      if (c.in_process === 'concurrent')
        push('E_UNSUPPORTED_CONCURRENCY_IN_PROCESS_MODE', `${C}.in_process`, 'in_process "concurrent" is not supported; use "serial"'); // V18
    }
  }
  if (!isValidWorkingDir(ep.working_dir))
    push(
      'E_INVALID_WORKING_DIR',
      `${EP}.working_dir`,
      `working_dir ${JSON.stringify(ep.working_dir)} must be an absolute, normalized path other than "/" without LF or CR`,
    ); // V19
  checkEnv(ep.env, `${EP}.env`, push); // V20
}

/** §9.3, keys in byte order. */
function checkEnv(env: EnvMap, P: string, push: Push): void {
  for (const key of sortedKeys(env)) {
    const at = pathKey(P, key);
    const value = env[key];
    if (!isValidEnvName(key)) push('E_INVALID_ENV_NAME', at, `env name ${JSON.stringify(key)} must match ^[A-Za-z_][A-Za-z0-9_]*$`);
    if (value?.kind !== 'secret_ref') continue;
    const ref = value.ref;
    if (ref.allowed_hosts.length === 0)
      push(
        'E_SECRET_WITHOUT_BINDING',
        at,
        `secret ${JSON.stringify(ref.name)} has no allowed_hosts; bind it to the hosts that may receive it`,
      );
    ref.allowed_hosts.forEach((host, n) => {
      if (!isValidHostPattern(host))
        push(
          'E_SECRET_INVALID_ALLOWED_HOST',
          pathIndex(`${at}.ref.allowed_hosts`, n),
          `${JSON.stringify(host)} is not a hostname or *.hostname pattern`,
        );
    });
    if (ref.mount.kind === 'env' && !isValidEnvName(ref.mount.var))
      push('E_INVALID_ENV_NAME', `${at}.ref.mount.var`, `env name ${JSON.stringify(ref.mount.var)} must match ^[A-Za-z_][A-Za-z0-9_]*$`);
  }
}
