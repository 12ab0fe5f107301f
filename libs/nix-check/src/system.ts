/** The systems the artifact's flake defines packages for (artifact-v1 §5.4). */
export const SUPPORTED_SYSTEMS = ['x86_64-linux', 'aarch64-linux'] as const;
export type NixSystem = (typeof SUPPORTED_SYSTEMS)[number];

export function isSupportedSystem(s: string): s is NixSystem {
  return (SUPPORTED_SYSTEMS as readonly string[]).includes(s);
}

/**
 * The system to evaluate when `--system` is not given: the Linux system of the host's CPU
 * (arm64 macOS evaluates aarch64-linux; evaluation needs no Linux builder). Undefined for other
 * architectures, which the CLI reports as a usage error.
 */
export function defaultSystem(arch: string = process.arch): NixSystem | undefined {
  if (arch === 'x64') return 'x86_64-linux';
  if (arch === 'arm64') return 'aarch64-linux';
  return undefined;
}
