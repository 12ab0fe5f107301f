/**
 * DeclarationError and the author call-site lookup (python-sdk.md §1, §5 mirrored for TypeScript).
 *
 * Every mistake is reported at the line of the author's file that made it, not inside this package,
 * so the message points where the fix belongs. The call site comes from the V8 stack: the emitter
 * turns on source maps, so a transpiled `app.ts` still reports its own line numbers.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * This package's compiled and source directories: frames in either are ours (with source maps on,
 * a compiled frame is reported at its `src/*.ts` position).
 */
const SDK_DIRS = [join(__dirname, '..', 'dist'), join(__dirname, '..', 'src'), __dirname].map((d) => d + '/');

/** A file and 1-based line of the author's code. */
export interface CallSite {
  readonly file: string;
  readonly line: number;
}

/** A workload declaration mistake, located at the author's call site (`file`, `line`). */
export class DeclarationError extends Error {
  /** The message without the location prefix. */
  readonly detail: string;
  /** The author's file that made the mistake, when known. */
  readonly file: string | undefined;
  /** The 1-based line in `file`, when known. */
  readonly line: number | undefined;

  constructor(detail: string, site?: CallSite) {
    super(site ? `${site.file}:${site.line}: ${detail}` : detail);
    this.name = 'DeclarationError';
    this.detail = detail;
    this.file = site?.file;
    this.line = site?.line;
  }
}

// "    at fn (/a/b.ts:12:5)", "    at /a/b.ts:12:5", "    at async file:///a/b.mts:3:1"
const FRAME = /^\s*at (?:.*? \()?(.+?):(\d+):(\d+)\)?$/;

/** Every (file, line) of the current stack, innermost first; file URLs become paths. */
export function stackSites(stack: string | undefined): CallSite[] {
  const sites: CallSite[] = [];
  for (const text of (stack ?? '').split('\n').slice(1)) {
    const match = FRAME.exec(text);
    if (!match) continue;
    let file = match[1]!;
    if (file.startsWith('file://')) {
      try {
        file = fileURLToPath(file);
      } catch {
        continue;
      }
    }
    sites.push({ file, line: Number(match[2]) });
  }
  return sites;
}

/** Frames of this package and of Node itself are never the author's. */
export function isSdkFile(file: string): boolean {
  return SDK_DIRS.some((dir) => file.startsWith(dir)) || !file.startsWith('/');
}

/** The innermost stack frame outside this package, or undefined. */
export function callerSite(): CallSite | undefined {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 100;
  const stack = new Error().stack;
  Error.stackTraceLimit = limit;
  return stackSites(stack).find((site) => !isSdkFile(site.file));
}

/** Throws DeclarationError at `site`, or at the current author call site. */
export function fail(detail: string, site?: CallSite): never {
  throw new DeclarationError(detail, site ?? callerSite());
}
