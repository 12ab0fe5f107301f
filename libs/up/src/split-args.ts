import { UpUsageError } from './errors';

/**
 * Splits MVMFORGE_UP_ARGS into argv words the way a POSIX shell splits words, but with no expansion
 * at all (artifact-v1 §11.3): no parameters, command substitution, tilde, globbing, comments or
 * operators — `$HOME`, `*`, `#` and `;` are ordinary characters. Only quoting and backslashes are
 * interpreted. Throws UpUsageError for an unterminated quote or a trailing lone backslash.
 */
export function splitUpArgs(input: string, source = 'MVMFORGE_UP_ARGS'): string[] {
  const words: string[] = [];
  let word = '';
  // A word exists once any character or quote pair was seen, so `''` yields one empty word.
  let inWord = false;
  let i = 0;
  const n = input.length;

  while (i < n) {
    const c = input[i];
    if (c === ' ' || c === '\t' || c === '\n') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      i += 1;
    } else if (c === '\\') {
      if (i + 1 >= n) throw new UpUsageError(`${source}: trailing lone backslash at offset ${i}`);
      const next = input[i + 1];
      // Backslash-newline is a line continuation: it vanishes and does not start a word.
      if (next !== '\n') {
        word += next;
        inWord = true;
      }
      i += 2;
    } else if (c === "'") {
      const close = input.indexOf("'", i + 1);
      if (close < 0) throw new UpUsageError(`${source}: unterminated single quote starting at offset ${i}`);
      word += input.slice(i + 1, close);
      inWord = true;
      i = close + 1;
    } else if (c === '"') {
      const start = i;
      i += 1;
      inWord = true;
      for (;;) {
        if (i >= n) throw new UpUsageError(`${source}: unterminated double quote starting at offset ${start}`);
        const d = input[i];
        if (d === '"') {
          i += 1;
          break;
        }
        if (d === '\\' && i + 1 < n) {
          const next = input[i + 1];
          if (next === '\n') {
            i += 2;
            continue;
          }
          if (next === '"' || next === '\\' || next === '$' || next === '`') {
            word += next;
            i += 2;
            continue;
          }
        }
        // Any other backslash stays, together with the character after it (read next round).
        word += d;
        i += 1;
      }
    } else {
      word += c;
      inWord = true;
      i += 1;
    }
  }
  if (inWord) words.push(word);
  return words;
}
