import './zod-locales';
import { z } from 'zod';

/**
 * The emit rules of normalization (ir-v0 §5) as metadata on the schema's field declarations:
 * a field without a rule is always written (`null` included); `null` omits it when null, `empty`
 * when it normalizes to an empty list or object, `default` when it equals its declared default.
 * A registry of its own (not `.meta()`) so the rules stay out of the published JSON Schema.
 */
export type EmitRule = 'null' | 'empty' | 'default';

export const emitRules = z.registry<{ omit: EmitRule }>();
