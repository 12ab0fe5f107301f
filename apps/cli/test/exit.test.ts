// The exit table is written once in code (apps/cli/src/exit.ts) and shown once in the README;
// this keeps the two from drifting.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXIT_STATUS, UsageError, exitStatusOf } from '../src/exit';

const readme = readFileSync(join(__dirname, '../../../README.md'), 'utf8');

describe('the exit table', () => {
  it('every kind appears in the README table with its status, and nothing else does', () => {
    const rows = [...readme.matchAll(/^\| `([a-zA-Z]+)` \| (\d+) \|/gm)].map((m) => [m[1], Number(m[2])]);
    expect(Object.fromEntries(rows)).toEqual(EXIT_STATUS);
  });

  it('maps kinds through the table and passes a child status through', () => {
    expect(exitStatusOf('ok')).toBe(0);
    expect(exitStatusOf('coded')).toBe(1);
    expect(exitStatusOf('usage')).toBe(2);
    expect(exitStatusOf({ passthrough: 130 })).toBe(130);
    expect(new UsageError('x')).toBeInstanceOf(Error);
  });
});
