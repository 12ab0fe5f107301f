import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { CodedError, diagnostic, type Diagnostic } from './diagnostic';

/**
 * The input size cap (mvmforge decision): an IR document larger than this is refused with
 * E_INPUT_TOO_LARGE before any byte is parsed, so a huge manifest or stdin stream can neither
 * exhaust memory in the parser nor abort Node. Measured worst case at the cap: 708k keys in 8 MiB
 * take ~700 MB RSS, one 8 MiB string ~125 MB; real manifests are kilobytes (files[] base64 is what
 * makes one grow). `MVMFORGE_MAX_INPUT_BYTES` raises or lowers it.
 */
export const DEFAULT_MAX_INPUT_BYTES = 8 * 1024 * 1024;
export const MAX_INPUT_ENV = 'MVMFORGE_MAX_INPUT_BYTES';

/** The cap in bytes: `MVMFORGE_MAX_INPUT_BYTES` (a positive integer) or the default. */
export function maxInputBytes(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[MAX_INPUT_ENV];
  if (raw === undefined || raw === '') return DEFAULT_MAX_INPUT_BYTES;
  const n = /^[0-9]{1,15}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(n) || n < 1) {
    throw new CodedError(
      diagnostic('E_INPUT_TOO_LARGE', '', `${MAX_INPUT_ENV}=${JSON.stringify(raw)} is not a positive integer number of bytes`),
    );
  }
  return n;
}

export function inputTooLarge(what: string, limit: number, size?: number): Diagnostic {
  const seen = size === undefined ? `more than ${limit}` : String(size);
  return diagnostic('E_INPUT_TOO_LARGE', '.', `${what} is ${seen} bytes; the limit is ${limit} (${MAX_INPUT_ENV})`);
}

/**
 * Reads a whole file descriptor (a regular file, pipe or terminal) but never more than `limit`
 * bytes: the read stops at limit + 1 and throws E_INPUT_TOO_LARGE, so memory stays bounded.
 */
export function readFdBounded(fd: number, what: string, limit: number = maxInputBytes()): Buffer {
  const st = fstatSync(fd);
  if (st.isFile() && st.size > limit) throw new CodedError(inputTooLarge(what, limit, st.size));
  const chunks: Buffer[] = [];
  let total = 0;
  const chunk = Buffer.allocUnsafe(64 * 1024);
  for (;;) {
    const n = readSync(fd, chunk, 0, chunk.length, null);
    if (n === 0) break;
    total += n;
    if (total > limit) throw new CodedError(inputTooLarge(what, limit));
    chunks.push(Buffer.from(chunk.subarray(0, n)));
  }
  return Buffer.concat(chunks, total);
}

/** Reads a file by path with the cap (see readFdBounded). */
export function readFileBounded(path: string, what: string, limit: number = maxInputBytes()): Buffer {
  const fd = openSync(path, 'r');
  try {
    return readFdBounded(fd, what, limit);
  } finally {
    closeSync(fd);
  }
}

/** The cap for input already in memory (library callers): the byte length before parsing. */
export function checkInputSize(input: string | Uint8Array, limit: number): Diagnostic | undefined {
  // A string of n UTF-16 units is at least n UTF-8 bytes: reject long strings without encoding them.
  const size = typeof input === 'string' ? (input.length > limit ? input.length : Buffer.byteLength(input, 'utf8')) : input.byteLength;
  return size > limit
    ? inputTooLarge('the IR document', limit, typeof input === 'string' && input.length > limit ? undefined : size)
    : undefined;
}
