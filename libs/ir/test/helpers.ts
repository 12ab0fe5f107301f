import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseWorkload, type Diagnostic, type Workload } from '../src';

export const fixture = (name: string): string => readFileSync(join(__dirname, 'fixtures', name), 'utf8');

/** The §12.1 minimal hello document as a fresh mutable plain object (no `__proto__` keys). */

export function helloDoc(): any {
  return JSON.parse(fixture('hello.min.json'));
}

/** A minimal valid single-function workload. */

export function functionDoc(): any {
  const d = helloDoc();
  d.apps[0].entrypoints = [{ kind: 'function', language: 'python', module: 'app', function: 'add', format: 'json' }];
  d.apps[0].dependencies = { kind: 'none' };
  return d;
}

export function parseOk(input: string | object): Workload {
  const r = parseWorkload(typeof input === 'string' ? input : JSON.stringify(input));
  if (!r.ok) throw new Error(`expected a valid parse, got ${JSON.stringify(r.errors)}`);
  return r.workload;
}

export function parseErrors(input: string | object): Diagnostic[] {
  const r = parseWorkload(typeof input === 'string' ? input : JSON.stringify(input));
  if (r.ok) throw new Error('expected parse errors, the document parsed');
  return r.errors;
}

/** `CODE at path` strings, sorted: the multiset form tests compare. */
export const codesAt = (ds: readonly Diagnostic[]): string[] => ds.map((d) => `${d.code} at ${d.path}`).sort();
