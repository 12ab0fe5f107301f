/**
 * Shell-launcher detection for command entrypoints (ir-v0 §10.4, upstream entrypoint_policy.rs).
 * Returns the shell's name, or null when argv does not launch a shell.
 */
export const SHELL_NAMES: ReadonlySet<string> = new Set(['sh', 'bash', 'dash', 'ash', 'zsh', 'fish', 'ksh', 'mksh', 'csh', 'tcsh']);

const ENV_OPTIONS_WITH_ARGUMENT = new Set(['-u', '--unset', '-C', '--chdir', '-a', '--argv0']);

/**
 * The final path component as a path library's "file name" computes it: trailing `/` and `/.`
 * are ignored; when there is none (``, `/`, a path ending in `..`) the whole argument.
 */
export function basename(arg: string): string {
  const parts = arg.split('/').filter((p) => p !== '' && p !== '.');
  const last = parts[parts.length - 1];
  if (last === undefined || last === '..') return arg;
  return last;
}

const isShell = (word: string): boolean => SHELL_NAMES.has(basename(word));

/** `NAME=value` where NAME is non-empty ASCII letters, digits and `_`. */
export function isAssignment(word: string): boolean {
  const eq = word.indexOf('=');
  return eq > 0 && /^[A-Za-z0-9_]+$/.test(word.slice(0, eq));
}

/** Split on ASCII whitespace (space, tab, LF, FF, CR), dropping empty words. */
export function splitWords(s: string): string[] {
  return s.split(/[ \t\n\f\r]+/).filter((w) => w !== '');
}

export function detectShell(argv: readonly string[]): string | null {
  const first = argv[0];
  if (first === undefined) return null;
  const name = basename(first);
  if (SHELL_NAMES.has(name)) return name;
  if (name === 'busybox') {
    const applet = argv[1];
    return applet !== undefined && isShell(applet) ? basename(applet) : null;
  }
  if (name === 'env') return detectThroughEnv(argv.slice(1));
  return null;
}

function detectThroughEnv(args: readonly string[]): string | null {
  for (let i = 0; i < args.length; i++) {
    const word = args[i] as string;
    if (word === '--') {
      const command = args.slice(i + 1).find((w) => !isAssignment(w));
      return command !== undefined && isShell(command) ? basename(command) : null;
    }
    if (word === '-S' || word === '--split-string') {
      const next = args[i + 1];
      return next === undefined ? null : detectShell(splitWords(next));
    }
    if (word.startsWith('--split-string=')) return detectShell(splitWords(word.slice('--split-string='.length)));
    if (ENV_OPTIONS_WITH_ARGUMENT.has(word)) {
      i++;
      continue;
    }
    if (word.startsWith('-') || isAssignment(word)) continue;
    // Upstream keeps scanning past a non-shell command word; mvmforge matches that.
    if (isShell(word)) return basename(word);
  }
  return null;
}
