/**
 * Which entry files run under Node (the TypeScript/JavaScript SDK) and in which module format.
 * `.mts`/`.mjs` are ES modules, `.cts`/`.cjs` CommonJS, and `.ts`/`.js` follow the nearest
 * package.json `"type"` — Node's own rule, applied to TypeScript too.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Entry extensions the Node SDK runs. */
export const NODE_ENTRY_EXTENSIONS = ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs'] as const;
/** Extensions whose source is TypeScript (types are stripped before Node runs it). */
export const TYPESCRIPT_EXTENSIONS = ['.ts', '.mts', '.cts'] as const;

export function isNodeEntry(path: string): boolean {
  const lower = path.toLowerCase();
  return NODE_ENTRY_EXTENSIONS.some((ext) => lower.endsWith(ext)) && !lower.endsWith('.d.ts');
}

export function isTypeScriptFile(path: string): boolean {
  const lower = path.toLowerCase();
  return TYPESCRIPT_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

export type ModuleFormat = 'module' | 'commonjs';

/** The module format Node gives `file` (absolute path). */
export function moduleFormat(file: string): ModuleFormat {
  const lower = file.toLowerCase();
  if (lower.endsWith('.mts') || lower.endsWith('.mjs')) return 'module';
  if (lower.endsWith('.cts') || lower.endsWith('.cjs')) return 'commonjs';
  return packageType(dirname(file));
}

function packageType(dir: string): ModuleFormat {
  for (let current = dir; ; current = dirname(current)) {
    const manifest = join(current, 'package.json');
    if (existsSync(manifest)) {
      try {
        return (JSON.parse(readFileSync(manifest, 'utf8')) as { type?: unknown }).type === 'module' ? 'module' : 'commonjs';
      } catch {
        return 'commonjs'; // Node itself would fail on a broken package.json; the load reports it
      }
    }
    if (dirname(current) === current) return 'commonjs';
  }
}
