/**
 * §2 step 4 for compile and for emit's fingerprint alike: `apps[0].source` → the canonical source
 * root, the compiled globs and the default rules. Imports no zod-backed module, so the fingerprint
 * path (fingerprint.ts, Nx's runtime input) loads without the IR schemas.
 */
import { isAbsolute, resolve } from 'node:path';
import { CodedError, type Diagnostic } from '@mvmforge/ir/dist/diagnostic';
import type { Workload } from '@mvmforge/ir';
import { DefaultRules, describeRules, type SourceRulesView } from './default-rules';
import { compileSourceFilter, type SourceFilter } from './globs';
import { resolveSourceRoot, type ResolvedSourceRoot } from './source-root';

export interface ResolvedSource extends ResolvedSourceRoot {
  filter: SourceFilter;
  rules: DefaultRules;
  view: SourceRulesView;
  /** The directory a relative source.path was resolved against. */
  base: string;
}

export type SourceOpts = {
  manifestDir: string;
  baseDir?: string;
  root?: string;
  cwd?: string;
  manifestKind?: 'stdin' | 'json' | 'python' | 'node';
  excludeDirs?: string[];
};

export function bundleEmpty(detail: string): CodedError {
  return new CodedError({ code: 'E_SOURCE_BUNDLE_EMPTY', path: '.apps[0].source.path', detail });
}

/** §2 step 4: the canonical source root and the compiled globs of `apps[0].source`. */
export function resolveSource(workload: Workload, opts: SourceOpts): ResolvedSource {
  const source = workload.apps[0].source;
  if (source.kind !== 'local_path') {
    throw new CodedError({
      code: 'E_SOURCE_KIND_DEFERRED',
      path: '.apps[0].source.kind',
      detail: `source kind ${JSON.stringify(source.kind)} cannot be bundled; use local_path`,
    });
  }
  // Stdin carries no directory: resolving "." against the cwd walked whatever tree the pipe ran
  // in (issue 9 item 2). Refuse before walking anything.
  if (opts.manifestKind === 'stdin' && opts.baseDir === undefined && !isAbsolute(source.path)) {
    throw bundleEmpty(
      `the IR came from stdin and source.path ${JSON.stringify(source.path)} is relative, so there is no directory to bundle from; pass --base-dir <the folder of app.py>`,
    );
  }
  // Both halves of the step report together (§2: a step that collects reports all its errors).
  const problems: Diagnostic[] = [];
  const attempt = <T>(f: () => T): T | undefined => {
    try {
      return f();
    } catch (err) {
      if (!(err instanceof CodedError)) throw err;
      problems.push(...err.diagnostics);
      return undefined;
    }
  };
  const roots = attempt(() =>
    resolveSourceRoot({ sourcePath: source.path, manifestDir: opts.manifestDir, baseDir: opts.baseDir, root: opts.root, cwd: opts.cwd }),
  );
  const filter = attempt(() => compileSourceFilter(source.include, source.exclude));
  if (roots === undefined || filter === undefined) throw new CodedError(problems);
  const rules = DefaultRules.forSource({
    sourceRoot: roots.sourceRoot,
    allowedRoot: roots.allowedRoot,
    include: source.include,
    extraDirs: opts.excludeDirs,
  });
  const base = resolve(opts.cwd ?? process.cwd(), opts.baseDir ?? opts.manifestDir);
  return { ...roots, filter, rules, base, view: describeRules(source.include, source.exclude, opts.excludeDirs ?? []) };
}
