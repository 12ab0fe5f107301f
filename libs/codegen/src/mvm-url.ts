import { CodedError } from '@mvmforge/ir/dist/diagnostic';

/**
 * The mvm flake that provides `mkGuest` (artifact-v1 §5.2): the services-era guest-lib of the pin; the
 * template also works with later (entrypoint-era) revisions. Pinned to a commit so
 * that the same IR compiles to the same flake.nix everywhere; override with MVMFORGE_MVM_FLAKE_URL.
 */
export const DEFAULT_MVM_FLAKE_URL = 'github:tinylabscom/mvm/4c6362ea1732e50f77a65aa49e9ce8d005d2210f?dir=nix/guest-lib';

export const MVM_FLAKE_URL_ENV = 'MVMFORGE_MVM_FLAKE_URL';

/** Describes one character for a message without printing it raw (it may be a control char). */
function describeChar(ch: string): string {
  const cp = ch.codePointAt(0) ?? 0;
  const hex = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  if (ch === '"') return `a double quote (")`;
  if (ch === '\\') return 'a backslash (\\)';
  if (ch === '\n') return `a line feed (${hex})`;
  if (ch === '\r') return `a carriage return (${hex})`;
  return `a control character (${hex})`;
}

/**
 * Why `url` cannot be spliced between double quotes in flake.nix, or undefined when it can.
 * Refused are exactly the characters that could end, escape or interpolate inside a Nix
 * double-quoted string: `"`, `\`, `${`, and every control character (U+0000–U+001F, U+007F).
 * Nothing else is interpreted: the URL is spliced verbatim.
 */
export function mvmFlakeUrlProblem(url: string): string | undefined {
  if (url.length === 0) return 'the URL is empty';
  for (let i = 0; i < url.length; i++) {
    const ch = url[i];
    const cp = ch.charCodeAt(0);
    if (ch === '"' || ch === '\\' || cp <= 0x1f || cp === 0x7f) {
      return `it contains ${describeChar(ch)} at offset ${i}`;
    }
    if (ch === '$' && url[i + 1] === '{') return `it contains the sequence \${ at offset ${i}`;
  }
  return undefined;
}

/**
 * The mvm flake URL for inputs.mvm.url: MVMFORGE_MVM_FLAKE_URL verbatim when set and non-empty
 * (an empty value means "unset"), otherwise the pinned default. An unsafe override is refused
 * with E_MVM_FLAKE_URL_INVALID rather than escaped, because any escaping would change the URL.
 */
export function resolveMvmFlakeUrl(env: NodeJS.ProcessEnv = process.env): string {
  const override = env[MVM_FLAKE_URL_ENV];
  if (override === undefined || override === '') return DEFAULT_MVM_FLAKE_URL;
  const problem = mvmFlakeUrlProblem(override);
  if (problem !== undefined) {
    throw new CodedError({
      code: 'E_MVM_FLAKE_URL_INVALID',
      path: '',
      detail:
        `${MVM_FLAKE_URL_ENV} cannot be used as the mvm flake URL: ${problem}. ` +
        'Set it to a flake URL without double quotes, backslashes, "${" or control characters ' +
        `(e.g. git+file:///abs/path/to/mvm?dir=nix for a current clone, git+file:///abs/path/to/mvm?dir=nix/guest-lib for a checkout of the pin), or unset it to use the pinned default ${DEFAULT_MVM_FLAKE_URL}.`,
    });
  }
  return override;
}
