import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

/**
 * True when `file` is a regular file (after symlinks) that the current user may execute. The mode
 * check matters for root: access(X_OK) succeeds for root whenever *any* execute bit is set, but a
 * file with none set is still not runnable.
 */
export function isExecutableFile(file: string): boolean {
  try {
    const st = statSync(file);
    if (!st.isFile() || (st.mode & 0o111) === 0) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Looks `name` up on a PATH value the way execvp does, in TypeScript (no `which`). Empty and
 * relative PATH entries are skipped: they would make the result depend on the current directory,
 * which is how a stray `./mvmctl` in a checkout could hijack `up`.
 */
export function findOnPath(name: string, pathValue: string | undefined): string | undefined {
  if (!pathValue) return undefined;
  for (const dir of pathValue.split(delimiter)) {
    if (dir === '' || !isAbsolute(dir)) continue;
    const candidate = join(dir, name);
    if (isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}
