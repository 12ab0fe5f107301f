import './zod-locales';
import { z } from 'zod';
import { WorkloadSchema } from './schema';

/**
 * The published JSON Schema of Workload IR v0 (`libs/ir/schema/workload-ir-v0.json`), generated
 * from the zod schemas with `z.toJSONSchema` in input mode (fields with defaults are optional).
 * It describes the shape only: the strict JSON rules (§3: integers only, no duplicate keys, no
 * U+0000) and the validation rules (§9) are enforced by the parser and validator, not by it.
 */
export const WORKLOAD_JSON_SCHEMA_ID = 'urn:mvmforge:schema:workload-ir-v0';

export function workloadJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(WorkloadSchema, { io: 'input', target: 'draft-2020-12' }) as Record<string, unknown>;
  const { $schema, ...rest } = generated;
  return { $schema, $id: WORKLOAD_JSON_SCHEMA_ID, ...rest };
}

/** The committed file's exact text: two-space indented JSON with a trailing newline. */
export function workloadJsonSchemaText(): string {
  return `${JSON.stringify(workloadJsonSchema(), null, 2)}\n`;
}
