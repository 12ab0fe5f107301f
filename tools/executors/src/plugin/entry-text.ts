import { posix } from 'node:path';

/**
 * Cheap text inspection of a workload entry (`app.py`). Graph construction must never run Python
 * (nx-notes §2.1), so everything the plugin needs from an entry is read from its text.
 */

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
  return paths;
}

/**
 * The workspace-relative folders that the entry's literal `local_path("…")` sources reach outside
 * the project root, e.g. `../../libs/shared/py` from `corpus/app` → `libs/shared/py`. Absolute
 * paths and paths leaving the workspace are left out (compile refuses them; nothing to hash).
 */
export function outsideSourceDirs(projectRoot: string, text: string): string[] {
  const root = projectRoot === '' ? '.' : projectRoot;
  const dirs: string[] = [];
  for (const p of localSourcePaths(text)) {
    if (posix.isAbsolute(p)) continue;
    const resolved = posix.normalize(posix.join(root, p)).replace(/\/+$/, '') || '.';
    if (resolved === '..' || resolved.startsWith('../')) continue;
    const inside = root === '.' || resolved === root || resolved.startsWith(`${root}/`);
    if (!inside && !dirs.includes(resolved)) dirs.push(resolved);
  }
  return dirs;
}
