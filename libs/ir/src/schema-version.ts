import { diagnostic, type Diagnostic } from './diagnostic';

/** Accepted schema versions: major 0, minor 0–2 (ir-v0 §1, §8). */
export const SUPPORTED_MAJOR = 0;
export const MAX_MINOR = 2;
/** The version mvmforge emits. */
export const EMITTED_SCHEMA_VERSION = '0.1';

export type SchemaVersion = { major: number; minor: number };

const U32_PART = /^\+?[0-9]+$/;

function parseU32(part: string): number | null {
  if (!U32_PART.test(part)) return null;
  const digits = part.replace(/^\+/, '').replace(/^0+(?=.)/, '');
  if (digits.length > 10) return null;
  const n = Number(digits);
  return n <= 4_294_967_295 ? n : null;
}

/** §8 steps 1–3: `MAJOR.MINOR`, each an unsigned 32-bit integer (optional `+`, leading zeros ok). */
export function parseSchemaVersion(s: string): SchemaVersion | null {
  const parts = s.split('.');
  // Both parts are parsed before the part count is checked, as upstream does.
  const major = parts[0] === undefined ? null : parseU32(parts[0]);
  const minor = parts[1] === undefined ? null : parseU32(parts[1]);
  if (major === null || minor === null || parts.length !== 2) return null;
  return { major, minor };
}

/** V1: at most one version error, at `.schema_version`. */
export function checkSchemaVersion(s: string): Diagnostic | null {
  const v = parseSchemaVersion(s);
  const at = '.schema_version';
  if (!v) return diagnostic('E_MALFORMED_VERSION', at, `schema_version ${JSON.stringify(s)} is not MAJOR.MINOR`);
  if (v.major !== SUPPORTED_MAJOR)
    return diagnostic('E_UNSUPPORTED_MAJOR', at, `schema major version ${v.major} is not supported (expected ${SUPPORTED_MAJOR})`);
  if (v.minor > MAX_MINOR)
    return diagnostic('E_MINOR_TOO_HIGH', at, `schema minor version ${v.minor} is newer than supported (at most ${MAX_MINOR})`);
  return null;
}
