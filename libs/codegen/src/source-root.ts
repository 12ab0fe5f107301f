/**
 * Resolving the source root and the allowed root (artifact-v1 §7). Both are canonical (symlinks
 * resolved), so a `..` escape or a symlinked directory pointing elsewhere is caught by a plain
 * prefix comparison.
 */
import { existsSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve, sep } from 'node:path';
import { CodedError } from '@mvmforge/ir/dist/diagnostic';

const SOURCE_PATH = '.apps[0].source.path';

/** True when `inner` is `outer` or lies below it (both absolute and canonical). */
export function isAtOrBelow(inner: string, outer: string): boolean {
  if (inner === outer) return true;
  const prefix = outer.endsWith(sep) ? outer : outer + sep;
  return inner.startsWith(prefix);
}

/** The nearest directory at or above `dir` holding a `.git` entry, or undefined. */
export function findGitRoot(dir: string): string | undefined {
  let current = dir;
  for (;;) {
    if (existsSync(join(current, '.git'))) return current;
    const parent = dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}

function canonicalDir(path: string, what: string, code: 'E_SOURCE_PATH_NOT_FOUND', diagPath: string): string {
  let real: string;
  try {
    real = realpathSync.native(path);
  } catch {
    throw new CodedError({ code, path: diagPath, detail: `${what} ${JSON.stringify(path)} does not exist` });
  }
  if (!statSync(real).isDirectory()) {
    throw new CodedError({ code: 'E_SOURCE_PATH_NOT_DIR', path: diagPath, detail: `${what} ${JSON.stringify(path)} is not a directory` });
  }
  return real;
}

export interface SourceRootInput {
  /** `apps[0].source.path` as written in the IR. */
  sourcePath: string;
  /** The manifest directory (§7): the IR file's directory, the entry's directory, or the cwd for stdin. */
  manifestDir: string;
  /** `--base-dir`: overrides the manifest directory. */
  baseDir?: string;
  /** `--root`: the allowed root; defaults to the git root of the base, else the base itself. */
  root?: string;
  /** Base for relative `manifestDir`, `baseDir` and `root` (default: the current directory). */
  cwd?: string;
}

export interface ResolvedSourceRoot {
  /** Canonical absolute source root. */
  sourceRoot: string;
  /** Canonical absolute allowed (workspace) root. */
  allowedRoot: string;
}

export function resolveSourceRoot(input: SourceRootInput): ResolvedSourceRoot {
  const cwd = input.cwd ?? process.cwd();
  const base = resolve(cwd, input.baseDir ?? input.manifestDir);
  const wanted = isAbsolute(input.sourcePath) ? input.sourcePath : resolve(base, input.sourcePath);
  const sourceRoot = canonicalDir(wanted, 'source.path resolves to', 'E_SOURCE_PATH_NOT_FOUND', SOURCE_PATH);

  let allowedRoot: string;
  if (input.root !== undefined) {
    allowedRoot = canonicalDir(resolve(cwd, input.root), 'the allowed root (--root)', 'E_SOURCE_PATH_NOT_FOUND', '');
  } else {
    let canonicalBase: string;
    try {
      canonicalBase = realpathSync.native(base);
    } catch {
      throw new CodedError({
        code: 'E_SOURCE_PATH_NOT_FOUND',
        path: '',
        detail: `the manifest directory ${JSON.stringify(base)} does not exist`,
      });
    }
    allowedRoot = findGitRoot(canonicalBase) ?? canonicalBase;
  }

  if (!isAtOrBelow(sourceRoot, allowedRoot)) {
    throw new CodedError({
      code: 'E_SOURCE_OUTSIDE_ROOT',
      path: SOURCE_PATH,
      detail: `source.path ${JSON.stringify(input.sourcePath)} resolves to ${sourceRoot}, which is outside the allowed root ${allowedRoot} (pass --root to widen it)`,
    });
  }
  return { sourceRoot, allowedRoot };
}
