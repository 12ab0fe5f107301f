/**
 * Source include/exclude globs with Rust `globset` default semantics (artifact-v1 §6.2):
 * `*` and `?` cross `/`, `**` as a whole component spans zero or more directories, classes
 * `[…]`/`[!…]`/`[^…]` (a leading `]` is literal), `{a,b}` alternatives without nesting (empty ones
 * dropped, globset's `empty_alternates` default), `\c` a literal `c`. Everything else — including
 * `(`, `)`, `|`, `+`, `@`, `!`, `$` — is a literal.
 *
 * Why not picomatch alone: even with `bash: true` picomatch keeps `?` from matching `/`, reads
 * `[!a-z]` as a literal `!` under `strictBrackets`, treats `(a)`/`+(a)` as groups, and answers
 * `true` whenever the pattern string equals the path. No option turns those off, so the pattern is
 * tokenized here (which the validity check needs anyway) and each token is translated to an
 * anchored regular expression; the tests use picomatch (`bash`) as an oracle on the syntax both
 * agree on.
 */
import { CodedError, type Diagnostic } from '@mvmforge/ir/dist/diagnostic';

type Token =
  | { t: 'lit'; s: string }
  | { t: 'any' } // `?`
  | { t: 'star' } // `*`, or `**` not forming a whole component
  | { t: 'recPrefix' } // leading `**/`
  | { t: 'recSuffix' } // trailing `/**`
  | { t: 'recMiddle' } // `/**/`
  | { t: 'recAll' } // the whole pattern is `**`
  | { t: 'class'; negated: boolean; ranges: Array<[string, string]> }
  | { t: 'alt'; branches: Token[][] };

/** Thrown by `parseGlob` for an invalid pattern; `reason` is a user-facing sentence fragment. */
export class GlobSyntaxError extends Error {
  constructor(
    readonly pattern: string,
    readonly reason: string,
  ) {
    super(`invalid glob ${JSON.stringify(pattern)}: ${reason}`);
    this.name = 'GlobSyntaxError';
  }
}

function parseClass(chars: string[], start: number, pattern: string): { token: Token; next: number } {
  // chars[start] is '['.
  let i = start + 1;
  let negated = false;
  if (chars[i] === '!' || chars[i] === '^') {
    negated = true;
    i++;
  }
  const ranges: Array<[string, string]> = [];
  let first = true;
  for (;;) {
    if (i >= chars.length) throw new GlobSyntaxError(pattern, 'unclosed character class `[`');
    const c = chars[i];
    if (c === ']' && !first) return { token: { t: 'class', negated, ranges }, next: i + 1 };
    first = false;
    // A range `a-z`: `-` at the very start or right before the closing `]` is a literal.
    if (chars[i + 1] === '-' && i + 2 < chars.length && chars[i + 2] !== ']') {
      const lo = c;
      const hi = chars[i + 2];
      if (lo.codePointAt(0)! > hi.codePointAt(0)!) {
        throw new GlobSyntaxError(pattern, `reversed range \`${lo}-${hi}\` in a character class`);
      }
      ranges.push([lo, hi]);
      i += 3;
    } else {
      ranges.push([c, c]);
      i += 1;
    }
  }
}

/** Tokenizes a pattern, throwing GlobSyntaxError for the invalid forms of §6.2. */
export function parseGlob(pattern: string): Token[] {
  const chars = Array.from(pattern); // code points, so a class can hold a non-BMP character
  const top: Token[] = [];
  let branches: Token[][] | null = null; // set while inside `{…}`
  let current = top;
  const pushLit = (s: string) => {
    const last = current[current.length - 1];
    if (last && last.t === 'lit') last.s += s;
    else current.push({ t: 'lit', s });
  };
  let i = 0;
  while (i < chars.length) {
    const c = chars[i];
    if (c === '\\') {
      if (i + 1 >= chars.length) throw new GlobSyntaxError(pattern, 'trailing lone backslash `\\`');
      pushLit(chars[i + 1]);
      i += 2;
    } else if (c === '?') {
      current.push({ t: 'any' });
      i++;
    } else if (c === '*') {
      let j = i;
      while (chars[j] === '*') j++;
      const double = j - i >= 2;
      // globset treats the start of an alternative like the start of the pattern, and its end
      // (`,` or `}`) like the end, so `{**/x,y}` and `{a/**/b,c}` hold whole-component `**`s.
      const atStart = current.length === 0;
      const prevSlash = i > 0 && chars[i - 1] === '/';
      const atEnd = j === chars.length || (branches !== null && (chars[j] === ',' || chars[j] === '}'));
      const nextSlash = chars[j] === '/';
      if (double && atStart && branches === null && j === chars.length) {
        current.push({ t: 'recAll' });
        i = j;
      } else if (double && atStart && nextSlash) {
        current.push({ t: 'recPrefix' });
        i = j + 1;
      } else if (double && (prevSlash || current[current.length - 1]?.t === 'recPrefix') && (atEnd || nextSlash)) {
        const last = current[current.length - 1];
        if (last?.t === 'recPrefix' || last?.t === 'recMiddle') {
          // A repeated `**` component is redundant (`**/**/x` = `**/x`), except that a trailing
          // one turns the pattern into "everything" / "everything below". (In an alternative,
          // globset keeps a lone leading `**/**` as the prefix form; only a whole pattern is "everything".)
          if (atEnd && last.t === 'recMiddle') current[current.length - 1] = { t: 'recSuffix' };
          else if (atEnd && branches === null) current[current.length - 1] = { t: 'recAll' };
        } else {
          // The `/` before `**` was already pushed as a literal: take it back.
          if (last && last.t === 'lit') {
            last.s = last.s.slice(0, -1);
            if (last.s === '') current.pop();
          }
          current.push(atEnd ? { t: 'recSuffix' } : { t: 'recMiddle' });
        }
        i = atEnd ? j : j + 1;
      } else {
        current.push({ t: 'star' });
        i = j;
      }
    } else if (c === '[') {
      const { token, next } = parseClass(chars, i, pattern);
      current.push(token);
      i = next;
    } else if (c === '{') {
      if (branches !== null) throw new GlobSyntaxError(pattern, 'nested `{` alternatives are not supported');
      branches = [[]];
      current = branches[0];
      i++;
    } else if (c === '}') {
      if (branches === null) throw new GlobSyntaxError(pattern, '`}` without an opening `{`');
      top.push({ t: 'alt', branches });
      branches = null;
      current = top;
      i++;
    } else if (c === ',' && branches !== null) {
      branches.push([]);
      current = branches[branches.length - 1];
      i++;
    } else {
      pushLit(c);
      i++;
    }
  }
  if (branches !== null) throw new GlobSyntaxError(pattern, 'unclosed `{` alternatives');
  return top;
}

