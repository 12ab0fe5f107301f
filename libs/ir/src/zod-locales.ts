import { dirname, join } from 'node:path';

/**
 * zod, loaded without its locale bundle. zod 4's CommonJS entry requires `v4/locales/index.cjs`,
 * which loads all ~60 translations (measured: 64 of zod's 95 module files) although only English,
 * which its schemas load directly, is ever used (`z.config` is never called with another locale).
 * Every CLI process that parses IR paid for them. The index is pre-seeded in Node's module cache as
 * an empty module, so `z.locales` is empty and nothing else changes; under a loader without that
 * cache (jest) the seed is a no-op. Every libs/ir module with a value import of zod imports this module first (`import './zod-locales'`).
 */
function seedEmptyLocales(): void {
  let index: string;
  try {
    index = join(dirname(require.resolve('zod/package.json')), 'v4', 'locales', 'index.cjs');
  } catch {
    return;
  }

  const Module = require('node:module') as typeof import('node:module') & { new (id: string): NodeJS.Module };
  if (require.cache === undefined || require.cache[index] !== undefined) return;
  const stub = new Module(index);
  stub.filename = index;
  stub.loaded = true;
  stub.exports = {};
  require.cache[index] = stub;
}

seedEmptyLocales();
