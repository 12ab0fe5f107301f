/**
 * The one failure → exit-status table of the `mvmforge` CLI (README "Exit status" shows the same
 * table). Every verb ends in exactly one of these kinds; main.ts is the only place that turns a
 * kind into a number (ir-v0 §11: 0 success, 1 any coded error, 2 usage error; artifact-v1 §11.5
 * for `up`). The same kind of mistake exits the same way in every verb: an unreadable input is a
 * coded error (E_MALFORMED_MANIFEST at `.`, ir-v0 §3.1), exit 1, in `validate` as in `hash`.
 */
export const EXIT_STATUS = {
  /** The verb did what was asked (`validate`: the workload is valid). */
  ok: 0,
  /** A CodedError: invalid or unreadable input, an SDK failure, a compile/check/up failure. */
  coded: 1,
  /** `explain` was asked for a code the registry does not have. */
  unknownCode: 1,
  /** A bug in mvmforge: "internal error: …", stack only with MVMFORGE_DEBUG=1. */
  internal: 1,
  /** The command line is wrong: unknown verb or flag, missing or extra argument, bad option value. */
  usage: 2,
} as const;

export type ExitKind = keyof typeof EXIT_STATUS;

/**
 * What a verb returns: one of the kinds, or `passthrough` — `up` ends with mvmctl's own status
 * (128 + n when mvmctl, or `up` itself before spawning it, was ended by signal n).
 */
export type VerbResult = ExitKind | { passthrough: number };

/** Every usage error, whoever detects it; printed as `mvmforge <verb>: <message>`, exit 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export function exitStatusOf(result: VerbResult): number {
  return typeof result === 'string' ? EXIT_STATUS[result] : result.passthrough;
}
