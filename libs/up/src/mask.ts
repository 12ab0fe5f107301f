/**
 * `up --verbose` prints mvmctl's argv; values that may be secrets never appear in it. Masked:
 * the value of every `-e`/`--env` and `-s`/`--secret` word (mvmctl's env injection and, at the
 * pin, `--secret KEY=value:host`), in both `-e K=V` and `--env=K=V` forms, and any `NAME=value`
 * word whose NAME the artifact's launch.json lists as a secret (`secrets[].var`).
 */
export const MASK = '***';

const VALUE_FLAGS = new Set(['-e', '--env', '-s', '--secret']);

function maskAssignment(word: string): string {
  const eq = word.indexOf('=');
  return eq < 0 ? MASK : `${word.slice(0, eq + 1)}${MASK}`;
}

export function secretVarsOf(launch: Record<string, unknown>): Set<string> {
  const vars = new Set<string>();
  const secrets = launch.secrets;
  if (Array.isArray(secrets)) {
    for (const s of secrets) {
      if (s !== null && typeof s === 'object' && typeof (s as { var?: unknown }).var === 'string') vars.add((s as { var: string }).var);
    }
  }
  return vars;
}

export function maskArgv(argv: readonly string[], secretVars: ReadonlySet<string> = new Set()): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const word = argv[i];
    if (VALUE_FLAGS.has(word) && i + 1 < argv.length) {
      out.push(word, maskAssignment(argv[i + 1]));
      i += 1;
      continue;
    }
    const long = /^(--env|--secret)=(.*)$/s.exec(word);
    if (long) {
      out.push(`${long[1]}=${maskAssignment(long[2])}`);
      continue;
    }
    const short = /^(-e|-s)(.+)$/s.exec(word);
    if (short && short[2].includes('=')) {
      out.push(`${short[1]}${maskAssignment(short[2])}`);
      continue;
    }
    const eq = word.indexOf('=');
    if (eq > 0 && secretVars.has(word.slice(0, eq))) {
      out.push(maskAssignment(word));
      continue;
    }
    out.push(word);
  }
  return out;
}
