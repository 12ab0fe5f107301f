import fc from 'fast-check';
import { quoteUpArg, splitUpArgs, UpUsageError } from '@mvmforge/up';

describe('splitUpArgs: the table of artifact-v1 §11.3', () => {
  test.each([
    ['--hypervisor apple-container --name myvm', ['--hypervisor', 'apple-container', '--name', 'myvm']],
    [`--name 'my vm' -e "A=b c"`, ['--name', 'my vm', '-e', 'A=b c']],
    ['-e X=$HOME -p 8080:8080', ['-e', 'X=$HOME', '-p', '8080:8080']],
  ])('%s', (input, words) => {
    expect(splitUpArgs(input)).toEqual(words);
  });
});

describe('splitUpArgs: the rules of §11.3', () => {
  test('empty and blank input give no words', () => {
    expect(splitUpArgs('')).toEqual([]);
    expect(splitUpArgs(' \t\n ')).toEqual([]);
  });

  test('space, tab and newline separate; runs of them count once', () => {
    expect(splitUpArgs(' a\tb\n\nc  ')).toEqual(['a', 'b', 'c']);
  });

  test('other whitespace is part of a word', () => {
    expect(splitUpArgs('a\rb a\u00a0b')).toEqual(['a\rb', 'a\u00a0b']);
  });

  test('single quotes are literal, including backslashes and double quotes', () => {
    expect(splitUpArgs(`'a\\b "c" $X'`)).toEqual(['a\\b "c" $X']);
  });

  test('empty quotes make an empty word', () => {
    expect(splitUpArgs(`'' "" a''`)).toEqual(['', '', 'a']);
  });

  test('adjacent quoted and unquoted parts join into one word', () => {
    expect(splitUpArgs(`a'b c'"d e"f`)).toEqual(['ab cd ef']);
  });

  test('in double quotes, backslash escapes " \\ $ ` and other backslashes stay', () => {
    expect(splitUpArgs('"a\\"b"')).toEqual(['a"b']);
    expect(splitUpArgs('"a\\\\b"')).toEqual(['a\\b']);
    expect(splitUpArgs('"\\$X \\`y\\`"')).toEqual(['$X `y`']);
    expect(splitUpArgs('"a\\nb \\q"')).toEqual(['a\\nb \\q']);
  });

  test('in double quotes, backslash-newline is removed', () => {
    expect(splitUpArgs('"a\\\nb"')).toEqual(['ab']);
  });

  test('outside quotes, backslash makes the next character literal', () => {
    expect(splitUpArgs('a\\ b \\\'c \\"d \\\\e')).toEqual(['a b', "'c", '"d', '\\e']);
  });

  test('outside quotes, backslash-newline is removed and does not start a word', () => {
    expect(splitUpArgs('a\\\nb')).toEqual(['ab']);
    expect(splitUpArgs('a \\\n b')).toEqual(['a', 'b']);
    expect(splitUpArgs('\\\n')).toEqual([]);
  });

  test('nothing is expanded: parameters, substitution, tilde, globs, comments, operators', () => {
    const input = '$VAR ${X} $(id) `id` ~ ~/x *.py a?b [ab] #c a;b a|b a&b <x >y (z)';
    expect(splitUpArgs(input)).toEqual(input.split(' '));
  });

  test('newlines inside quotes are kept', () => {
    expect(splitUpArgs(`'a\nb' "c\nd"`)).toEqual(['a\nb', 'c\nd']);
  });

  test.each([
    [`'abc`, /unterminated single quote/],
    [`a "b c`, /unterminated double quote/],
    [`"abc\\"`, /unterminated double quote/],
    [`abc\\`, /trailing lone backslash/],
    [`\\`, /trailing lone backslash/],
  ])('%j is a usage error', (input, message) => {
    expect(() => splitUpArgs(input)).toThrow(UpUsageError);
    expect(() => splitUpArgs(input)).toThrow(message);
  });

  test('the error names the variable', () => {
    expect(() => splitUpArgs(`'x`)).toThrow(/^MVMFORGE_UP_ARGS: /);
  });
});

describe('splitUpArgs: round trips (fast-check)', () => {
  // Words over an alphabet rich in the characters the splitter treats specially.
  const special = fc.constantFrom(
    ' ',
    '\t',
    '\n',
    "'",
    '"',
    '\\',
    '$',
    '`',
    '~',
    '*',
    '?',
    '[',
    '#',
    ';',
    'a',
    'Z',
    '0',
    '-',
    '=',
    'é',
    '\u{1F600}',
  );
  const word = fc.oneof(
    fc.array(special, { maxLength: 12 }).map((cs) => cs.join('')),
    fc.string({ unit: 'grapheme', maxLength: 12 }),
  );
  const words = fc.array(word, { maxLength: 8 });

  const singleQuote = (w: string): string => `'${w.replace(/'/g, `'\\''`)}'`;
  const doubleQuote = (w: string): string => `"${w.replace(/["\\$`]/g, (c) => `\\${c}`)}"`;

  test('POSIX single-quoting each word and joining with spaces gives the words back', () => {
    fc.assert(
      fc.property(words, (ws) => {
        expect(splitUpArgs(ws.map(singleQuote).join(' '))).toEqual(ws);
      }),
    );
  });

  test('double-quoting each word and joining with any separators gives the words back', () => {
    const sep = fc.array(fc.constantFrom(' ', '\t', '\n'), { minLength: 1, maxLength: 3 }).map((s) => s.join(''));
    fc.assert(
      fc.property(words, sep, (ws, s) => {
        expect(splitUpArgs(ws.map(doubleQuote).join(s))).toEqual(ws);
      }),
    );
  });

  test('quoteUpArg quotes minimally and round-trips', () => {
    fc.assert(
      fc.property(words, (ws) => {
        expect(splitUpArgs(ws.map(quoteUpArg).join(' '))).toEqual(ws);
      }),
    );
    expect(quoteUpArg('--name')).toBe('--name');
    expect(quoteUpArg('my vm')).toBe(`'my vm'`);
  });

  test('never throws on fully quoted input, and output words contain no quoting artefacts', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (s) => {
        expect(splitUpArgs(singleQuote(s))).toEqual([s]);
      }),
    );
  });
});
