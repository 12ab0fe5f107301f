import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CodedError, diagnostic } from '@mvmforge/ir';
import { findOnPath, isExecutableFile } from '@mvmforge/process';

/** How mvmctl was found (artifact-v1 §11.2), in resolution order. */
export type MvmctlSource = 'MVMFORGE_MVMCTL' | 'MVMFORGE_MVM_REPO' | 'PATH';

/** The command that runs mvmctl: `command` plus `prefixArgs`, followed by mvmctl's own arguments. */
export interface ResolvedMvmctl {
  source: MvmctlSource;
  command: string;
  prefixArgs: string[];
}

type Env = Readonly<Record<string, string | undefined>>;

const GUIDANCE =
  'mvmctl could not be found. Choose one of: ' +
  '(1) set MVMFORGE_MVMCTL to the path of an mvmctl executable; ' +
  '(2) set MVMFORGE_MVM_REPO to an mvm checkout (with Cargo.toml) and put cargo on PATH, so mvmforge builds it with ' +
  '`cargo build --manifest-path "$MVMFORGE_MVM_REPO/Cargo.toml" --bin mvmctl` and runs the result; ' +
  '(3) put mvmctl on PATH';

function notFound(reason: string): CodedError {
  return new CodedError(diagnostic('E_MVM_NOT_FOUND', '', `${reason}. ${GUIDANCE}`));
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/**
 * Resolves mvmctl in the order of artifact-v1 §11.2. The first variable that is set (non-empty)
 * decides; when it is broken that is an E_MVM_NOT_FOUND error rather than a silent fall-through,
 * so a typo in MVMFORGE_MVMCTL never boots some other mvmctl from PATH.
 */
export function resolveMvmctl(env: Env = process.env, cwd: string = process.cwd()): ResolvedMvmctl {
  const explicit = env.MVMFORGE_MVMCTL;
  if (explicit) {
    const file = resolve(cwd, explicit);
    if (!isExecutableFile(file)) {
      throw notFound(`MVMFORGE_MVMCTL is set to ${JSON.stringify(explicit)}, which is not an executable file`);
    }
    return { source: 'MVMFORGE_MVMCTL', command: file, prefixArgs: [] };
  }

  const repo = env.MVMFORGE_MVM_REPO;
  if (repo) {
    const repoDir = resolve(cwd, repo);
    if (!isDirectory(repoDir)) {
      throw notFound(`MVMFORGE_MVM_REPO is set to ${JSON.stringify(repo)}, which is not a directory`);
    }
    const manifest = join(repoDir, 'Cargo.toml');
    if (!isFile(manifest)) {
      throw notFound(`MVMFORGE_MVM_REPO is set to ${JSON.stringify(repo)}, but it has no Cargo.toml (is it an mvm checkout?)`);
    }
    const cargo = findOnPath('cargo', env.PATH);
    if (!cargo) {
      throw notFound('MVMFORGE_MVM_REPO is set, but cargo is not on PATH (install Rust, e.g. with rustup)');
    }
    return {
      source: 'MVMFORGE_MVM_REPO',
      command: cargo,
      prefixArgs: ['run', '--quiet', '--manifest-path', manifest, '--bin', 'mvmctl', '--'],
    };
  }

  const onPath = findOnPath('mvmctl', env.PATH);
  if (onPath) return { source: 'PATH', command: onPath, prefixArgs: [] };

  throw notFound('none of MVMFORGE_MVMCTL, MVMFORGE_MVM_REPO or an mvmctl on PATH is available');
}
