/**
 * Every document an error message or registry hint names exists in this repository (issue 9 item
 * 8: E_NIX_NOT_FOUND used to name a section of a spec that ships nowhere).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CodedError, ERROR_CODES } from '@mvmforge/ir';
import { requireNix } from '@mvmforge/nix-check';

const REPO = join(__dirname, '../../..');
const DOC_REF = /\b((?:docs|libs|apps|tools|fixtures|corpus)\/[A-Za-z0-9_./-]+\.(?:md|json))\b/g;

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name === 'test' || name === '__pycache__') continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) sourceFiles(p, out);
    else if (/\.(ts|py)$/.test(name)) out.push(p);
  }
  return out;
}

test('E_NIX_NOT_FOUND names a document that exists, and its hint too', () => {
  let err: unknown;
  try {
    requireNix('');
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(CodedError);
  const detail = (err as CodedError).diagnostics[0].detail;
  expect(detail).toContain('docs/offline-nix.md');
  expect(detail).not.toMatch(/artifact format documentation/);
  expect(ERROR_CODES.E_NIX_NOT_FOUND.hint).toContain('docs/offline-nix.md');
  expect(readFileSync(join(REPO, 'docs/offline-nix.md'), 'utf8')).toContain('E_NIX_NOT_FOUND');
});

test('every repository path in a registry hint or a source string exists', () => {
  const named = new Map<string, string>();
  for (const [code, entry] of Object.entries(ERROR_CODES)) {
    for (const m of `${entry.hint} ${entry.description}`.matchAll(DOC_REF)) named.set(m[1], `hint of ${code}`);
  }
  for (const root of ['apps', 'libs', 'tools']) {
    for (const file of sourceFiles(join(REPO, root))) {
      for (const m of readFileSync(file, 'utf8').matchAll(DOC_REF)) named.set(m[1], relative(REPO, file));
    }
  }
  expect(named.has('docs/offline-nix.md')).toBe(true);
  const missing = [...named].filter(([p]) => !existsSync(join(REPO, p))).map(([p, where]) => `${p} (named in ${where})`);
  expect(missing).toEqual([]);
});
