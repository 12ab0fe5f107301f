/**
 * The error-code registry (ir-v0 §11) as data: every code the toolchain can produce, plus the
 * reserved ones, with the stage that produces it, where it points (`fields`) and what the user
 * should do (`hint`). `libs/ir/error-codes.json` is generated from this table
 * (`node libs/ir/scripts/write-generated.mjs` after a build); a test keeps the two equal.
 * The catalogue is append-only within IR major 0.
 *
 * Over 250 lines on purpose: it is one data table (one entry per code, ~75 codes); splitting it
 * would scatter the catalogue that `explain` and error-codes.json present as one.
 */

export type ErrorStage = 'parse' | 'version' | 'validate' | 'emit' | 'compile' | 'source' | 'check' | 'up' | 'reserved';

export interface ErrorCodeEntry {
  description: string;
  stage: ErrorStage;
  /** Where the error points (jq path patterns), when it has an IR location. */
  fields?: readonly string[];
  /** What the user should do about it. */
  hint: string;
  /** Reserved: in the registry, not produced by this version. */
  reserved?: true;
}

export const ERROR_CODES_VERSION = '0.1';

const reserved = (description: string): ErrorCodeEntry => ({
  description,
  stage: 'reserved',
  hint: 'Reserved for a later version; mvmforge v0 does not produce this code.',
  reserved: true,
});

/**
 * One entry per code, sorted within its section: an object literal so that codes added in parallel
 * merge as separate lines. `as const` makes its keys the `ErrorCode` type, so a typo'd code is a
 * compile error wherever a diagnostic is built.
 */
