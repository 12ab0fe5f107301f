import { CodedError } from '@mvmforge/ir';
import { readArtifact } from '@mvmforge/codegen';
import { firstDifference, jsonDeepEqual, METADATA_KEYS } from './compare';
import { requireNix } from './find-nix';
import { artifactFlakeRef } from './flake-ref';
import { displayCommand, runNix, stderrTail, type NixResult } from './run-nix';
import { defaultSystem, isSupportedSystem, SUPPORTED_SYSTEMS } from './system';

export interface CheckOptions {
  /** `x86_64-linux` or `aarch64-linux`; default: the host CPU's Linux system. */
  system?: string;
  /** PATH used to find `nix` (default: process.env.PATH). */
  path?: string;
}

export interface CheckResult {
  /** The evaluated guest derivation name, e.g. `mvm-with-source`. */
  name: string;
  system: string;
  workloadId: string;
  irHash: string;
  /** The flake reference that was evaluated. */
  flakeRef: string;
  /** True when a temporary copy was evaluated because the artifact path is not URL-safe. */
  copied: boolean;
}

/** Thrown for a system the artifact cannot be evaluated for; the CLI reports it as a usage error. */
export class UnsupportedSystemError extends Error {
  constructor(what: string) {
    super(`${what}; use --system with one of ${SUPPORTED_SYSTEMS.join(', ')}`);
    this.name = 'UnsupportedSystemError';
  }
}

export function resolveSystem(requested: string | undefined, arch: string = process.arch): string {
  if (requested !== undefined) {
    if (!isSupportedSystem(requested)) throw new UnsupportedSystemError(`unsupported system '${requested}'`);
    return requested;
  }
  const system = defaultSystem(arch);
  if (system === undefined) throw new UnsupportedSystemError(`no default system for the host architecture '${arch}'`);
  return system;
}

function failed(detail: string): CodedError {
  return new CodedError({ code: 'E_FLAKE_CHECK_FAILED', path: '', detail });
}

function requireSuccess(r: NixResult): void {
  if (r.status === 0) return;
  const how = r.signal !== null ? `was killed by ${r.signal}` : r.status === null ? 'could not be run' : `exited with status ${r.status}`;
  const tail = stderrTail(r.stderr);
  throw failed(`\`${displayCommand(r.args)}\` ${how}${tail ? `:\n${tail}` : ''}`);
}

function parseNixJson(r: NixResult): unknown {
  try {
    return JSON.parse(r.stdout);
  } catch {
    throw failed(`\`${displayCommand(r.args)}\` printed output that is not JSON: ${JSON.stringify(r.stdout.slice(0, 200))}`);
  }
}

/**
 * `mvmforge check` (artifact-v1 §10.1): evaluates the artifact with real Nix and compares the
 * result with launch.json. Runs `nix flake check`, the guest derivation's name, and the two
 * `mvmforge` outputs, each with `--no-write-lock-file`, so the artifact is left byte-identical.
 */
export async function checkArtifact(dir: string, options: CheckOptions = {}): Promise<CheckResult> {
  const artifact = readArtifact(dir);
  const nix = requireNix(options.path ?? process.env.PATH);
  const system = resolveSystem(options.system);
  const flake = artifactFlakeRef(dir);
  try {
    const ref = flake.ref;

    requireSuccess(await runNix(nix, ['flake', 'check'], [ref]));

    const nameRun = await runNix(nix, ['eval', '--raw'], [`${ref}#packages.${system}.default.name`]);
    requireSuccess(nameRun);
    const name = nameRun.stdout;

    const workloadRun = await runNix(nix, ['eval', '--json'], [`${ref}#mvmforge.workload`]);
    requireSuccess(workloadRun);
    const workload = parseNixJson(workloadRun);

    const metadataRun = await runNix(nix, ['eval', '--json'], [`${ref}#mvmforge.metadata`]);
    requireSuccess(metadataRun);
    const metadata = parseNixJson(metadataRun);

    const launch = artifact.document;
    if (!jsonDeepEqual(workload, launch)) {
      throw failed(
        `the flake's mvmforge.workload differs from launch.json (first difference at ${firstDifference(workload, launch)})`,
      );
    }
    const expectedMetadata = Object.fromEntries(METADATA_KEYS.map((k) => [k, launch[k]]));
    if (!jsonDeepEqual(metadata, expectedMetadata)) {
      throw failed(
        `the flake's mvmforge.metadata ${JSON.stringify(metadata)} differs from launch.json's ${JSON.stringify(expectedMetadata)}`,
      );
    }
    if (name === '' || !name.endsWith(artifact.workloadId)) {
      throw failed(
        `the guest derivation for ${system} is named ${JSON.stringify(name)}, which does not end with the workload id '${artifact.workloadId}'`,
      );
    }
    return {
      name,
      system,
      workloadId: artifact.workloadId,
      irHash: String(launch.ir_hash),
      flakeRef: ref,
      copied: flake.copied,
    };
  } finally {
    flake.release();
  }
}
