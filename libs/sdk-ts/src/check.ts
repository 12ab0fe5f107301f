/**
 * Type, range and shape checks shared by every constructor (python-sdk.md §5). Each check throws
 * DeclarationError at the author's call site; `what` names the argument so the author sees which
 * value is wrong. The wording follows the Python SDK with JavaScript type names.
 */
import { fail } from './errors';

export const ID_PATTERN = '^[a-z][a-z0-9-]{0,62}$';
export const ENV_NAME_PATTERN = '^[A-Za-z_][A-Za-z0-9_]*$';
// One spelling of the id rule; the SDK has no runtime dependencies, so it cannot import @mvmforge/ir's ID_PATTERN.
export const ID_RE = new RegExp(ID_PATTERN);
const ENV_NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;
// A UTF-16 string with an unpaired surrogate has no UTF-8 form, so it cannot be IR text.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const U16_MAX = 65535;
export const U32_MAX = 4294967295;
/** The IR is integer-only and capped at 2^53 − 1 (ir-v0 §3.4). */
export const U64_MAX = Number.MAX_SAFE_INTEGER;

/** A JSON value the IR accepts in open fields: no floats, no undefined. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
/** A JSON object (extensions, schemas, params, config). */
export type JsonObject = { [key: string]: JsonValue };

/** The JavaScript name of a value's type, as shown in messages. */
export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (value instanceof Uint8Array) return value.constructor.name;
  if (typeof value === 'object') {
    const ctor = Object.getPrototypeOf(value)?.constructor?.name;
    return ctor && ctor !== 'Object' ? ctor : 'object';
  }
  if (typeof value === 'number' && !Number.isInteger(value)) return 'float';
  return typeof value;
}

/** A string quoted the way Python's repr() quotes it (the SDKs share their wording). */
export function repr(value: string): string {
  if (value.includes("'") && !value.includes('"')) return JSON.stringify(value);
  return `'${JSON.stringify(value).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'")}'`;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

export function string(value: unknown, what: string): string {
  if (typeof value !== 'string') fail(`${what} must be a string, got ${typeName(value)}`);
  if (value.includes('\u0000')) fail(`${what} must not contain U+0000`);
  if (LONE_SURROGATE.test(value)) fail(`${what} is not valid Unicode text (lone surrogate)`);
  return value;
}

export function boolean(value: unknown, what: string): boolean {
  if (typeof value !== 'boolean') fail(`${what} must be a boolean, got ${typeName(value)}`);
  return value;
}

export function integer(value: unknown, what: string, low: number, high: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) fail(`${what} must be an integer, got ${typeName(value)}`);
  if (value < low || value > high) fail(`${what} must be between ${low} and ${high}, got ${value}`);
  return value === 0 ? 0 : value; // -0 is 0 in the IR
}

export const u16 = (value: unknown, what: string): number => integer(value, what, 0, U16_MAX);
export const u32 = (value: unknown, what: string): number => integer(value, what, 0, U32_MAX);
export const u64 = (value: unknown, what: string): number => integer(value, what, 0, U64_MAX);
export const port = (value: unknown, what: string): number => integer(value, what, 1, U16_MAX);

export function sequence(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value)) fail(`${what} must be an array, got ${typeName(value)}`);
  return [...value];
}

export function stringList(value: unknown, what: string, nonEmpty = false): string[] {
  const items = sequence(value, what);
  if (nonEmpty && items.length === 0) fail(`${what} must not be empty`);
  return items.map((item, i) => string(item, `${what}[${i}]`));
}

export function oneOf<T extends string>(value: unknown, what: string, allowed: readonly T[]): T {
  string(value, what);
  if (!(allowed as readonly string[]).includes(value as string)) {
    fail(`${what} must be one of ${allowed.map(repr).join(', ')}, got ${repr(value as string)}`);
  }
  return value as T;
}

export function identifier(value: unknown, what: string): string {
  string(value, what);
  if (!ID_RE.test(value as string)) fail(`${what} ${repr(value as string)} must match ${ID_PATTERN}`);
  return value as string;
}

export function envName(value: unknown, what: string): string {
  string(value, what);
  if (!ENV_NAME_RE.test(value as string)) fail(`${what} ${repr(value as string)} must match ${ENV_NAME_PATTERN}`);
  return value as string;
}

/** ir-v0 §10.2: absolute, not '/', no LF/CR, no empty/'.'/'..' component, no trailing '/'. */
export function workingDir(value: unknown, what = 'workingDir'): string {
  const dir = string(value, what);
  let problem: string | undefined;
  if (!dir.startsWith('/')) problem = 'must be an absolute path';
  else if (dir === '/') problem = "must not be '/'";
  else if (dir.includes('\n') || dir.includes('\r')) problem = 'must not contain a line break';
  else if (dir.endsWith('/')) problem = "must not end with '/'";
  else if (
    dir
      .slice(1)
      .split('/')
      .some((part) => part === '' || part === '.' || part === '..')
  ) {
    problem = "must be normalized (no empty, '.' or '..' component)";
  }
  if (problem) fail(`${what} ${repr(dir)} ${problem}`);
  return dir;
}

/** A JSON-compatible value (open IR values): deep-copied, no floats, no U+0000. */
export function jsonValue(value: unknown, what: string): JsonValue {
  if (value === null || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) fail(`${what} must not contain a float (the IR is integer-only), got ${value}`);
    return integer(value, what, -U64_MAX, U64_MAX);
  }
  if (typeof value === 'string') return string(value, what);
  if (Array.isArray(value)) return value.map((item, i) => jsonValue(item, `${what}[${i}]`));
  if (isPlainObject(value)) return jsonObject(value, what);
  return fail(`${what} must be JSON-compatible (string, integer, boolean, null, array, object), got ${typeName(value)}`);
}

export function jsonObject(value: unknown, what: string): JsonObject {
  if (!isPlainObject(value)) fail(`${what} must be an object, got ${typeName(value)}`);
  const result: JsonObject = {};
  for (const [key, item] of Object.entries(value)) {
    string(key, `${what} key`);
    result[key] = jsonValue(item, `${what}[${repr(key)}]`);
  }
  return result;
}
