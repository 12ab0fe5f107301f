/**
 * The one POSIX shell quoting rule in TypeScript, for command lines shown to users
 * (`nix-check`'s displayCommand) and for words handed back through MVMFORGE_UP_ARGS (`up`'s
 * quoteUpArg). Python's shlex.quote rule (the Nix template in codegen's flake.ts uses it too, in
 * Nix), with one widening: `#` is left bare after the first character, where no shell reads it as
 * a comment, so flake references like `path:/x#attr` print as they are typed.
 * Not the shell-quote package: it picks single quotes, double quotes or backslashes per word, so its
 * output is not the shlex form that Python and the Nix template print.
 */
const BARE = /^[A-Za-z0-9_@%+=:,./-][A-Za-z0-9_@%+=:,./#-]*$/;

/** `word` unchanged when a shell would read it back as is, else single-quoted (`'` as `'"'"'`). */
export function shellQuote(word: string): string {
  if (BARE.test(word)) return word;
  return `'${word.replace(/'/g, `'"'"'`)}'`;
}
