import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';

/**
 * Writes a file via a sibling temp file and a rename, so readers (and a failed run) never see a
 * torn IR file. Used by `mvmforge emit --out` and the Nx emit executor.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, data, { mode: 0o644 });
    renameSync(tmp, path);
  } finally {
    rmSync(tmp, { force: true });
  }
}
