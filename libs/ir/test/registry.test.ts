import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ERROR_CODES,
  errorCodesJsonText,
  hintFor,
  isKnownErrorCode,
  suggestErrorCodes,
  workloadJsonSchema,
  workloadJsonSchemaText,
  type ErrorCode,
} from '../src';

// Every code of ir-v0 §11 (11.1–11.7), copied from the spec.
const SPEC_CODES = `E_MALFORMED_MANIFEST E_UNKNOWN_FIELD E_MALFORMED_VERSION E_UNSUPPORTED_MAJOR E_MINOR_TOO_HIGH
E_INVALID_ID E_EMPTY_APPS E_MULTI_APP_DEFERRED E_SOURCE_KIND_DEFERRED E_SECRET_WITHOUT_BINDING E_SECRET_INVALID_ALLOWED_HOST
E_PERSIST_DEFERRED E_NETWORK_PORTS_WITH_NONE E_NETWORK_WILDCARD E_FUNCTION_NETWORK_HOST_FORBIDDEN E_UNSUPPORTED_LANGUAGE
E_SHELL_ENTRYPOINT_FORBIDDEN E_NO_PRIMARY_ENTRYPOINT E_MULTIPLE_PRIMARY_ENTRYPOINTS E_DUPLICATE_ENTRYPOINT_FUNCTION
E_SECRET_IN_SCHEMA E_DEPS_REQUIRED_FOR_FUNCTION_WORKLOAD E_INVALID_CONCURRENCY_POOL_SIZE E_INVALID_CONCURRENCY_MAX_CALLS_PER_WORKER
E_INVALID_CONCURRENCY_MAX_RSS_MB E_UNSUPPORTED_CONCURRENCY_IN_PROCESS_MODE E_UNSUPPORTED_CONCURRENCY_FOR_LANGUAGE
E_ADDON_ENV_COLLISION E_ADDON_TIER_NOT_IMPLEMENTED E_ADDON_SHA_MISMATCH E_ADDON_NOT_FOUND E_ADDON_LOCAL_PATH_DRIFT
E_INVALID_WORKING_DIR E_INVALID_ENV_NAME E_EMIT_FAILED E_IMAGE_KIND_UNSUPPORTED E_COMPILE_FEATURE_UNSUPPORTED
E_MVM_FLAKE_URL_INVALID E_COMPILE_OUTPUT_EXISTS_NOT_DIR E_COMPILE_OUTPUT_UNSAFE E_COMPILE_STAGING_FAILED E_SOURCE_PATH_NOT_FOUND
E_SOURCE_PATH_NOT_DIR E_SOURCE_OUTSIDE_ROOT E_SOURCE_GLOB_INVALID E_SOURCE_OUT_OF_TREE_SYMLINK E_SOURCE_COPY_FAILED
E_NIX_NOT_FOUND E_ARTIFACT_INVALID E_FLAKE_CHECK_FAILED E_MVM_NOT_FOUND
E_MVMCTL_BUILD_FAILED E_MVMCTL_CLI_UNKNOWN E_MVMCTL_FLAKE_PATH_UNSAFE
E_MVM_VERSION_TOO_OLD E_COMPILE_ARCHIVE_FAILED E_UNPINNED_DEPS E_LOCKFILE_NOT_FOUND E_FUNCTION_NOT_FOUND E_FUNCTION_SCHEMA_MISMATCH
E_ADDON_LOCKFILE_MISSING E_ADDON_LOCKFILE_SIGNATURE_INVALID E_ADDON_SIGNATURE_INVALID E_ADDON_PARAM_INVALID
E_ADDON_REGISTRY_UNREACHABLE E_ADDON_LOCAL_PATH_IN_PUBLISH E_ADDON_NIX_PARSE_ERROR E_ADDON_EGRESS_VIOLATION
E_ADDON_QUOTA_EXCEEDED E_ADDON_TYPOSQUAT_BLOCKED E_ADDON_TENANT_NAMESPACE_DENIED E_ADDON_REPRODUCIBILITY_FAILED
E_ADDON_ROOTHASH_MISMATCH E_ADDON_SECCOMP_PROFILE_DENIED
E_COMPILE_OUTPUT_LOCKED E_SOURCE_BUNDLE_EMPTY E_SOURCE_CHANGED`.split(/\s+/); // last line: added by the bundle/publish hardening (issues 9, 10)