const REGISTRY = {
  // §11.1 Parse and version
  E_INPUT_NOT_FOUND: {
    description: 'The workload input named on the command line or in a target (an app.py entry or an IR JSON file) does not exist.',
    stage: 'parse',
    hint: 'Check the path in the message (relative paths are resolved against the working directory); pass an existing app.py or IR JSON file, or `-` for stdin.',
  },
  E_INPUT_UNREADABLE: {
    description:
      'The workload input (an app.py entry, an IR JSON file or stdin) exists but cannot be read: a directory, no read permission, or another I/O error.',
    stage: 'parse',
    hint: 'Pass a regular file you can read (the message names the path and the reason); for a directory, name the app.py or IR JSON file inside it.',
  },
  E_MALFORMED_MANIFEST: {
    description:
      'The IR document is not acceptable JSON or does not have the IR shape: invalid UTF-8 or JSON, a byte-order mark, a duplicate key, a lone surrogate, U+0000, a missing required field, a wrong type, an unknown kind/enum value, a float, an integer out of range or above 2^53-1, nesting deeper than 128, or an I/O error reading it.',
    stage: 'parse',
    fields: ['the value or field path; "." for the whole document'],
    hint: 'At ".", check that the file exists, is readable and is one UTF-8 JSON object (no BOM); elsewhere, fix the value at the reported path (integers only, no duplicate keys, required fields present). Prefer regenerating the IR with the mvmforge SDK to editing it by hand.',
  },
  E_UNKNOWN_FIELD: {
    description:
      'A key that is not allowed in a closed IR object (including newer upstream fields such as network.ai or SecretRef.inject).',
    stage: 'parse',
    fields: ['the path of the unknown key'],
    hint: 'Remove the key or check its spelling against the Workload IR v0 schema (`mvmforge` ships it as libs/ir/schema/workload-ir-v0.json).',
  },
  E_INPUT_TOO_LARGE: {
    description:
      "The IR input (a manifest file, stdin or the SDK's output) is larger than the input size cap (8 MiB by default), or MVMFORGE_MAX_INPUT_BYTES is not a positive integer. Nothing was parsed.",
    stage: 'parse',
    fields: ['"." (the whole document)'],
    hint: 'Check that the right file was given (a manifest is normally a few kilobytes; files[] entries are what make it grow). To accept a larger document, set MVMFORGE_MAX_INPUT_BYTES to a byte count.',
  },
  E_MALFORMED_VERSION: {
    description: 'schema_version is not MAJOR.MINOR with unsigned 32-bit integer parts.',
    stage: 'version',
    fields: ['.schema_version'],
    hint: 'Set "schema_version" to "0.1".',
  },
  E_UNSUPPORTED_MAJOR: {
    description: 'schema_version has a major version other than 0.',
    stage: 'version',
    fields: ['.schema_version'],
    hint: 'This mvmforge reads IR major 0 only; emit the IR with a matching SDK ("schema_version": "0.1").',
  },
  E_MINOR_TOO_HIGH: {
    description: 'schema_version has a minor version above 2.',
    stage: 'version',
    fields: ['.schema_version'],
    hint: 'The IR is newer than this mvmforge understands; upgrade mvmforge or emit "schema_version": "0.1".',
  },
  // §11.2 Validation (from upstream)
  E_INVALID_ID: {
    description: 'The workload id, an app name, a network peer, or an addon name/alias breaks the id rule ^[a-z][a-z0-9-]{0,62}$.',
    stage: 'validate',
    fields: ['.id', '.apps[i].name', '.apps[i].network.peers[j]', '.apps[i].addons[n].name', '.apps[i].addons[n].alias'],
    hint: 'Use 1–63 characters: a lowercase letter first, then lowercase letters, digits or hyphens.',
  },
  E_EMPTY_APPS: {
    description: 'The workload has no apps, or an app has no entrypoints.',
    stage: 'validate',
    fields: ['.apps', '.apps[i].entrypoints'],
    hint: 'Declare exactly one app with at least one entrypoint (a command or a function).',
  },
  E_MULTI_APP_DEFERRED: {
    description: 'More than one app; v0 supports exactly one app per workload.',
    stage: 'validate',
    fields: ['.apps'],
    hint: 'Split the apps into separate workloads, one app each.',
  },
  E_SOURCE_KIND_DEFERRED: {
    description: 'A nix_derivation or oci_image source; v0 only accepts local_path sources.',
    stage: 'validate',
    fields: ['.apps[i].source.kind'],
    hint: 'Use a local_path source pointing at the app directory.',
  },
  E_SECRET_WITHOUT_BINDING: {
    description: 'A secret reference with an empty allowed_hosts list.',
    stage: 'validate',
    fields: ['.apps[i].env.<KEY>', '<entrypoint>.env.<KEY>'],
    hint: 'List the hosts the secret may be sent to in allowed_hosts (e.g. "api.example.com" or "*.example.com").',
  },
  E_SECRET_INVALID_ALLOWED_HOST: {
    description: 'An allowed_hosts entry is not a hostname or *.hostname pattern.',
    stage: 'validate',
    fields: ['<env path>.<KEY>.ref.allowed_hosts[n]'],
    hint: 'Write a bare hostname ("api.example.com") or a wildcard with at least two labels ("*.example.com"): no scheme, port, path, spaces or trailing dot.',
  },
  E_PERSIST_DEFERRED: {
    description: 'A volume with persist: true; persistent volumes are not supported in v0.',
    stage: 'validate',
    fields: ['.volumes[k].persist'],
    hint: 'Set "persist": false or remove the volume.',
  },
  E_NETWORK_PORTS_WITH_NONE: {
    description: 'Ports are forwarded while the network mode is none.',
    stage: 'validate',
    fields: ['.apps[i].network.ports'],
    hint: 'Use network mode "bridge" to forward ports, or remove the ports.',
  },
  E_NETWORK_WILDCARD: {
    description: 'An egress allowlist host is a wildcard (*, 0.0.0.0, ::, [::], empty, or contains /0).',
    stage: 'validate',
    fields: ['.apps[i].network.egress.allowlist[j].host'],
    hint: 'List the specific hosts (or CIDRs narrower than /0) the app may reach.',
  },
  E_FUNCTION_NETWORK_HOST_FORBIDDEN: {
    description: 'An app with function entrypoints uses network mode host.',
    stage: 'validate',
    fields: ['.apps[i].network.mode'],
    hint: 'Use network mode "bridge" or "none" for function workloads.',
  },
  E_UNSUPPORTED_LANGUAGE: {
    description: 'A function entrypoint language other than python, node or wasm.',
    stage: 'validate',
    fields: ['<entrypoint>.language'],
    hint: 'Set language to "python", "node" or "wasm".',
  },
  E_SHELL_ENTRYPOINT_FORBIDDEN: {
    description: 'A command entrypoint launches a shell (sh, bash, … directly, via env, or via busybox).',
    stage: 'validate',
    fields: ['<entrypoint>.command'],
    hint: 'Give the program and its arguments directly, e.g. ["python", "-m", "app"], instead of ["sh", "-c", "…"].',
  },
  E_NO_PRIMARY_ENTRYPOINT: {
    description: 'Several function entrypoints and none is marked primary.',
    stage: 'validate',
    fields: ['.apps[i].entrypoints'],
    hint: 'Mark exactly one function entrypoint with "primary": true.',
  },
  E_MULTIPLE_PRIMARY_ENTRYPOINTS: {
    description: 'More than one function entrypoint is marked primary.',
    stage: 'validate',
    fields: ['.apps[i].entrypoints'],
    hint: 'Keep "primary": true on exactly one function entrypoint.',
  },
  E_DUPLICATE_ENTRYPOINT_FUNCTION: {
    description: 'The same (module, function) pair is declared by more than one function entrypoint.',
    stage: 'validate',
    fields: ['.apps[i].entrypoints'],
    hint: 'Declare each function once.',
  },
  E_SECRET_IN_SCHEMA: {
    description: 'A function args/return schema has a secret-shaped property name (token, password, api_key, …).',
    stage: 'validate',
    fields: ['<entrypoint>.args_schema.properties.<name>', '<entrypoint>.return_schema.properties.<name>'],
    hint: 'Do not pass secrets as function arguments or results; bind them as secret_ref env values with allowed_hosts.',
  },
  E_DEPS_REQUIRED_FOR_FUNCTION_WORKLOAD: {
    description: 'An app with function entrypoints does not declare dependencies.',
    stage: 'validate',
    fields: ['.apps[i].dependencies'],
    hint: 'Declare dependencies (a python or node lockfile), or {"kind": "none"} if there are none.',
  },
  E_INVALID_CONCURRENCY_POOL_SIZE: {
    description: 'concurrency.pool_size is outside 1–64.',
    stage: 'validate',
    fields: ['<entrypoint>.concurrency.pool_size'],
    hint: 'Set pool_size between 1 and 64.',
  },
  E_INVALID_CONCURRENCY_MAX_CALLS_PER_WORKER: {
    description: 'concurrency.max_calls_per_worker is below 100.',
    stage: 'validate',
    fields: ['<entrypoint>.concurrency.max_calls_per_worker'],
    hint: 'Set max_calls_per_worker to at least 100.',
  },
  E_INVALID_CONCURRENCY_MAX_RSS_MB: {
    description: "concurrency.max_rss_mb exceeds the app's resources.memory_mb.",
    stage: 'validate',
    fields: ['<entrypoint>.concurrency.max_rss_mb'],
    hint: 'Lower max_rss_mb or raise resources.memory_mb.',
  },
  E_UNSUPPORTED_CONCURRENCY_IN_PROCESS_MODE: {
    description: 'concurrency.in_process is concurrent; only serial is supported.',
    stage: 'validate',
    fields: ['<entrypoint>.concurrency.in_process'],
    hint: 'Set in_process to "serial".',
  },
  E_UNSUPPORTED_CONCURRENCY_FOR_LANGUAGE: {
    description: 'A concurrency setting on a wasm function.',
    stage: 'validate',
    fields: ['<entrypoint>.concurrency'],
    hint: 'Remove concurrency from wasm functions.',
  },
  E_ADDON_ENV_COLLISION: {
    description: 'The same (name, alias) addon use appears more than once.',
    stage: 'validate',
    fields: ['.apps[i].addons[n]'],
    hint: 'Give repeated uses of an addon distinct aliases.',
  },
  E_ADDON_TIER_NOT_IMPLEMENTED: {
    description: 'An addon with tier in_vm.',
    stage: 'validate',
    fields: ['.apps[i].addons[n].tier'],
    hint: 'Use tier "separate".',
  },
  E_ADDON_SHA_MISMATCH: {
    description: 'An addon sha256 that is not 64 lowercase hexadecimal characters.',
    stage: 'validate',
    fields: ['.apps[i].addons[n].sha256'],
    hint: 'Pin the addon with its full lowercase hex SHA-256.',
  },
  E_ADDON_NOT_FOUND: {
    description: 'A registry addon reference with an empty url or version.',
    stage: 'validate',
    fields: ['.apps[i].addons[n].ref.url', '.apps[i].addons[n].ref.version'],
    hint: 'Give the registry url and the addon version.',
  },
  E_ADDON_LOCAL_PATH_DRIFT: {
    description: 'A local addon reference with an empty path.',
    stage: 'validate',
    fields: ['.apps[i].addons[n].ref.path'],
    hint: 'Give the path of the local addon.',
  },
  // §11.3 Validation (mvmforge additions)
  E_INVALID_WORKING_DIR: {
    description: 'An entrypoint working_dir is not an absolute, normalized path other than "/", or contains LF/CR.',
    stage: 'validate',
    fields: ['<entrypoint>.working_dir'],
    hint: 'Use an absolute path such as "/app" with no trailing "/", no "//", "." or ".." components.',
  },
  E_INVALID_ENV_NAME: {
    description: 'An env key or a secret env mount var does not match ^[A-Za-z_][A-Za-z0-9_]*$.',
    stage: 'validate',
    fields: ['<env path>.<KEY>', '<env path>.<KEY>.ref.mount.var'],
    hint: 'Use letters, digits and "_" only, not starting with a digit (e.g. MY_VAR instead of MY-VAR).',
  },
  // §11.4 Emit
  E_EMIT_FAILED: {
    description:
      "The Python SDK process could not be started, exited non-zero, or produced no output; the detail carries the exit status and the SDK's stderr.",
    stage: 'emit',
    hint: 'Fix the app.py (or app.ts) line the message names (the SDK reports the file and line of each mistake); if Python could not be started, install Python >= 3.9 or set MVMFORGE_PYTHON to an interpreter.',
  },
  E_PYTHON_NOT_FOUND: {
    description: 'No Python interpreter to run the SDK: python3 is not on PATH, or MVMFORGE_PYTHON names a program that cannot be run.',
    stage: 'emit',
    hint: 'Install Python >= 3.9 (e.g. `apt-get install python3`) so python3 is on PATH, or set MVMFORGE_PYTHON to an interpreter (a path or a command on PATH).',
  },
  // §11.5 Compile and source bundling
  E_IMAGE_KIND_UNSUPPORTED: {
    description: 'Image kind oci_base at compile time; artifact format 1.0 supports nix_packages only.',
    stage: 'compile',
    fields: ['.apps[0].image.kind'],
    hint: 'Use a nix_packages image.',
  },
  E_COMPILE_FEATURE_UNSUPPORTED: {
    description: 'The IR uses a feature artifact format 1.0 cannot carry: non-empty addons, non-empty files, or a health_check.',
    stage: 'compile',
    fields: ['.apps[0].addons', '.apps[0].files', '.apps[0].health_check'],
    hint: 'Remove the addons, files or health_check from the workload.',
  },
  E_COMPILE_NIX_RESERVED_KEY: {
    description:
      'A key of the IR that Nix gives a meaning to (outPath, __toString, __functor, any other __-prefixed name) or an object with "type": "derivation"; it would not survive builtins.fromJSON in flake.nix.',
    stage: 'compile',
    hint: 'Rename the key (or change the "type" value) at the reported path, e.g. in a mount or network config, a function schema or an env map.',
  },
  E_MVM_FLAKE_URL_INVALID: {
    description: 'MVMFORGE_MVM_FLAKE_URL is empty or contains ", \\, ${, a newline or another control character.',
    stage: 'compile',
    hint: 'Unset MVMFORGE_MVM_FLAKE_URL or set it to a plain flake URL.',
  },
  E_COMPILE_OUTPUT_EXISTS_NOT_DIR: {
    description: '--out exists and is not a directory.',
    stage: 'compile',
    hint: 'Choose another --out path or remove the file.',
  },
  E_COMPILE_OUTPUT_LOCKED: {
    description: 'Another compile holds the lock on the same --out and did not finish within the wait time.',
    stage: 'compile',
    hint: 'Wait for the other compile (the detail names its process id) to finish, or give each compile its own --out.',
  },
  E_COMPILE_OUTPUT_UNSAFE: {
    description:
      '--out refused: filesystem root, home directory or an ancestor, workspace root, the source directory or an ancestor, a non-empty directory that is not a previous mvmforge artifact, or an archive-style name.',
    stage: 'compile',
    hint: 'Point --out at a new or previously generated artifact directory, e.g. dist/<app>.',
  },
  E_COMPILE_STAGING_FAILED: {
    description: 'Creating, filling, renaming or removing the staging directory failed.',
    stage: 'compile',
    hint: 'Check permissions and free space next to the --out directory.',
  },
  E_SOURCE_PATH_NOT_FOUND: {
    description: 'source.path does not exist.',
    stage: 'source',
    fields: ['.apps[0].source.path'],
    hint: 'Fix source.path; it is resolved relative to the directory of the manifest or app.py.',
  },
  E_SOURCE_PATH_NOT_DIR: {
    description: 'source.path is not a directory.',
    stage: 'source',
    fields: ['.apps[0].source.path'],
    hint: 'Point source.path at the app directory, not a file.',
  },
  E_SOURCE_OUTSIDE_ROOT: {
    description: 'source.path resolves (after symlinks) outside the allowed root.',
    stage: 'source',
    fields: ['.apps[0].source.path'],
    hint: 'Keep the source inside the project (workspace) directory.',
  },
  E_SOURCE_GLOB_INVALID: {
    description: 'An include/exclude pattern is not a valid glob.',
    stage: 'source',
    fields: ['.apps[0].source.include[n]', '.apps[0].source.exclude[n]'],
    hint: 'Fix the glob pattern (relative, forward slashes, balanced brackets).',
  },
  E_SOURCE_OUT_OF_TREE_SYMLINK: {
    description: 'A bundled symlink resolves outside the source root or has an absolute target.',
    stage: 'source',
    fields: ['.apps[0].source.path'],
    hint: 'Replace the symlink with a relative link inside the source tree, or exclude it.',
  },
  E_SOURCE_COPY_FAILED: {
    description: 'An I/O error while copying the source, a broken symlink, or a non-UTF-8 file name.',
    stage: 'source',
    fields: ['.apps[0].source.path'],
    hint: 'Fix or exclude the file named in the detail.',
  },
  E_SOURCE_BUNDLE_EMPTY: {
    description:
      'The source bundle would be empty: no file matched the include patterns after the default rules, or stdin input has a relative source.path and no --base-dir.',
    stage: 'source',
    fields: ['.apps[0].source.path', '.apps[0].source.include[n]'],
    hint: 'Check the include named in the detail against the base directory it names; compiling an IR file from another folder or from stdin needs --base-dir <the app.py folder>.',
  },
  E_SOURCE_CHANGED: {
    description: 'A source file changed between the walk and the copy (replaced, swapped for a symlink, a FIFO or a device).',
    stage: 'source',
    fields: ['.apps[0].source.path'],
    hint: 'Compile again once nothing is writing to the source tree.',
  },
  // §11.6 Check and up
  E_NIX_NOT_FOUND: {
    description: 'No nix executable on PATH.',
    stage: 'check',
    hint: 'Install Nix (https://nixos.org/download, or `apt-get install nix-bin` on Debian/Ubuntu; offline CI setup in docs/offline-nix.md) and make sure `nix` is on PATH.',
  },
  E_ARTIFACT_INVALID: {
    description: 'The directory given to check/up lacks flake.nix or launch.json, or launch.json is not a format-1.0 document.',
    stage: 'check',
    hint: 'Point at a directory produced by `mvmforge compile`, or compile again.',
  },
  E_FLAKE_CHECK_FAILED: {
    description: 'A nix command failed, or the evaluated flake disagrees with launch.json (workload, metadata or derivation name).',
    stage: 'check',
    hint: 'Read the nix output in the detail. If an input could not be fetched (offline, or no access to the pinned mvm), point MVMFORGE_MVM_FLAKE_URL at a local mvm git checkout (git+file:///abs/mvm?dir=nix, or ?dir=nix/guest-lib for a checkout of the pin) and compile again; if the artifact was edited by hand, recompile it.',
  },
  E_MVMCTL_BUILD_FAILED: {
    description: 'Building mvmctl from MVMFORGE_MVM_REPO with cargo failed, or cargo reported no mvmctl executable.',
    stage: 'up',
    hint: "Read cargo's output above; fix the checkout (e.g. `cargo build --bin mvmctl` in it), or set MVMFORGE_MVMCTL to a built mvmctl instead.",
  },
  E_MVMCTL_CLI_UNKNOWN: {
    description: 'The resolved mvmctl speaks neither `up --flake` nor `machine run --flake`.',
    stage: 'up',
    hint: 'Use an mvmctl that has one of the two (v0.13 has `up`, current mvm has `machine run`), or set MVMFORGE_MVMCTL_CLI=up|machine-run if detection is wrong.',
  },
  E_MVMCTL_FLAKE_PATH_UNSAFE: {
    description:
      'The artifact path cannot be handed to mvmctl as a flake reference (mvmctl runs `nix build <ref>` as an unquoted shell line and refuses shell metacharacters), and no safe temporary directory is available.',
    stage: 'up',
    hint: 'Set TMPDIR to a directory whose absolute path has only letters, digits and . _ - + = @ , / (no spaces), or compile with --out into such a directory.',
  },
  E_MVM_NOT_FOUND: {
    description: 'No mvmctl could be resolved (MVMFORGE_MVMCTL, MVMFORGE_MVM_REPO or mvmctl on PATH).',
    stage: 'up',
    hint: 'Set MVMFORGE_MVMCTL to an mvmctl executable, or MVMFORGE_MVM_REPO to an mvm checkout (with cargo on PATH), or put mvmctl on PATH.',
  },
  // §11.7 Reserved
  E_MVM_VERSION_TOO_OLD: reserved('The resolved mvmctl is older than required.'),
  E_COMPILE_ARCHIVE_FAILED: reserved('Writing an archive artifact failed.'),
  E_UNPINNED_DEPS: reserved('Dependencies are not pinned by a lockfile.'),
  E_LOCKFILE_NOT_FOUND: reserved('The dependencies lockfile does not exist.'),
  E_FUNCTION_NOT_FOUND: reserved('A function entrypoint names a function that does not exist.'),
  E_FUNCTION_SCHEMA_MISMATCH: reserved("A function's schema does not match its signature."),
  E_ADDON_LOCKFILE_MISSING: reserved('The addon lockfile is missing.'),
  E_ADDON_LOCKFILE_SIGNATURE_INVALID: reserved('The addon lockfile signature is invalid.'),
  E_ADDON_SIGNATURE_INVALID: reserved('An addon signature is invalid.'),
  E_ADDON_PARAM_INVALID: reserved('An addon parameter is invalid.'),
  E_ADDON_REGISTRY_UNREACHABLE: reserved('The addon registry cannot be reached.'),
  E_ADDON_LOCAL_PATH_IN_PUBLISH: reserved('A local addon path in a published workload.'),
  E_ADDON_NIX_PARSE_ERROR: reserved("An addon's Nix expression does not parse."),
  E_ADDON_EGRESS_VIOLATION: reserved('An addon violates the egress policy.'),
  E_ADDON_QUOTA_EXCEEDED: reserved('An addon quota is exceeded.'),
  E_ADDON_TYPOSQUAT_BLOCKED: reserved('An addon name looks like a typosquat of a known addon.'),
  E_ADDON_TENANT_NAMESPACE_DENIED: reserved('The addon namespace is not allowed for this tenant.'),
  E_ADDON_REPRODUCIBILITY_FAILED: reserved('An addon build is not reproducible.'),
  E_ADDON_ROOTHASH_MISMATCH: reserved('An addon root hash does not match.'),
  E_ADDON_SECCOMP_PROFILE_DENIED: reserved("An addon's seccomp profile is denied."),
} as const satisfies Record<string, ErrorCodeEntry>;

