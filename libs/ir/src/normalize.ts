import type { z } from 'zod';
import { emitRules } from './emit-rules';
import { copyJson, isJsonObject, jsonObject, setJsonKey, type JsonObject, type JsonValue } from './json';
import type { Workload } from './model';
import { WorkloadSchema } from './schema';

/**
 * Normalization (ir-v0 §5) derived from the one schema declaration: the model is written field by
 * field following its zod schema; a field is omitted only where schema.ts tags it with an emit rule
 * (emit-rules.ts). Open JSON values are copied as parsed; key order is irrelevant because the
 * canonical writer sorts keys. The walk reads zod's `_zod.def` (zod 4's documented introspection
 * surface) for the few schema kinds the IR uses.
 */

type Schema = z.core.$ZodType;
/** The parts of zod's definitions the walk reads. */
interface Def {
  type: string;
  innerType?: Schema;
  in?: Schema;
  shape?: Record<string, Schema>;
  valueType?: Schema;
  element?: Schema;
  options?: Schema[];
  discriminator?: string;
  values?: unknown[];
  defaultValue?: unknown;
}

const defOf = (s: Schema): Def => s._zod.def as unknown as Def;

/** The normalized JSON document of a parsed workload (what canonicalize prints and ir_hash hashes). */
export function normalizeWorkload(w: Workload): JsonObject {
  return normalizeWith(WorkloadSchema, w) as JsonObject;
}

/** The normalized form of `value`, a parsed model value of `schema`. */
export function normalizeWith(schema: Schema, value: unknown): JsonValue {
  const def = defOf(schema);
  switch (def.type) {
    case 'default':
    case 'prefault':
    case 'nullable':
    case 'optional':
      return value === null ? null : normalizeWith(def.innerType as Schema, value);
    case 'pipe':
      // The IR's pipes are irMap (record → restored map) and AnyJson (open value → restored copy).
      return defOf(def.in as Schema).type === 'record' ? normalizeWith(def.in as Schema, value) : copyJson(value as JsonValue);
    case 'object':
      return normalizeObject(def.shape as Record<string, Schema>, value as Record<string, unknown>);
    case 'record': {
      const m = value as Record<string, unknown>;
      const out = jsonObject();
      for (const k of Object.keys(m)) setJsonKey(out, k, normalizeWith(def.valueType as Schema, m[k]));
      return out;
    }
    case 'array':
      return (value as unknown[]).map((x) => normalizeWith(def.element as Schema, x));
    case 'union':
      return normalizeWith(unionOption(def, value), value);
    case 'string':
    case 'number':
    case 'boolean':
    case 'enum':
    case 'literal':
      return value as JsonValue;
    default:
      // A schema kind the IR does not use: refuse rather than guess its emit form.
      throw new TypeError(`normalize: unsupported schema kind ${def.type}`);
  }
}

function normalizeObject(shape: Record<string, Schema>, value: Record<string, unknown>): JsonObject {
  const out = jsonObject();
  for (const [key, field] of Object.entries(shape)) {
    const normalized = normalizeWith(field, value[key]);
    if (!omitted(field, normalized)) setJsonKey(out, key, normalized);
  }
  return out;
}

function omitted(field: Schema, normalized: JsonValue): boolean {
  const omit = emitRules.get(field)?.omit;
  if (omit === 'null') return normalized === null;
  if (omit === 'empty')
    return Array.isArray(normalized) ? normalized.length === 0 : isJsonObject(normalized) && Object.keys(normalized).length === 0;
  if (omit === 'default') return normalized === defOf(field).defaultValue;
  return false;
}

/** The option of a union a model value belongs to: by discriminator, else strings vs objects (NetworkMode). */
function unionOption(def: Def, value: unknown): Schema {
  const options = def.options as Schema[];
  const found = options.find((o) => {
    const od = defOf(o);
    if (def.discriminator !== undefined) {
      const tag = defOf((od.shape as Record<string, Schema>)[def.discriminator] as Schema);
      return (tag.values as unknown[]).includes((value as Record<string, unknown>)[def.discriminator]);
    }
    return typeof value === 'string' ? od.type !== 'object' : od.type === 'object';
  });
  if (found === undefined) throw new TypeError('normalize: a model value matches no option of its union');
  return found;
}
