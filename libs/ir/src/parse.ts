import { CodedError, diagnostic, type Diagnostic } from './diagnostic';
import { checkInputSize, maxInputBytes } from './input-limit';
import { isJsonObject, parseJson, type JsonValue } from './json';
import type { Workload } from './model';
import { pathIndex } from './path';
import { WorkloadSchema } from './schema';
import { escapeProtoKeys } from './proto-keys';
import { issuesToDiagnostics } from './shape-issues';

export type ParseWorkloadResult = { ok: true; workload: Workload } | { ok: false; errors: Diagnostic[] };

/**
 * The strict IR parser (ir-v0 §3): bytes → JSON (json.ts) → shape check (zod, every error
 * reported) → typed model: zod's own output (defaults filled, absent nullable fields `null`, map
 * keys restored by the schema's transforms). Any error means no model, no validation, no hash.
 */
export function parseWorkload(input: string | Uint8Array, opts: { maxInputBytes?: number } = {}): ParseWorkloadResult {
  // The size cap comes first: nothing of an oversized document is parsed (input-limit.ts).
  let limit: number;
  try {
    limit = opts.maxInputBytes ?? maxInputBytes();
  } catch (err) {
    if (err instanceof CodedError) return { ok: false, errors: [...err.diagnostics] };
    throw err;
  }
  const tooLarge = checkInputSize(input, limit);
  if (tooLarge) return { ok: false, errors: [tooLarge] };
  const json = parseJson(input);
  if (!json.ok) return json;
  const escaped = escapeProtoKeys(json.value);
  const checked = WorkloadSchema.safeParse(escaped);
  if (!checked.success) return { ok: false, errors: withNetworkModeRule(issuesToDiagnostics(checked.error.issues, escaped), escaped) };
  return { ok: true, workload: checked.data };
}

/**
 * §3.5: a NetworkMode object whose key set is not exactly `custom` is one error at the path of
 * `mode` (zod's union may instead report the extra keys); nothing inside it is examined.
 */
function withNetworkModeRule(errors: Diagnostic[], doc: JsonValue): Diagnostic[] {
  const badModes: string[] = [];
  const apps = isJsonObject(doc) && Array.isArray(doc.apps) ? doc.apps : [];
  apps.forEach((app, i) => {
    const network = isJsonObject(app) ? app.network : undefined;
    const mode = isJsonObject(network) ? network.mode : undefined;
    if (isJsonObject(mode) && (Object.keys(mode).length !== 1 || Object.keys(mode)[0] !== 'custom')) {
      badModes.push(`${pathIndex('.apps', i)}.network.mode`);
    }
  });
  if (badModes.length === 0) return errors;
  const inside = (p: string, m: string) => p === m || p.startsWith(`${m}.`) || p.startsWith(`${m}[`);
  const kept = errors.filter((e) => !badModes.some((m) => inside(e.path, m)));
  const replaced = badModes.map((m) =>
    diagnostic('E_MALFORMED_MANIFEST', m, 'network mode must be "none", "bridge", "host" or an object with exactly the key "custom"'),
  );
  return [...kept, ...replaced];
}
