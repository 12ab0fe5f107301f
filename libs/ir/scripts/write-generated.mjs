#!/usr/bin/env node
// Regenerates the committed, generated files of @mvmforge/ir from the built library (run
// `npm run build` first): schema/workload-ir-v0.json (from the zod schemas) and error-codes.json
// (from src/error-codes.ts). Tests fail when the committed copies are stale.
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const pkg = join(dirname(fileURLToPath(import.meta.url)), '..');
const ir = createRequire(import.meta.url)(join(pkg, 'dist/index.js'));
writeFileSync(join(pkg, 'schema/workload-ir-v0.json'), ir.workloadJsonSchemaText());
writeFileSync(join(pkg, 'error-codes.json'), ir.errorCodesJsonText());
console.log('wrote libs/ir/schema/workload-ir-v0.json and libs/ir/error-codes.json');
