/**
 * Refusing unsafe `--out` (artifact-v1 §8.1). Compile only ever replaces a directory that is
 * recognisably a previous mvmforge artifact; everything else a user could lose is refused.
 */
import { lstatSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { CodedError } from '@mvmforge/ir/dist/diagnostic';
import { isJsonObject, parseJson } from '@mvmforge/ir/dist/json';
import { isAtOrBelow } from './source-root';

const ARTIFACT_ENTRIES = new Set(['flake.nix', 'launch.json', 'src', 'flake.lock']);

export interface OutputCheckInput {
  /** `--out` as given. */
  out: string;
  /** Base for a relative `--out` (the current directory). */
  cwd?: string;
  /** Canonical allowed (workspace) root, §7. */
  allowedRoot: string;
  /** Canonical source root, §7. */
  sourceRoot: string;
  /** The user's home directory; defaults to `$HOME`, else `os.homedir()` (the passwd entry). */
  home?: string;
}

export interface CheckedOutput {
  /** Absolute `--out` whose longest existing prefix is canonical. */
  out: string;
  /** True when `out` exists (then it is an empty directory or a previous artifact). */
  exists: boolean;
}

/** Canonicalizes the longest existing prefix of an absolute path and re-appends the rest. */
export function canonicalizeExistingPrefix(abs: string): string {
  const rest: string[] = [];
  let current = abs;
  for (;;) {
    try {
      const real = realpathSync.native(current);
      return rest.length === 0 ? real : join(real, ...rest.reverse());
    } catch {
      const parent = dirname(current);
      if (parent === current) return abs;
      rest.push(basename(current));
      current = parent;
    }
  }
}

function canonicalOrSelf(p: string): string {
  try {
    return realpathSync.native(p);
  } catch {
    return resolve(p);
  }
}

/** §8.1's "previous mvmforge artifact" test. */
export function isPreviousArtifact(dir: string): boolean {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return false;
  }
  if (!names.includes('flake.nix') || !names.every((n) => ARTIFACT_ENTRIES.has(n))) return false;
  try {
    if (!lstatSync(join(dir, 'launch.json')).isFile()) return false;
    const parsed = parseJson(readFileSync(join(dir, 'launch.json')));
    if (!parsed.ok || !isJsonObject(parsed.value)) return false;
    return parsed.value.flake_attribute === 'mvmforge.workload' && typeof parsed.value.artifact_format_version === 'string';
  } catch {
    return false;
  }
}

function unsafe(detail: string): CodedError {
  return new CodedError({ code: 'E_COMPILE_OUTPUT_UNSAFE', path: '', detail });
}

/** Runs the §8.1 checks in order; throws the first refusal. */
export function checkOutput(input: OutputCheckInput): CheckedOutput {
  const out = canonicalizeExistingPrefix(resolve(input.cwd ?? process.cwd(), input.out));
  const shown = JSON.stringify(input.out);

  if (/\.(tar\.gz|tgz)$/i.test(out.replace(/\/+$/, ''))) {
    throw unsafe(`--out ${shown} names an archive; artifact format 1.0 is a directory (drop the .tar.gz/.tgz suffix)`);
  }
  if (out === sep) throw unsafe(`--out ${shown} is the filesystem root`);
  const home = canonicalOrSelf(input.home ?? (process.env.HOME || homedir()));
  if (isAtOrBelow(home, out)) {
    throw unsafe(`--out ${shown} is your home directory or one of its ancestors (${home})`);
  }
  if (out === input.allowedRoot) {
    throw unsafe(`--out ${shown} is the workspace root ${input.allowedRoot}; choose a subdirectory such as dist/artifact`);
  }
  if (isAtOrBelow(input.sourceRoot, out)) {
    throw unsafe(`--out ${shown} is the source directory ${input.sourceRoot} or one of its ancestors`);
  }

  const existsNotDir = (what: string) =>
    new CodedError({ code: 'E_COMPILE_OUTPUT_EXISTS_NOT_DIR', path: '', detail: `--out ${shown} exists and is not a directory${what}` });
  let st;
  try {
    st = statSync(out);
  } catch {
    // A dangling or looping symlink is still an entry at --out: publishing would only fail at the
    // final rename (ENOTDIR), after the whole copy, so refuse it here like any other non-directory.
    let isLink = false;
    try {
      isLink = lstatSync(out).isSymbolicLink();
    } catch {
      // Nothing there.
    }
    if (isLink) throw existsNotDir(' (a symlink that does not resolve)');
    return { out, exists: false };
  }
  if (!st.isDirectory()) throw existsNotDir('');
  if (readdirSync(out).length > 0 && !isPreviousArtifact(out)) {
    throw unsafe(`--out ${shown} is a non-empty directory that is not a previous mvmforge artifact; refusing to replace it`);
  }
  return { out, exists: true };
}
