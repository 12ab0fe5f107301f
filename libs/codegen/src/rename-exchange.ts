/**
 * Atomic swap of two directories with Linux renameat2(RENAME_EXCHANGE), so `--out` is the old or
 * the new artifact at every instant (issue 10 item 3). Node has no binding for renameat2 and we
 * ship no native addon, so the one syscall is made by `perl` (part of every Debian/Ubuntu base
 * system; ~3 ms), through its `syscall` builtin with the two paths as argv — never as script text.
 *
 * The outcome is read back from the filesystem (which inode is at `b` now), not from perl's exit
 * status: a perl that is missing, killed or confused can only leave both paths untouched (the
 * syscall is atomic), and then the caller falls back to the two-rename protocol.
 */
import { spawnSync } from 'node:child_process';
import { lstatSync } from 'node:fs';

/** `__NR_renameat2` per Node architecture; only the ones whose table we are sure of. */
const RENAMEAT2: Partial<Record<NodeJS.Architecture, number>> = {
  x64: 316, // arch/x86/entry/syscalls/syscall_64.tbl
  arm64: 276, // include/uapi/asm-generic/unistd.h
};

const AT_FDCWD = -100;
const RENAME_EXCHANGE = 2;

const SCRIPT = `exit(syscall(${'$'}ARGV[0], ${AT_FDCWD}, ${'$'}ARGV[1], ${AT_FDCWD}, ${'$'}ARGV[2], ${RENAME_EXCHANGE}) == 0 ? 0 : 1)`;

function inode(p: string): bigint | undefined {
  try {
    return lstatSync(p, { bigint: true }).ino;
  } catch {
    return undefined;
  }
}

/** True when this platform can attempt the exchange at all. */
export function renameExchangeSupported(): boolean {
  return process.platform === 'linux' && RENAMEAT2[process.arch] !== undefined;
}

/**
 * Swaps the directories at `a` and `b` (both must exist, same filesystem). Returns true when the
 * swap happened; false leaves both exactly as they were.
 */
export function renameExchange(a: string, b: string): boolean {
  if (!renameExchangeSupported()) return false;
  const aIno = inode(a);
  if (aIno === undefined || inode(b) === undefined) return false;
  // Synchronous: a signal arriving meanwhile is handled after the swap, never halfway.
  spawnSync('perl', ['-e', SCRIPT, '--', String(RENAMEAT2[process.arch]), a, b], {
    stdio: 'ignore',
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C' },
    timeout: 10_000,
    shell: false,
  });
  return inode(b) === aIno;
}
