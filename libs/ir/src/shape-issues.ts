import type { z } from 'zod';
import { diagnostic, type Diagnostic } from './diagnostic';
import { isJsonObject, type JsonValue } from './json';
import { PROTO_SENTINEL } from './proto-keys';
import { jqPath, type PathSegment } from './path';

/**
 * Bridges zod and the IR's error contract (ir-v0 §3.5): zod issues become E_UNKNOWN_FIELD /
 * E_MALFORMED_MANIFEST diagnostics with jq paths; sentinel keys (proto-keys.ts) are mapped back.
 */
const unescapeKey = (k: PathSegment): PathSegment => (k === PROTO_SENTINEL ? '__proto__' : k);

function valueAt(root: unknown, path: readonly PathSegment[]): unknown {
  let cur: unknown = root;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    if (!Object.prototype.hasOwnProperty.call(cur, seg)) return undefined;
    cur = (cur as Record<string | number, unknown>)[seg];
  }
  return cur;
}

function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return 'integer';
  return typeof v;
}

function shown(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : jsonType(v);
}

type Issue = z.core.$ZodIssue;

/** Converts zod issues (from parsing `root`, the escaped document) into IR diagnostics. */
export function issuesToDiagnostics(issues: readonly Issue[], root: unknown, base: readonly PathSegment[] = []): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const issue of issues) {
    const segs = [...base, ...(issue.path as PathSegment[])];
    const at = (extra: readonly PathSegment[] = []) => jqPath([...segs, ...extra].map(unescapeKey));
    const input = valueAt(root, segs);
    switch (issue.code) {
      case 'unrecognized_keys':
        for (const key of issue.keys)
          out.push(diagnostic('E_UNKNOWN_FIELD', at([key]), `unknown field ${JSON.stringify(unescapeKey(key))}`));
        break;
      case 'invalid_type':
        out.push(
          input === undefined
            ? diagnostic('E_MALFORMED_MANIFEST', at(), 'missing required field')
            : diagnostic('E_MALFORMED_MANIFEST', at(), `expected ${expectedName(issue.expected)}, got ${jsonType(input)}`),
        );
        break;
      case 'too_small':
      case 'too_big':
        out.push(diagnostic('E_MALFORMED_MANIFEST', at(), `${String(input)} is out of range (${rangeOf(issue)})`));
        break;
      case 'invalid_value':
        if (input === undefined) {
          out.push(diagnostic('E_MALFORMED_MANIFEST', at(), 'missing required field'));
          break;
        }
        out.push(
          diagnostic(
            'E_MALFORMED_MANIFEST',
            at(),
            `unknown value ${shown(input)}; expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`,
          ),
        );
        break;
      case 'invalid_union':
        out.push(...unionDiagnostics(issue, segs, input, root));
        break;
      default:
        out.push(diagnostic('E_MALFORMED_MANIFEST', at(), issue.message));
    }
  }
  return out;
}

function expectedName(expected: string): string {
  if (expected === 'number') return 'an integer';
  if (expected === 'record' || expected === 'object') return 'an object';
  if (expected === 'array') return 'an array';
  if (expected === 'string') return 'a string';
  if (expected === 'boolean') return 'a boolean';
  return expected;
}

function rangeOf(issue: Issue): string {
  const i = issue as { code: string; minimum?: unknown; maximum?: unknown };
  return i.code === 'too_small' ? `minimum ${String(i.minimum)}` : `maximum ${String(i.maximum)}`;
}

function unionDiagnostics(
  issue: Extract<Issue, { code: 'invalid_union' }>,
  segs: PathSegment[],
  input: unknown,
  root: unknown,
): Diagnostic[] {
  const path = jqPath(segs.map(unescapeKey));
  const disc = (issue as { discriminator?: string }).discriminator;
  if (disc !== undefined) {
    // zod reports an unknown or missing discriminator at `<object>.kind`.
    const objSegs = segs[segs.length - 1] === disc ? segs.slice(0, -1) : segs;
    const obj = valueAt(root, objSegs);
    const objPath = jqPath(objSegs.map(unescapeKey));
    if (!isJsonObject(obj as JsonValue)) return [diagnostic('E_MALFORMED_MANIFEST', objPath, `expected an object, got ${jsonType(obj)}`)];
    const kind = (obj as Record<string, unknown>)[disc];
    if (!Object.prototype.hasOwnProperty.call(obj, disc)) return [diagnostic('E_MALFORMED_MANIFEST', objPath, `missing "${disc}"`)];
    const options = ((issue as { options?: unknown[] }).options ?? []).map((o) => JSON.stringify(o)).join(', ');
    return [
      diagnostic(
        'E_MALFORMED_MANIFEST',
        jqPath([...objSegs, disc].map(unescapeKey)),
        `unknown ${disc} ${shown(kind)}; expected one of ${options}`,
      ),
    ];
  }
  if (input === undefined) return [diagnostic('E_MALFORMED_MANIFEST', path, 'missing required field')];
  // NetworkMode (externally tagged): only `{"custom": …}` is examined further.
  if (segs[segs.length - 1] === 'mode' && issue.errors.length === 2) {
    if (typeof input === 'string') {
      return [
        diagnostic(
          'E_MALFORMED_MANIFEST',
          path,
          `unknown network mode ${JSON.stringify(input)}; expected "none", "bridge", "host" or {"custom":{…}}`,
        ),
      ];
    }
    const keys = isJsonObject(input as JsonValue) ? Object.keys(input as object) : null;
    if (keys && keys.length === 1 && keys[0] === 'custom') return issuesToDiagnostics(issue.errors[1] ?? [], root, segs);
    return [
      diagnostic('E_MALFORMED_MANIFEST', path, 'network mode must be "none", "bridge", "host" or an object with exactly the key "custom"'),
    ];
  }
  return [diagnostic('E_MALFORMED_MANIFEST', path, `unexpected ${jsonType(input)}`)];
}
