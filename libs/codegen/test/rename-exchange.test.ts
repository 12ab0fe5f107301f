/** renameat2(RENAME_EXCHANGE) through perl (rename-exchange.ts), on this Linux machine. */
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renameExchange, renameExchangeSupported } from '../src/rename-exchange';
import { removeDir } from './helpers';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mvmforge-exchange-'));
  for (const [name, file] of [
    ['a', 'A'],
    ['b', 'B'],
  ]) {
    mkdirSync(join(dir, name));
    writeFileSync(join(dir, name, file), file);
  }
});
afterEach(() => removeDir(dir));

const contents = () => ({ a: readdirSync(join(dir, 'a')), b: readdirSync(join(dir, 'b')) });

test('this CI machine (Linux x64/arm64 with perl) has the exchange: the tests below need it', () => {
  expect(renameExchangeSupported()).toBe(true);
});

test('swaps two directories in one step', () => {
  expect(renameExchange(join(dir, 'a'), join(dir, 'b'))).toBe(true);
  expect(contents()).toEqual({ a: ['B'], b: ['A'] });
});

test('paths are argv, never script: a name with quotes, $ and spaces swaps too', () => {
  const odd = join(dir, `x'"; $ARGV[9] \`id\` y`);
  mkdirSync(odd);
  expect(renameExchange(odd, join(dir, 'b'))).toBe(true);
  expect(readdirSync(odd)).toEqual(['B']);
});

test('a missing side, or no perl on PATH, reports false and changes nothing', () => {
  expect(renameExchange(join(dir, 'a'), join(dir, 'missing'))).toBe(false);
  const path = process.env.PATH;
  process.env.PATH = join(dir, 'empty-bin');
  try {
    expect(renameExchange(join(dir, 'a'), join(dir, 'b'))).toBe(false);
  } finally {
    process.env.PATH = path;
  }
  expect(contents()).toEqual({ a: ['A'], b: ['B'] });
});
