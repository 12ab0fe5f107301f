import './zod-locales';
import { z } from 'zod';
import { isJsonObject, jsonEntries, jsonObject, setJsonKey, type JsonValue } from './json';

/**
 * What zod cannot express: a map key named `__proto__`. zod skips such a record key (it never
 * validates it) and builds its output by assignment into `{}`, where `__proto__` would set the
 * prototype. So before zod sees a document, such keys are renamed to PROTO_SENTINEL (it contains
 * U+0000, which the JSON reader rejects in every key, so it can never collide with a real key), and
 * every map and open JSON value of the schema ends in a transform that restores the key into a
 * null-prototype object. Paths in zod's issues are mapped back by shape-issues.ts.
 */
export const PROTO_SENTINEL = '\u0000__proto__';

/** A map keyed by arbitrary strings (a null-prototype object in parsed models). */
export type StringMap<T> = { [key: string]: T };

const restoreKey = (k: string): string => (k === PROTO_SENTINEL ? '__proto__' : k);

/** Renames every `__proto__` key (at any depth) to the sentinel, copying the document. */
export function escapeProtoKeys(v: JsonValue): JsonValue {
  if (Array.isArray(v)) return v.map(escapeProtoKeys);
  if (!isJsonObject(v)) return v;
  return jsonObject(jsonEntries(v).map(([k, x]) => [k === '__proto__' ? PROTO_SENTINEL : k, escapeProtoKeys(x)]));
}

/** An empty map of the model (null prototype), fresh per call so defaults are never shared. */
export function emptyMap<T>(): StringMap<T> {
  return Object.create(null) as StringMap<T>;
}

/** One map level: sentinel keys back to `__proto__`, into a null-prototype object. */
function restoreMap<T>(m: Record<string, T>): StringMap<T> {
  const out = emptyMap<T>();
  for (const k of Object.keys(m))
    Object.defineProperty(out, restoreKey(k), { value: m[k], enumerable: true, writable: true, configurable: true });
  return out;
}

/** An open JSON value, deeply: null-prototype objects with `__proto__` keys restored. */
export function restoreJson(v: z.core.util.JSONType): JsonValue {
  if (Array.isArray(v)) return v.map(restoreJson);
  if (v === null || typeof v !== 'object') return v;
  const out = jsonObject();
  for (const k of Object.keys(v))
    setJsonKey(out, restoreKey(k), restoreJson((v as Record<string, z.core.util.JSONType>)[k] as z.core.util.JSONType));
  return out;
}

/** A string-keyed map of `value` whose output keeps any key (`env`, `extensions`, `params`). */
export function irMap<T extends z.ZodType>(value: T) {
  return z.record(z.string(), value).transform((m) => restoreMap(m as Record<string, z.output<T>>));
}
