/**
 * Module hooks for the Node SDK emitter, registered with `module.register` (Node >= 20.6) and run
 * by Node on its loader thread. They let an ES-module entry import TypeScript: `.ts`/`.mts` files
 * are type-stripped on load, a `./x.js` specifier falls back to `./x.ts` (TypeScript's own
 * convention), and `@mvmforge/sdk` always means the SDK the host ships (the same instance the
 * emitter reads the declarations from, like the Python host's PYTHONPATH).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isTypeScriptFile, moduleFormat } from './node-entry';
import { transpileTypeScript } from './node-transpile';

interface ResolveResult {
  url: string;
  format?: string | null;
  shortCircuit?: boolean;
}
interface LoadResult {
  format: string;
  source?: string | Buffer | null;
  shortCircuit?: boolean;
}
type NextResolve = (specifier: string, context: unknown) => Promise<ResolveResult>;
type NextLoad = (url: string, context: unknown) => Promise<LoadResult>;

let sdkUrl = '';

export async function initialize(data: { sdkMain: string }): Promise<void> {
  sdkUrl = pathToFileURL(data.sdkMain).href;
}

/** TypeScript sources a relative specifier may mean when the JavaScript file does not exist. */
export function typeScriptCandidates(specifier: string): string[] {
  if (/\.js$/.test(specifier)) return [specifier.replace(/\.js$/, '.ts')];
  if (/\.mjs$/.test(specifier)) return [specifier.replace(/\.mjs$/, '.mts')];
  if (/\.cjs$/.test(specifier)) return [specifier.replace(/\.cjs$/, '.cts')];
  if (!/\.[A-Za-z0-9]+$/.test(specifier)) return [`${specifier}.ts`, `${specifier}/index.ts`];
  return [];
}

export async function resolve(specifier: string, context: { parentURL?: string }, next: NextResolve): Promise<ResolveResult> {
  if (specifier === '@mvmforge/sdk') return { url: sdkUrl, format: 'commonjs', shortCircuit: true };
  try {
    return await next(specifier, context);
  } catch (err) {
    const relativeSpecifier = specifier.startsWith('./') || specifier.startsWith('../');
    if ((err as { code?: string }).code !== 'ERR_MODULE_NOT_FOUND' || !relativeSpecifier) throw err;
    for (const candidate of typeScriptCandidates(specifier)) {
      try {
        return await next(candidate, context);
      } catch {
        // try the next candidate; the original error is the one to report
      }
    }
    throw err;
  }
}

export async function load(url: string, context: unknown, next: NextLoad): Promise<LoadResult> {
  if (url.startsWith('file:') && isTypeScriptFile(url)) {
    const file = fileURLToPath(url);
    // CommonJS TypeScript imported from an ES module: stripped as CommonJS, so Node's export
    // detection sees `exports.x = …` rather than TypeScript syntax.
    if (moduleFormat(file) === 'commonjs')
      return { format: 'commonjs', source: transpileTypeScript(readFileSync(file, 'utf8'), file, 'commonjs'), shortCircuit: true };
    return { format: 'module', source: transpileTypeScript(readFileSync(file, 'utf8'), file, 'module'), shortCircuit: true };
  }
  return next(url, context);
}
