import picomatch from 'picomatch';
import * as fc from 'fast-check';
import { CodedError } from '@mvmforge/ir';
import { compileGlob, compileSourceFilter, globProblem } from '../src/globs';

const matches = (pattern: string, path: string) => compileGlob(pattern).test(path);

// artifact-v1 §6.2, one block per table row.
describe('glob semantics (globset defaults)', () => {
  test('`*` matches any sequence including `/`', () => {
    expect(matches('*', 'a/b/c')).toBe(true);
    expect(matches('*.py', 'hello/__main__.py')).toBe(true);
    expect(matches('*.py', 'hello/__main__.pyc')).toBe(false);
    expect(matches('a*b', 'a/x/b')).toBe(true);
    expect(matches('*', '')).toBe(true);
  });

  test('`?` matches exactly one character, including `/`', () => {
    expect(matches('a?b', 'a/b')).toBe(true);
    expect(matches('a?b', 'axb')).toBe(true);
    expect(matches('a?b', 'ab')).toBe(false);
    expect(matches('a?b', 'axxb')).toBe(false);
    expect(matches('?', 'é')).toBe(true);
  });

  test('`**` as a whole component spans zero or more directories', () => {
    expect(matches('**/x', 'x')).toBe(true);
    expect(matches('**/x', 'a/b/x')).toBe(true);
    expect(matches('**/x', 'ax')).toBe(false);
    expect(matches('x/**', 'x/a')).toBe(true);
    expect(matches('x/**', 'x/a/b/c')).toBe(true);
    expect(matches('x/**', 'xy/a')).toBe(false);
    expect(matches('x/**', 'x')).toBe(false); // globset: a trailing `/**` means strictly below x
    expect(matches('x/**/y', 'x/y')).toBe(true);
    expect(matches('x/**/y', 'x/a/b/y')).toBe(true);
    expect(matches('x/**/y', 'x/ay')).toBe(false);
    expect(matches('**', 'a/b/c')).toBe(true);
    expect(matches('**', '.hidden/.x')).toBe(true);
    expect(matches('hello/**', 'hello/__init__.py')).toBe(true);
    expect(matches('**/__pycache__/**', 'hello/__pycache__/m.cpython-312.pyc')).toBe(true);
    expect(matches('**/__pycache__/**', '__pycache__/m.pyc')).toBe(true);
  });

  test('`**` adjacent to other characters behaves like `*`', () => {
    expect(matches('a**', 'ab/c')).toBe(true);
    expect(matches('**a', 'b/c/a')).toBe(true);
    expect(matches('a**b', 'a/x/b')).toBe(true);
    expect(matches('x/**y', 'x/a/y')).toBe(true);
    expect(matches('x/**y', 'x/y')).toBe(true);
    expect(matches('x/a**', 'x/ab/c')).toBe(true);
  });

  test('character classes, negation with `!` and `^`, leading `]` literal', () => {
    expect(matches('[abc]', 'b')).toBe(true);
    expect(matches('[abc]', 'd')).toBe(false);
    expect(matches('[a-z]', 'q')).toBe(true);
    expect(matches('[a-z]', 'Q')).toBe(false);
    expect(matches('[!a-z]', 'Q')).toBe(true);
    expect(matches('[!a-z]', 'q')).toBe(false);
    expect(matches('[^a-z]', 'Q')).toBe(true);
    expect(matches('[^a-z]', 'q')).toBe(false);
    expect(matches('[]]', ']')).toBe(true);
    expect(matches('[]a]', 'a')).toBe(true);
    expect(matches('[!]]', ']')).toBe(false);
    expect(matches('[!]]', 'x')).toBe(true);
    expect(matches('[a-]', '-')).toBe(true);
    expect(matches('[-a]', '-')).toBe(true);
    expect(matches('x[0-9].py', 'x7.py')).toBe(true);
  });

  test('`{a,b,c}` alternatives', () => {
    expect(matches('{a,b,c}', 'b')).toBe(true);
    expect(matches('{a,b,c}', 'd')).toBe(false);
    expect(matches('*.{py,txt}', 'x/y.txt')).toBe(true);
    expect(matches('{src,lib}/**', 'lib/a/b')).toBe(true);
    // globset's default (`empty_alternates` off) drops empty alternatives: `x{,y}` is `x{y}`.
    expect(matches('x{,y}', 'x')).toBe(false);
    expect(matches('x{,y}', 'xy')).toBe(true);
    expect(matches('x{,}', 'x')).toBe(true);
    expect(matches('x{}', 'x')).toBe(true);
  });

  test('`**` as a whole component inside an alternative (globset: `{`/`,` start it, `,`/`}` end it)', () => {
    expect(matches('{**/x,y}', 'x')).toBe(true);
    expect(matches('{**/x,y}', 'a/b/x')).toBe(true);
    expect(matches('{**/x,y}', 'y')).toBe(true);
    expect(matches('{y,**/x}', 'x')).toBe(true);
    expect(matches('{a/**/b,c}', 'a/b')).toBe(true);
    expect(matches('{a/**/b,c}', 'a/x/y/b')).toBe(true);
    expect(matches('{a/**,c}', 'a')).toBe(false);
    expect(matches('{a/**,c}', 'a/x/y')).toBe(true);
    expect(matches('{**,c}', 'a/b')).toBe(true); // `**` alone in an alternative is `*`, which crosses `/`
    expect(matches('{**a,c}', 'x/a')).toBe(true);
  });

  test('a pattern that is only a leading `**/` matches everything (globset special case)', () => {
    expect(matches('**/', 'a')).toBe(true);
    expect(matches('**/', 'a/b')).toBe(true);
    expect(matches('**/**/', 'a/b')).toBe(true);
  });

  test('`\\c` is the literal character c', () => {
    expect(matches('\\*', '*')).toBe(true);
    expect(matches('\\*', 'a')).toBe(false);
    expect(matches('a\\?b', 'a?b')).toBe(true);
    expect(matches('a\\?b', 'axb')).toBe(false);
    expect(matches('\\[a]', '[a]')).toBe(true);
  });

  test('whole path, case-sensitive, no dotfile special case, other characters literal', () => {
    expect(matches('a', 'a/b')).toBe(false);
    expect(matches('A', 'a')).toBe(false);
    expect(matches('*', '.env')).toBe(true);
    expect(matches('.git*', '.gitignore')).toBe(true);
    for (const lit of ['(a)', '+(a)', '@(a)', '!(a)', 'a|b', '$a', '^a', 'a.b', 'a+b']) {
      expect(matches(lit, lit)).toBe(true);
    }
    expect(matches('(a)', 'a')).toBe(false);
    expect(matches('a.b', 'axb')).toBe(false);
    expect(matches('!a', 'b')).toBe(false);
  });
});

