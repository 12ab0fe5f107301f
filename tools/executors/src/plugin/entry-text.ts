import { posix } from 'node:path';

/**
 * Cheap text inspection of a workload entry (`app.py`, or `app.ts`/`.mts`/`.js`/`.mjs` for the
 * TypeScript SDK). Graph construction must never run Python or Node on an entry (nx-notes §2.1),
 * so everything the plugin needs from an entry is read from its text.
 */

/** Entry extensions of the Node SDK (the host's libs/emit runs them with Node). */
const NODE_ENTRY = /\.(?:ts|mts|cts|js|mjs|cjs)$/i;

/** True for an entry the Node SDK runs (`app.ts`, `app.mjs`, …) rather than Python. */
export function isNodeEntryFile(file: string): boolean {
  return NODE_ENTRY.test(file) && !/\.d\.ts$/i.test(file);
}

/**
 * True when a TypeScript/JavaScript file imports `@mvmforge/sdk`: `import … from '@mvmforge/sdk'`,
 * `import '@mvmforge/sdk'`, `require('@mvmforge/sdk')` or `import('@mvmforge/sdk')`.
 */
export function importsMvmforgeSdk(text: string): boolean {
  return /(?:\bfrom[ \t]*|^[ \t]*import[ \t]*|\b(?:require|import)[ \t]*\([ \t]*)(["'])@mvmforge\/sdk\1/m.test(text);
}

/** True when the entry imports its language's mvmforge SDK. */
export function entryImportsSdk(file: string, text: string): boolean {
  return isNodeEntryFile(file) ? importsMvmforgeSdk(text) : importsMvmforge(text);
}

/** True when the file imports the mvmforge SDK (`import mvmforge…` or `from mvmforge…`). */
export function importsMvmforge(text: string): boolean {
  // `import os, mvmforge as mv` imports it too: earlier names of the same import list are skipped.
  return /^[ \t]*(?:import[ \t]+(?:[\w.]+(?:[ \t]+as[ \t]+\w+)?[ \t]*,[ \t]*)*mvmforge\b|from[ \t]+mvmforge\b)/m.test(text);
}

/**
 * The literal paths passed to `local_path(...)` in the entry, e.g. `local_path("../shared")` →
 * `../shared`. Only plain string literals are recognised; anything computed is invisible here and
 * is still covered by the emit target hashing the whole project root.
 */
export function localSourcePaths(text: string): string[] {
  const paths: string[] = [];
  const re = /\blocal_path\(\s*(?:path\s*=\s*)?(?:r|R)?(["'])((?:(?!\1)[^\\\n])*)\1/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    paths.push(m[2]);
  }
  // The TypeScript SDK's spelling, `localPath('…')` (a template literal only without `${`).
  const ts = /\blocalPath\(\s*(["'`])((?:(?!\1)[^\\\n$])*)\1/g;
  for (let m = ts.exec(text); m !== null; m = ts.exec(text)) {
    paths.push(m[2]);
  }
  return paths;
}

/**
 * The workspace-relative folders the entry's literal `local_path("…")` sources name, other than the
 * project root itself, e.g. `../../libs/shared/py` from `corpus/app` → `libs/shared/py`. Absolute
 * paths and paths leaving the workspace are left out (compile refuses them; nothing to hash or link).
 */
export function localSourceDirs(projectRoot: string, text: string): string[] {
  const root = projectRoot === '' ? '.' : projectRoot;
  const dirs: string[] = [];
  for (const p of localSourcePaths(text)) {
    if (posix.isAbsolute(p)) continue;
    const resolved = posix.normalize(posix.join(root, p)).replace(/\/+$/, '') || '.';
    if (resolved === '..' || resolved.startsWith('../') || resolved === root) continue;
    if (!dirs.includes(resolved)) dirs.push(resolved);
  }
  return dirs;
}

/** The folders of `dirs` (from `localSourceDirs`) outside the project root: emit must hash them too. */
export function dirsOutsideRoot(projectRoot: string, dirs: readonly string[]): string[] {
  const root = projectRoot === '' ? '.' : projectRoot;
  return root === '.' ? [] : dirs.filter((dir) => !dir.startsWith(`${root}/`));
}

export function outsideSourceDirs(projectRoot: string, text: string): string[] {
  return dirsOutsideRoot(projectRoot, localSourceDirs(projectRoot, text));
}