function escapeRegex(s: string): string {
  return s.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&'); // `-` may not be escaped outside a class under the `u` flag
}

function classChar(c: string): string {
  return c.replace(/[\\\]^[-]/g, '\\$&');
}

function tokensToRegex(tokens: Token[]): string {
  let out = '';
  for (const tok of tokens) {
    switch (tok.t) {
      case 'lit':
        out += escapeRegex(tok.s);
        break;
      case 'any':
        out += '.';
        break;
      case 'star':
        out += '.*';
        break;
      case 'recAll':
        out += '.*';
        break;
      case 'recPrefix':
        out += '(?:.*/)?';
        break;
      case 'recSuffix':
        out += '/.*';
        break;
      case 'recMiddle':
        out += '(?:/|/.*/)';
        break;
      case 'class': {
        const body = tok.ranges.map(([lo, hi]) => (lo === hi ? classChar(lo) : `${classChar(lo)}-${classChar(hi)}`)).join('');
        out += `[${tok.negated ? '^' : ''}${body}]`;
        break;
      }
      case 'alt': {
        // globset's default (`empty_alternates` off) drops empty alternatives: `x{,y}` is `x{y}`.
        const parts = tok.branches.map(tokensToRegex).filter((r) => r !== '');
        if (parts.length > 0) out += `(?:${parts.join('|')})`;
        break;
      }
    }
  }
  return out;
}

/** Compiles one pattern to an anchored RegExp over `/`-joined relative paths. */
export function compileGlob(pattern: string): RegExp {
  // `s`: `.` also matches a newline (file names may contain one); `u`: classes see code points.
  const tokens = parseGlob(pattern);
  // globset: a pattern that is one leading `**/` alone (`**/`, `**/**/`) matches everything.
  const body = tokens.length === 1 && tokens[0].t === 'recPrefix' ? '.*' : tokensToRegex(tokens);
  return new RegExp(`^${body}$`, 'su');
}

/** Why `pattern` is not a valid glob, or undefined when it is. */
export function globProblem(pattern: string): string | undefined {
  try {
    parseGlob(pattern);
    return undefined;
  } catch (err) {
    if (err instanceof GlobSyntaxError) return err.reason;
    throw err;
  }
}

/** The keep/skip decision for one relative path (§6.1 rule 4). */
export interface SourceFilter {
  keeps(relativePath: string): boolean;
}

/**
 * Compiles a source's include/exclude lists. An empty include list means `["**"]`. Every invalid
 * pattern is reported (all at once) as E_SOURCE_GLOB_INVALID at its IR path.
 */
export function compileSourceFilter(include: readonly string[], exclude: readonly string[]): SourceFilter {
  const problems: Diagnostic[] = [];
  const compileList = (patterns: readonly string[], field: 'include' | 'exclude'): RegExp[] =>
    patterns.flatMap((p, n) => {
      const reason = globProblem(p);
      if (reason !== undefined) {
        problems.push({
          code: 'E_SOURCE_GLOB_INVALID',
          path: `.apps[0].source.${field}[${n}]`,
          detail: `${JSON.stringify(p)} is not a valid glob: ${reason}`,
        });
        return [];
      }
      return [compileGlob(p)];
    });
  const inc = compileList(include.length === 0 ? ['**'] : include, 'include');
  const exc = compileList(exclude, 'exclude');
  if (problems.length > 0) throw new CodedError(problems);
  return {
    keeps: (rel) => inc.some((re) => re.test(rel)) && !exc.some((re) => re.test(rel)),
  };
}