describe('invalid patterns', () => {
  test.each([
    ['[abc', 'unclosed'],
    ['a{b,c', 'unclosed'],
    ['a}b', 'without an opening'],
    ['{a,{b,c}}', 'nested'],
    ['[z-a]', 'reversed range'],
    ['abc\\', 'trailing lone backslash'],
    ['[]', 'unclosed'],
  ])('%s is refused', (pattern, reason) => {
    expect(globProblem(pattern)).toContain(reason);
  });

  test.each(['**', '*.py', '[a-z]', '{a,b}', '\\*', '[]]', 'a/**/b'])('%s is valid', (pattern) => {
    expect(globProblem(pattern)).toBeUndefined();
  });

  test('every invalid include/exclude pattern is reported at its IR path', () => {
    let err: unknown;
    try {
      compileSourceFilter(['ok/**', '[x'], ['a}', '**/fine', '\\']);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CodedError);
    expect((err as CodedError).diagnostics.map((d) => [d.code, d.path])).toEqual([
      ['E_SOURCE_GLOB_INVALID', '.apps[0].source.include[1]'],
      ['E_SOURCE_GLOB_INVALID', '.apps[0].source.exclude[0]'],
      ['E_SOURCE_GLOB_INVALID', '.apps[0].source.exclude[2]'],
    ]);
  });
});

describe('source filter', () => {
  test('keeps paths matching any include and no exclude; empty include means **', () => {
    const f = compileSourceFilter(['hello/**'], ['**/__pycache__/**']);
    expect(f.keeps('hello/__init__.py')).toBe(true);
    expect(f.keeps('hello/__pycache__/x.pyc')).toBe(false);
    expect(f.keeps('app.py')).toBe(false);
    const all = compileSourceFilter([], []);
    expect(all.keeps('anything/at/all')).toBe(true);
  });
});

// picomatch with `bash: true` agrees with globset on `*`, `**`, positive classes and braces
// (not on `?`, negated classes or parentheses, see globs.ts). Use it as an independent oracle there.
// One known difference is rewritten for the oracle: globset's trailing `/**` needs at least one
// more component (`x/**` does not match `x`), which picomatch can spell `x/?*`. Patterns where a
// `**` component is followed by one starting with `*` are left out: picomatch lets `x/**/*` match
// `x`, globset does not (its `x(?:/|/.*/).*` needs the `/`).
describe('agrees with picomatch (bash) on the syntax both share', () => {
  const segment = fc.constantFrom('a', 'b', 'ab', 'x.py', '_', 'é');
  const pathArb = fc.array(segment, { minLength: 1, maxLength: 4 }).map((s) => s.join('/'));
  const patPart = fc.constantFrom('a', 'b', '*', '**', 'x.py', '*.py', '[ab]', '{a,b}', '_', 'é');
  const patternArb = fc.array(patPart, { minLength: 1, maxLength: 4 }).map((s) => s.join('/'));
  test('random patterns and paths', () => {
    fc.assert(
      fc.property(patternArb, pathArb, (pattern, path) => {
        fc.pre(!/(^|\/)\*\*\/\*/.test(pattern));
        const oraclePattern = pattern.endsWith('/**') ? `${pattern.slice(0, -2)}?*` : pattern;
        const oracle = picomatch(oraclePattern, { bash: true, dot: true, nonegate: true, noextglob: true })(path);
        expect({ pattern, path, ours: matches(pattern, path) }).toEqual({ pattern, path, ours: oracle });
      }),
      { numRuns: 5000 },
    );
  });
});
