import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';

/**
 * Everything that must survive a cache restore, per entry: kind, permission bits, and content hash
 * (or link target). Directories are listed too, so an empty `src/` that disappears is caught.
 */
export function treeSnapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string): void => {
    for (const name of readdirSync(join(dir, rel)).sort()) {
      const r = rel ? `${rel}/${name}` : name;
      const st = lstatSync(join(dir, r));
      const mode = (st.mode & 0o777).toString(8).padStart(4, '0');
      if (st.isDirectory()) {
        out[`${r}/`] = `dir ${mode}`;
        walk(r);
      } else if (st.isSymbolicLink()) {
        out[r] = `link -> ${readlinkSync(join(dir, r))}`;
      } else {
        out[r] = `file ${mode} ${createHash('sha256')
          .update(readFileSync(join(dir, r)))
          .digest('hex')}`;
      }
    }
  };
  walk('');
  return out;
}