// Codes added after the spec catalogue, each recorded in docs/decisions.md (issue 9: ordinary mistakes get their own code).
const ADDED_CODES = ['E_COMPILE_NIX_RESERVED_KEY', 'E_INPUT_NOT_FOUND', 'E_INPUT_UNREADABLE', 'E_INPUT_TOO_LARGE', 'E_PYTHON_NOT_FOUND'];

const pkg = join(__dirname, '..');

describe('error-code registry (ir-v0 §11)', () => {
  it('holds exactly the spec catalogue, reserved codes included', () => {
    expect(Object.keys(ERROR_CODES).sort()).toEqual([...SPEC_CODES, ...ADDED_CODES].sort());
  });

  it('every entry has a description, a stage and a hint; reserved ones are marked', () => {
    for (const [code, e] of Object.entries(ERROR_CODES)) {
      expect(e.description.length).toBeGreaterThan(10);
      expect(e.hint.length).toBeGreaterThan(10);
      expect(isKnownErrorCode(code) && hintFor(code)).toBe(e.hint);
      expect(e.reserved === true).toBe(e.stage === 'reserved');
    }
    expect(ERROR_CODES.E_ADDON_QUOTA_EXCEEDED?.reserved).toBe(true);
    expect(hintFor('E_NOPE' as ErrorCode)).toBeUndefined();
    expect(hintFor('__proto__' as ErrorCode)).toBeUndefined();
    expect(isKnownErrorCode('__proto__')).toBe(false);
  });

  it('suggests near misses by substring and edit distance', () => {
    expect(suggestErrorCodes('E_INVALID_WORKDIR')).toContain('E_INVALID_WORKING_DIR');
    expect(suggestErrorCodes('malformed')).toEqual(expect.arrayContaining(['E_MALFORMED_MANIFEST', 'E_MALFORMED_VERSION']));
    expect(suggestErrorCodes('E_UNKNOWN_FEILD')[0]).toBe('E_UNKNOWN_FIELD');
    expect(suggestErrorCodes('zzzzzzzzzzzzzzzzzz')).toEqual([]);
  });

  it('error-codes.json is up to date (regenerate: npm run build && node libs/ir/scripts/write-generated.mjs)', () => {
    expect(readFileSync(join(pkg, 'error-codes.json'), 'utf8')).toBe(errorCodesJsonText());
    const doc = JSON.parse(errorCodesJsonText());
    expect(doc.version).toBe('0.1');
    expect(doc.codes.E_UNKNOWN_FIELD.stage).toBe('parse');
  });
});

describe('published JSON Schema', () => {
  it('schema/workload-ir-v0.json is up to date (regenerate: npm run build && node libs/ir/scripts/write-generated.mjs)', () => {
    expect(readFileSync(join(pkg, 'schema/workload-ir-v0.json'), 'utf8')).toBe(workloadJsonSchemaText());
  });

  it('describes closed objects, required keys, defaults and integer widths', () => {
    const s = workloadJsonSchema() as any;
    expect(s.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(s.additionalProperties).toBe(false);
    expect(s.required).toEqual(['schema_version', 'id', 'apps']);
    const app = s.properties.apps.items;
    expect(app.required).toEqual(expect.arrayContaining(['name', 'source', 'image', 'entrypoints', 'resources']));
    expect(app.properties.threat_tier.default).toBe('untrusted');
    expect(app.properties.resources.properties.cpu_cores).toMatchObject({ type: 'integer', minimum: 0, maximum: 65535 });
    expect(app.properties.resources.additionalProperties).toBe(false);
  });
});
