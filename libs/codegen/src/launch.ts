/**
 * launch.json (artifact-v1 §4): the data the flake reads at evaluation time. Every part is taken
 * from the IR library's normalized document, so launch.json and `ir_hash` can never disagree about
 * what a default or an omitted field means.
 */
import {
  compareCodePoints,
  canonicalJson,
  isJsonObject,
  jsonObject,
  normalizeWorkload,
  TOOLCHAIN_VERSION,
  type JsonObject,
  type JsonValue,
  type Workload,
} from '@mvmforge/ir';

export const ARTIFACT_FORMAT_VERSION = '1.0';
export const FLAKE_ATTRIBUTE = 'mvmforge.workload';
const HOOK_PHASES_SORTED = ['after_start', 'before_build', 'before_start', 'before_stop'] as const;

export interface LaunchInputs {
  workload: Workload;
  /** `irHash(workload)`: over the full normalized IR, secret references included. */
  irHash: string;
  fileCount: number;
  treeHash: string;
  /** The effective bundle rules (default-rules.ts `describeRules`), shown as `source.rules`. */
  sourceRules?: { never: string[]; defaults: string[]; include: string[]; exclude: string[] };
  /** Defaults to the toolchain's own version. */
  toolchainVersion?: string;
}

/** One `secrets` entry: where a secret reference appears, never its value. */
interface SecretEntry {
  allowed_hosts: JsonValue[];
  auth_type: string;
  name: string;
  var: string;
}

function obj(v: JsonValue | undefined, what: string): JsonObject {
  if (!isJsonObject(v)) throw new Error(`internal: normalized IR has no object at ${what}`);
  return v;
}

function arr(v: JsonValue | undefined, what: string): JsonValue[] {
  if (!Array.isArray(v)) throw new Error(`internal: normalized IR has no array at ${what}`);
  return v;
}

/**
 * §4.3: literal entries become plain strings; secret references leave the map and are recorded in
 * `secrets` under the env key (`var`) where they appeared.
 */
function flattenEnv(env: JsonObject, secrets: SecretEntry[]): JsonObject {
  const flat = jsonObject();
  for (const [key, value] of Object.entries(env)) {
    const v = obj(value, `env.${key}`);
    if (v.kind === 'literal') {
      flat[key] = v.value as string;
    } else if (v.kind === 'secret_ref') {
      const ref = obj(v.ref, `env.${key}.ref`);
      secrets.push({
        allowed_hosts: arr(ref.allowed_hosts, `env.${key}.ref.allowed_hosts`),
        auth_type: String(ref.auth_type),
        name: String(ref.name),
        var: key,
      });
    } else {
      throw new Error(`internal: unknown env value kind at env.${key}`);
    }
  }
  return flat;
}

function withFlatEnv(entrypoint: JsonValue, secrets: SecretEntry[]): JsonObject {
  const ep = obj(entrypoint, 'entrypoint');
  const copy = jsonObject(Object.entries(ep));
  copy.env = flattenEnv(obj(ep.env, 'entrypoint.env'), secrets);
  return copy;
}

/** UTF-8 byte order: the one helper of @mvmforge/ir. */
const utf8Compare = compareCodePoints;

/** §4.2 `secrets`: sorted by var, then name, then canonical bytes; exact duplicates listed once. */
export function sortSecrets(entries: readonly SecretEntry[]): JsonObject[] {
  const keyed = entries.map((e) => {
    const o = jsonObject([
      ['allowed_hosts', e.allowed_hosts],
      ['auth_type', e.auth_type],
      ['name', e.name],
      ['var', e.var],
    ]);
    return { e, o, bytes: canonicalJson(o) };
  });
  keyed.sort((a, b) => utf8Compare(a.e.var, b.e.var) || utf8Compare(a.e.name, b.e.name) || utf8Compare(a.bytes, b.bytes));
  const out: JsonObject[] = [];
  let previous: string | undefined;
  for (const k of keyed) {
    if (k.bytes !== previous) out.push(k.o);
    previous = k.bytes;
  }
  return out;
}

/** The primary entrypoint index: the first function entrypoint with `primary: true`, else 0. */
export function primaryIndex(workload: Workload): number {
  const i = workload.apps[0].entrypoints.findIndex((ep) => ep.kind === 'function' && ep.primary === true);
  return i === -1 ? 0 : i;
}

/** Builds the launch.json object (unserialized). */
export function buildLaunch(inputs: LaunchInputs): JsonObject {
  const { workload } = inputs;
  const normalized = normalizeWorkload(workload);
  const app = obj(arr(normalized.apps, 'apps')[0], 'apps[0]');
  const secrets: SecretEntry[] = [];

  const entrypoints = arr(app.entrypoints, 'apps[0].entrypoints').map((ep) => withFlatEnv(ep, secrets));
  const env = flattenEnv(obj(app.env, 'apps[0].env'), secrets);
  // The primary is a separate copy so the two keys never share one object.
  const primary = withFlatEnv(arr(app.entrypoints, 'apps[0].entrypoints')[primaryIndex(workload)], []);

  // Normalization omits empty phases (and `hooks` itself); launch.json always carries all four.
  // Addons are refused before we get here, so the merged hooks are the app's own.
  const appHooks = isJsonObject(app.hooks) ? app.hooks : jsonObject();
  const hooks = jsonObject(HOOK_PHASES_SORTED.map((phase) => [phase, Array.isArray(appHooks[phase]) ? appHooks[phase] : []] as const));

  return jsonObject([
    ['artifact_format_version', ARTIFACT_FORMAT_VERSION],
    ['entrypoint', primary],
    ['entrypoints', entrypoints],
    ['env', env],
    ['flake_attribute', FLAKE_ATTRIBUTE],
    ['flake_path', '.'],
    ['hooks', hooks],
    ['image', obj(app.image, 'apps[0].image')],
    ['ir_hash', inputs.irHash],
    ['ir_schema_version', workload.schema_version],
    ['mounts', arr(app.mounts, 'apps[0].mounts')],
    ['network', app.network === undefined ? null : app.network],
    ['resources', obj(app.resources, 'apps[0].resources')],
    ['secrets', sortSecrets(secrets)],
    [
      'source',
      jsonObject([
        ['file_count', inputs.fileCount],
        ['kind', 'local_path'],
        ...(inputs.sourceRules === undefined
          ? []
          : ([
              [
                'rules',
                jsonObject([
                  ['defaults', inputs.sourceRules.defaults],
                  ['exclude', inputs.sourceRules.exclude],
                  ['include', inputs.sourceRules.include],
                  ['never', inputs.sourceRules.never],
                ]),
              ],
            ] as const)),
        ['subdir', 'src'],
        ['tree_hash', inputs.treeHash],
      ]),
    ],
    ['toolchain_version', inputs.toolchainVersion ?? TOOLCHAIN_VERSION],
    ['workload_id', workload.id],
  ]);
}

/** launch.json bytes: canonical JSON, no trailing newline. */
export function renderLaunchJson(inputs: LaunchInputs): string {
  return canonicalJson(buildLaunch(inputs));
}
