/**
 * `emit`: run the SDK on the entry (through @mvmforge/emit), then write two small files that are
 * the whole cache key of `compile` (early cutoff, nx-notes §4): the canonical `ir.json`, and
 * `source.json`, the fingerprint of the bundle compile would copy (file list, modes, hashes,
 * tree_hash). A change that alters neither leaves compile a cache hit.
 */
import { join } from 'node:path';
import type { ExecutorContext } from '@nx/devkit';
import { codegenLibrary, emitLibrary, irLibrary } from '../../libraries';
import { projectRootOf, runReported, workspacePath } from '../shared';
import { writeFileAtomic } from '../write-atomic';
import type { EmitExecutorOptions } from './schema';

export default async function emitExecutor(options: EmitExecutorOptions, context: ExecutorContext): Promise<{ success: boolean }> {
  return runReported(async () => {
    const entry = workspacePath(context, options.entry, 'entry');
    const outDir = workspacePath(context, options.outputDir, 'outputDir');
    const projectRoot = projectRootOf(context);

    const ir = irLibrary();
    const bytes = await emitLibrary().emitWorkload(entry);
    const parsed = ir.parseWorkload(bytes);
    if (!parsed.ok) throw Object.assign(new Error('emitted IR does not parse'), { diagnostics: parsed.errors });

    // Same base and root as the compile executor, so the fingerprint describes exactly its bundle.
    const fingerprint = await codegenLibrary().sourceFingerprint({
      workload: parsed.workload,
      manifestDir: projectRoot,
      baseDir: projectRoot,
      root: context.root,
      // compile writes the artifact to <outputDir>/artifact (buildWorkloadTargets); skip it the
      // same way compile does in case the bundle's source root contains the output folder.
      out: join(outDir, 'artifact'),
    });
    writeFileAtomic(join(outDir, 'ir.json'), bytes);
    writeFileAtomic(join(outDir, 'source.json'), fingerprintBytes(fingerprint));
  });
}

function fingerprintBytes(fingerprint: unknown): string | Uint8Array {
  if (typeof fingerprint === 'string' || fingerprint instanceof Uint8Array) return fingerprint;
  // Sorted keys: the same fingerprint gives the same bytes whatever order the library built it in.
  return stableJson(fingerprint);
}

/** JSON with object keys in code-unit order, no whitespace. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const sorted: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) sorted[k] = (v as Record<string, unknown>)[k];
    return sorted;
  });
}
