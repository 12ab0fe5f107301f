/**
 * Name rules (ir-v0 §10): identifiers, environment variable names, working directories and the
 * host-pattern grammar of secret `allowed_hosts`.
 */

/** §10.1 id rule, the one declaration (workload id, app name, peers, addon name/alias; Nx project names). */
export const ID_PATTERN = /^[a-z][a-z0-9-]{0,62}$/;
const ID = ID_PATTERN;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/** §10.1: workload id, app name, peers, addon name/alias. */
export function isValidId(s: string): boolean {
  return ID.test(s);
}

/** §10.3: env keys and SecretMount.env.var. */
export function isValidEnvName(s: string): boolean {
  return ENV_NAME.test(s);
}

/** §10.2: absolute, not `/`, no LF/CR/NUL, no empty, `.` or `..` component, no trailing `/`. */
export function isValidWorkingDir(s: string): boolean {
  if (!s.startsWith('/') || s === '/') return false;
  if (/[\n\r\0]/.test(s)) return false;
  return s
    .slice(1)
    .split('/')
    .every((part) => part !== '' && part !== '.' && part !== '..');
}

function isHostname(s: string): boolean {
  if (s.length === 0 || s.length > 253) return false;
  return s.split('.').every((label) => LABEL.test(label));
}

/** §10.6: a hostname, or `*.` followed by a hostname of at least two labels. */
export function isValidHostPattern(s: string): boolean {
  if (s.startsWith('*.')) {
    const rest = s.slice(2);
    return isHostname(rest) && rest.split('.').length >= 2;
  }
  return isHostname(s);
}

/**
 * Matching semantics for consumers (§10.6): ASCII case-insensitive; `*.example.com` matches any
 * host ending in `.example.com` (any depth) but not `example.com`; other patterns match exactly.
 */
export function hostMatchesPattern(host: string, pattern: string): boolean {
  const h = host.toLowerCase();
  const p = pattern.toLowerCase();
  if (p.startsWith('*.')) return h.endsWith(p.slice(1)) && h.length > p.length - 1;
  return h === p;
}

export function hostAllowed(host: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => hostMatchesPattern(host, p));
}
