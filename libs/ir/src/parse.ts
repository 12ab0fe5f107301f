import type { Diagnostic } from './diagnostic';
import { buildWorkload } from './build-model';
import { parseJson, type JsonObject } from './json';
import type { Workload } from './model';
import { WorkloadSchema } from './schema';
import { escapeProtoKeys, issuesToDiagnostics } from './shape-issues';

export type ParseWorkloadResult = { ok: true; workload: Workload } | { ok: false; errors: Diagnostic[] };

/**
 * The strict IR parser (ir-v0 §3): bytes → JSON (json.ts) → shape check (zod, every error
 * reported) → typed model with defaults filled. Any error means no model, no validation, no hash.
 */
export function parseWorkload(input: string | Uint8Array): ParseWorkloadResult {
  const json = parseJson(input);
  if (!json.ok) return json;
  const escaped = escapeProtoKeys(json.value);
  const checked = WorkloadSchema.safeParse(escaped);
  if (!checked.success) return { ok: false, errors: issuesToDiagnostics(checked.error.issues, escaped) };
  return { ok: true, workload: buildWorkload(json.value as JsonObject) };
}