/** Every code the toolchain knows (produced or reserved). */
export type ErrorCode = keyof typeof REGISTRY;

/** The registry, typed by code (entries widened to ErrorCodeEntry so messages stay readable). */
export const ERROR_CODES: Readonly<Record<ErrorCode, ErrorCodeEntry>> = Object.freeze(REGISTRY);

/** Narrows a string from outside the type system (a CLI argument, another process's JSON). */
export function isKnownErrorCode(code: string): code is ErrorCode {
  return Object.prototype.hasOwnProperty.call(ERROR_CODES, code);
}

/** Every code, in byte order. */
export function allErrorCodes(): ErrorCode[] {
  return (Object.keys(ERROR_CODES) as ErrorCode[]).sort();
}

export function errorCodeEntry(code: ErrorCode): ErrorCodeEntry;
export function errorCodeEntry(code: string): ErrorCodeEntry | undefined;
export function errorCodeEntry(code: string): ErrorCodeEntry | undefined {
  return isKnownErrorCode(code) ? ERROR_CODES[code] : undefined;
}

/** The registry hint for a code (what the user should do); undefined for a string that is no code at run time. */
export function hintFor(code: ErrorCode): string | undefined {
  return errorCodeEntry(code as string)?.hint;
}

/** The machine-readable registry document (`error-codes.json`), codes in byte order. */
export function errorCodesDocument(): { version: string; codes: Record<string, ErrorCodeEntry> } {
  const codes: Record<string, ErrorCodeEntry> = {};
  for (const code of allErrorCodes()) codes[code] = ERROR_CODES[code];
  return { version: ERROR_CODES_VERSION, codes };
}

/** Codes close to `query` (for "did you mean"): substring matches first, then small edit distance. */
export function suggestErrorCodes(query: string, limit = 5): ErrorCode[] {
  const q = query.trim().toUpperCase();
  const norm = (s: string) => s.replace(/^E_/, '');
  const all = allErrorCodes();
  const substring = all.filter((c) => q.length >= 3 && (c.includes(norm(q)) || norm(q).includes(norm(c))));
  const scored = all
    .map((c) => ({ c, d: editDistance(norm(c), norm(q)) }))
    .filter(({ c, d }) => d <= Math.max(2, Math.floor(norm(c).length / 4)) && !substring.includes(c))
    .sort((a, b) => a.d - b.d || (a.c < b.c ? -1 : 1))
    .map(({ c }) => c);
  return [...substring.sort(), ...scored].slice(0, limit);
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length] as number;
}
