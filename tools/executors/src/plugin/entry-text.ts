/**
 * Cheap text inspection of a workload entry (`app.py`). Graph construction must never run Python
 * (nx-notes §2.1), so everything the plugin needs from an entry is read from its text.
 */

/** True when the file imports the mvmforge SDK (`import mvmforge…` or `from mvmforge…`). */
export function importsMvmforge(text: string): boolean {
  return /^[ \t]*(?:import[ \t]+mvmforge\b|from[ \t]+mvmforge\b)/m.test(text);
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
