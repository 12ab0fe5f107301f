/**
 * The bundle's default rules (issue 9): what compile leaves out of `src/` on top of the IR's
 * include/exclude, so `local_path(".")` at a workspace root is safe. They live in compile, not in
 * the IR, so the IR (and its hash) of a workload without include/exclude is unchanged.
 *
 * Two tiers:
 * - `never`: VCS folders, `.nx`, previous mvmforge artifacts and mvmforge's own staging/backup/lock
 *   siblings. Nothing brings these into a bundle (an artifact can never contain an artifact or
 *   the Nx cache).
 * - `defaults`: what git ignores (the `.gitignore` files from the allowed root down, git's rules),
 *   `node_modules`, virtualenvs (`.venv`, any folder holding `pyvenv.cfg`), `__pycache__`,
 *   `*.pyc`/`*.pyo`, and extra workspace-relative folders (the Nx plugin's artifact directory).
 *   An include that *names* a path (a literal pattern such as `.env`, or `config/**`) wins over
 *   these for that path and everything below it.
 *
 * Only `.gitignore` files are read — never `core.excludesFile`, `.git/info/exclude` or any other
 * per-machine setting — and matching is case-sensitive, so the same tree gives the same bundle
 * (and tree hash) on every machine. Matching uses the `ignore` package (git's documented rules,
 * widely used by eslint/prettier) instead of hand-written gitignore parsing.
 */
import { lstatSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { parseGlob } from './globs';

/** Folder names that never enter a bundle, at any depth. */
export const NEVER_DIRS = ['.bzr', '.git', '.hg', '.jj', '.nx', '.svn', '_darcs'] as const;
/** Folder names left out by default, at any depth. */
export const DEFAULT_EXCLUDED_DIRS = ['.venv', '__pycache__', 'node_modules'] as const;
/** File-name suffixes left out by default (interpreter-specific Python bytecode). */
export const DEFAULT_EXCLUDED_SUFFIXES = ['.pyc', '.pyo'] as const;

/** mvmforge's own siblings of an `--out` (publish.ts): `.<leaf>.mvmforge-staging-…`, `-old-…`, `-lock…`. */
export const MVMFORGE_SIBLING = /^\..*\.mvmforge-(?:staging|old|lock)/s;

/** The effective rule set, as shown in `compile --json` and launch.json's `source.rules`. */
export interface SourceRulesView {
  never: string[];
  defaults: string[];
  include: string[];
  exclude: string[];
}

export function describeRules(include: readonly string[], exclude: readonly string[], extraDirs: readonly string[]): SourceRulesView {
  return {
    never: [...NEVER_DIRS.map((d) => `${d}/`), 'mvmforge artifacts', 'mvmforge staging/backup/lock siblings'],
    defaults: [
      '.gitignore',
      ...DEFAULT_EXCLUDED_DIRS.map((d) => `${d}/`),
      'pyvenv.cfg folders',
      ...DEFAULT_EXCLUDED_SUFFIXES.map((s) => `*${s}`),
      ...[...extraDirs].sort().map((d) => `/${d}/`),
    ],
    include: include.length === 0 ? ['**'] : [...include],
    exclude: [...exclude],
  };
}

/**
 * The literal paths an include names: a pattern without glob syntax (`.env`, `conf/app.toml`),
 * or one followed only by `/**` (`conf/**` names `conf`).
 */
export function namedPaths(include: readonly string[]): string[] {
  const named: string[] = [];
  for (const p of include) {
    let tokens;
    try {
      tokens = parseGlob(p);
    } catch {
      continue; // invalid patterns are reported by compileSourceFilter
    }
    if (tokens.length === 1 && tokens[0].t === 'lit') named.push(tokens[0].s);
    else if (tokens.length === 2 && tokens[0].t === 'lit' && tokens[1].t === 'recSuffix') named.push(tokens[0].s);
  }
  return named.filter((n) => n !== '' && !n.startsWith('/'));
}

interface IgnoreLayer {
  /** Directory of the .gitignore, relative to the allowed root ('' for the root itself). */
  base: string;
  ig: Ignore;
}

function readGitignore(absDir: string): Ignore | undefined {
  const file = join(absDir, '.gitignore');
  try {
    // git does not follow a symlinked .gitignore in the work tree; neither do we.
    if (!lstatSync(file).isFile()) return undefined;
    return ignore({ ignorecase: false }).add(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/** The deepest layer with an opinion decides (git: a deeper .gitignore overrides a shallower one). */
function layersIgnore(layers: readonly IgnoreLayer[], fromAllowed: string, isDir: boolean): boolean {
  for (let i = layers.length - 1; i >= 0; i--) {
    const { base, ig } = layers[i];
    const rel = base === '' ? fromAllowed : fromAllowed.slice(base.length + 1);
    if (rel === '') continue;
    let r;
    try {
      r = ig.test(isDir ? `${rel}/` : rel);
    } catch {
      continue; // a name the package cannot express as a relative path: no git rule can match it either
    }
    if (r.ignored) return true;
    if (r.unignored) return false;
  }
  return false;
}

/** Per-walk state of the default rules; `enterDir` gives the state for a subdirectory. */
export class DefaultRules {
  private constructor(
    private readonly prefix: string,
    private readonly layers: readonly IgnoreLayer[],
    private readonly named: readonly string[],
    private readonly extraDirs: ReadonlySet<string>,
    private readonly allowedRoot: string,
  ) {}

  /**
   * Rules for a walk of `sourceRoot` (inside `allowedRoot`). `.gitignore` files of the folders
   * from the allowed root down to the source root apply, unless they ignore the source root
   * itself (then `source.path` named it, and it is taken as a whole).
   */
  static forSource(opts: {
    sourceRoot: string;
    allowedRoot: string;
    include: readonly string[];
    extraDirs?: readonly string[];
  }): DefaultRules {
    const prefix = relative(opts.allowedRoot, opts.sourceRoot).split(sep).join('/');
    const layers: IgnoreLayer[] = [];
    const parts = prefix === '' ? [] : prefix.split('/');
    let named = false;
    for (let i = 0; i < parts.length; i++) {
      const base = parts.slice(0, i).join('/');
      const ig = readGitignore(join(opts.allowedRoot, ...parts.slice(0, i)));
      if (ig) layers.push({ base, ig });
      if (layersIgnore(layers, parts.slice(0, i + 1).join('/'), true)) named = true;
    }
    const extra = new Set((opts.extraDirs ?? []).map((d) => join(opts.allowedRoot, d)));
    return new DefaultRules(prefix, named ? [] : layers, namedPaths(opts.include), extra, opts.allowedRoot);
  }

  /** True when an include names `rel` or a folder above it. */
  isNamed(rel: string): boolean {
    return this.named.some((n) => rel === n || rel.startsWith(`${n}/`));
  }

  /** True when a named path lies below the folder `rel` (so an excluded folder must still be walked). */
  leadsToNamed(rel: string): boolean {
    return this.named.some((n) => n.startsWith(`${rel}/`));
  }

  /** The rules inside the directory `rel` (loads its .gitignore). */
  enterDir(absDir: string, rel: string): DefaultRules {
    const ig = readGitignore(absDir);
    if (!ig) return this;
    return new DefaultRules(
      this.prefix,
      [...this.layers, { base: this.fromAllowed(rel), ig }],
      this.named,
      this.extraDirs,
      this.allowedRoot,
    );
  }

  private fromAllowed(rel: string): string {
    return this.prefix === '' ? rel : rel === '' ? this.prefix : `${this.prefix}/${rel}`;
  }

  /** Default-excluded directory (before `isNamed`)? `abs` is its absolute path. */
  excludesDir(abs: string, name: string, rel: string): boolean {
    if ((DEFAULT_EXCLUDED_DIRS as readonly string[]).includes(name)) return true;
    if (this.extraDirs.has(abs)) return true;
    try {
      if (lstatSync(join(abs, 'pyvenv.cfg')).isFile()) return true;
    } catch {
      // not a virtualenv
    }
    return layersIgnore(this.layers, this.fromAllowed(rel), true);
  }

  /** Default-excluded file or symlink (before `isNamed`)? */
  excludesFile(name: string, rel: string): boolean {
    if (DEFAULT_EXCLUDED_SUFFIXES.some((s) => name.endsWith(s))) return true;
    // A symlinked node_modules/.venv (pnpm, a shared venv) is left out like the folder itself.
    if ((DEFAULT_EXCLUDED_DIRS as readonly string[]).includes(name)) return true;
    return layersIgnore(this.layers, this.fromAllowed(rel), false);
  }

  get root(): string {
    return this.allowedRoot;
  }
}
