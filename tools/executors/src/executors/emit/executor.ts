/**
 * `emit`: run the SDK on the entry (through @mvmforge/emit), then write two small files that are
 * the whole cache key of `compile` (early cutoff, nx-notes §4): the canonical `ir.json`, and
 * `source.json`, the fingerprint of the bundle compile would copy (file list, modes, hashes,
 * tree_hash). A change that alters neither leaves compile a cache hit.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ExecutorContext } from '@nx/devkit';
import type * as Codegen from '@mvmforge/codegen';
import { emitWorkload, loadWhileRunning, writeFileAtomic } from '@mvmforge/emit';
import type * as Ir from '@mvmforge/ir';
import { projectRootOf, runReported, workspacePath } from '../shared';
import { bundleParams } from './bundle-params';
import { writeSourceStamps } from './source-stamps';
import type { EmitExecutorOptions } from './schema';

export default async function emitExecutor(options: EmitExecutorOptions, context: ExecutorContext): Promise<{ success: boolean }> {
  return runReported(async () => {
    const entry = workspacePath(context, options.entry, 'entry');
    const outDir = workspacePath(context, options.outputDir, 'outputDir');
    const projectRoot = projectRootOf(context);

    // The SDK is running once emitWorkload returns its promise; the fingerprinting libraries
    // (zod, the compiler) load meanwhile rather than before the SDK starts (issue 12).
    const emitting = emitWorkload(entry);
    const { sourceFingerprint, filesystemNowNs, canonicalJson } = loadWhileRunning(emitting, () => {
      const { sourceFingerprint, filesystemNowNs } = require('@mvmforge/codegen') as typeof Codegen;
      return { sourceFingerprint, filesystemNowNs, canonicalJson: (require('@mvmforge/ir') as typeof Ir).canonicalJson };
    });
    const emitted = await emitting;
    mkdirSync(outDir, { recursive: true });
    // Taken before the first file is hashed: a file written after it is never trusted (file-stamps.ts).
    const beforeNs = filesystemNowNs(outDir);
    const stamps = new Map<string, Codegen.FileStamp>();
    // Same base, root, skipped output and default excludes as the compile executor (bundle-params.ts).
    const fingerprint = await sourceFingerprint({
      workload: emitted.workload,
      ...bundleParams(context.root, outDir, projectRoot),
      onStamp: (path, stamp) => stamps.set(path, stamp),
    });
    writeFileAtomic(join(outDir, 'ir.json'), emitted.canonical);
    // Canonical JSON: the same fingerprint always gives the same bytes, whatever order it was built in.
    writeFileAtomic(join(outDir, 'source.json'), canonicalJson(fingerprint as unknown as Ir.JsonValue));
    writeSourceStamps(outDir, fingerprint.tree_hash, beforeNs, stamps);
  });
}
