import { CodedError } from '@mvmforge/ir/dist/diagnostic';
import { readArtifact } from '@mvmforge/codegen/dist/artifact';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHECK_FLAKE_ATTRIBUTE, CHECK_FLAKE_NIX } from './check-flake';
import { firstDifference, jsonDeepEqual, METADATA_KEYS } from './compare';
import { requireNix } from './find-nix';
import { artifactFlakeRef } from './flake-ref';
import { displayCommand, runNix, stderrTail, type NixResult } from './run-nix';
import { createScratch } from './scratch';
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

interface PackageInfo {
  name: string;
  drvPath: string;
}

interface Report {
  packages: Record<string, Record<string, PackageInfo>>;
  workload: unknown;
  metadata: unknown;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function asReport(v: unknown, r: NixResult): Report {
  if (!isObject(v) || !isObject(v.packages) || !('workload' in v) || !('metadata' in v)) {
    throw failed(`\`${displayCommand(r.args)}\` printed JSON without packages, workload and metadata`);
  }
  return v as unknown as Report;
}

/**
 * The package set check relies on, whatever mvm names its derivations (`mvm-<id>`,
 * `mvm-<id>-prod`, an ext4 image): exactly one `default` derivation for each supported system.
 */
function checkPackageSet(packages: Report['packages']): void {
  const systems = Object.keys(packages).sort();
  const expected = [...SUPPORTED_SYSTEMS].sort();
  const shape = (s: string) => Object.keys(packages[s] ?? {}).sort();
  if (!jsonDeepEqual(systems, expected) || systems.some((s) => !jsonDeepEqual(shape(s), ['default']))) {
    const seen = systems.map((s) => `${s}: ${shape(s).join(', ') || '(none)'}`).join('; ') || '(none)';
    throw failed(
      `the flake's packages are {${seen}}, but an mvmforge artifact has exactly packages.<system>.default for ${expected.join(' and ')}`,
    );
  }
}

/**
 * `mvmforge check` (artifact-v1 §10.1): evaluates the artifact with real Nix and compares the
 * result with launch.json. One `nix eval --json` of a fixed check flake (check-flake.ts) with the
 * artifact as its overridden input: the artifact is copied into the store once, every package's
 * drvPath is instantiated (what `nix flake check` checks for packages), and `mvmforge.workload`,
 * `mvmforge.metadata` and the package set are compared. The derivation's name is reported, never
 * compared: mvm revisions name it differently. `--no-write-lock-file` leaves the artifact
 * byte-identical. The scratch directory (check flake, and the artifact copy when its path is not
 * URL-safe) is removed on every exit path, signals included.
 */
export async function checkArtifact(dir: string, options: CheckOptions = {}): Promise<CheckResult> {
  const artifact = readArtifact(dir);
  const nix = requireNix(options.path ?? process.env.PATH);
  const system = resolveSystem(options.system);
  const scratch = createScratch();
  try {
    const flake = artifactFlakeRef(dir, scratch.dir);
    const checkDir = join(scratch.dir, 'check');
    mkdirSync(checkDir);
    writeFileSync(join(checkDir, 'flake.nix'), CHECK_FLAKE_NIX);

    const run = await runNix(
      nix,
      ['eval', '--json'],
      ['--override-input', 'artifact', flake.ref, `path:${checkDir}#${CHECK_FLAKE_ATTRIBUTE}`],
    );
    requireSuccess(run);
    const report = asReport(parseNixJson(run), run);

    const launch = artifact.document;
    if (!jsonDeepEqual(report.workload, launch)) {
      throw failed(
        `the flake's mvmforge.workload differs from launch.json (first difference at ${firstDifference(report.workload, launch)})`,
      );
    }
    const expectedMetadata = Object.fromEntries(METADATA_KEYS.map((k) => [k, launch[k]]));
    if (!jsonDeepEqual(report.metadata, expectedMetadata)) {
      throw failed(
        `the flake's mvmforge.metadata ${JSON.stringify(report.metadata)} differs from launch.json's ${JSON.stringify(expectedMetadata)}`,
      );
    }
    checkPackageSet(report.packages);
    const name = report.packages[system].default.name;
    if (typeof name !== 'string' || name === '') {
      throw failed(`the guest derivation for ${system} has no name`);
    }
    return {
      name,
      system,
      workloadId: artifact.workloadId,
      irHash: String(launch.ir_hash),
      flakeRef: flake.ref,
      copied: flake.copied,
    };
  } finally {
    scratch.release();
  }
}
