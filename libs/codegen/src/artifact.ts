import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CodedError } from '@mvmforge/ir/dist/diagnostic';
import { errorMessage } from '@mvmforge/ir/dist/error-message';

/**
 * Reading a compiled artifact back (artifact-v1 §3, §4): what `check` and `up` accept as an
 * artifact directory. Both refuse anything else with E_ARTIFACT_INVALID.
 */

/** The parts of launch.json that check compares against what Nix evaluates. */
export interface ArtifactLaunch {
  /** launch.json parsed as a whole (compared with `mvmforge.workload`). */
  document: Record<string, unknown>;
  workloadId: string;
}

function invalid(dir: string, why: string): CodedError {
  return new CodedError({
    code: 'E_ARTIFACT_INVALID',
    path: '',
    detail: `${dir} is not an mvmforge artifact: ${why}. Produce one with \`mvmforge compile <entry> --out <dir>\`.`,
  });
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/**
 * Reads and checks the artifact directory (artifact-v1 §10.1 step 1): a directory holding
 * flake.nix and launch.json, whose launch.json is a format-1.0 document with a workload id.
 */
export function readArtifact(dir: string): ArtifactLaunch {
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    throw invalid(dir, 'the directory does not exist');
  }
  if (!isDir) throw invalid(dir, 'it is not a directory');
  if (!isFile(join(dir, 'flake.nix'))) throw invalid(dir, 'flake.nix is missing');
  const launchPath = join(dir, 'launch.json');
  if (!isFile(launchPath)) throw invalid(dir, 'launch.json is missing');

  let parsed: unknown;
  try {
    // launch.json is the compiler's own canonical output, not IR input, and is only used for
    // a structural comparison with Nix's view of the same bytes; JSON.parse is adequate here.
    parsed = JSON.parse(readFileSync(launchPath, 'utf8'));
  } catch (err) {
    throw invalid(dir, `launch.json is not valid JSON (${errorMessage(err)})`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw invalid(dir, 'launch.json is not a JSON object');
  }
  const document = parsed as Record<string, unknown>;
  if (document.artifact_format_version !== '1.0') {
    throw invalid(dir, 'launch.json does not have "artifact_format_version": "1.0"');
  }
  if (typeof document.workload_id !== 'string' || document.workload_id === '') {
    throw invalid(dir, 'launch.json has no "workload_id" string');
  }
  return { document, workloadId: document.workload_id };
}
