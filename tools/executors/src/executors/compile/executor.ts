/**
 * `compile`: the IR file written by `emit` → the artifact directory. The project root is the base
 * for a relative `source.path` (the IR lives under dist/, not beside app.py) and the workspace root
 * is the allowed root (artifact-v1 §7).
 */
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ExecutorContext } from '@nx/devkit';
import { compileWorkload } from '@mvmforge/codegen';
import { CodedError, parseWorkload } from '@mvmforge/ir';
import { projectRootOf, runReported, workspacePath } from '../shared';
import { bundleParams } from '../emit/bundle-params';
import { readKnownDigests } from '../emit/source-stamps';
import type { CompileExecutorOptions } from './schema';

export default async function compileExecutor(options: CompileExecutorOptions, context: ExecutorContext): Promise<{ success: boolean }> {
  return runReported(async () => {
    const irPath = workspacePath(context, options.ir, 'ir');
    const out = workspacePath(context, options.out, 'out');
    const projectRoot = projectRootOf(context);
    const parsed = parseWorkload(readFileSync(irPath));
    if (!parsed.ok) throw new CodedError(parsed.errors);
    // The bundle emit fingerprinted (bundle-params.ts): same base, root and default excludes.
    // The IR sits in <outputDir>, the folder that also holds --out.
    const params = bundleParams(context.root, dirname(out), projectRoot);
    const result = await compileWorkload({
      workload: parsed.workload,
      manifestDir: projectRoot,
      manifestKind: 'json',
      manifestFile: irPath,
      baseDir: projectRoot,
      root: context.root,
      excludeDirs: params.excludeDirs,
      out,
      // What emit hashed for source.json, where the files still carry the stamps it hashed them
      // with: copied in the kernel, not read and hashed again (issue 12, file-stamps.ts).
      knownDigests: readKnownDigests(dirname(irPath)),
    });
    for (const w of result.warnings) process.stderr.write(`mvmforge: WARNING: ${w}\n`);
  });
}
