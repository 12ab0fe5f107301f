export * from './diagnostic';
export * from './format';
export { errorMessage } from './error-message';
export { TOOLCHAIN_VERSION } from './version';
export { parseJson, jsonObject, copyJson, isJsonObject, jsonEntries, hasJsonKey, setJsonKey, MAX_JSON_DEPTH } from './json';
export type { JsonValue, JsonObject, JsonParseResult } from './json';
export { canonicalJson, canonicalBytes, compareCodePoints, sortedKeys } from './canonical';
export { canonicalString } from './canonical-string';
export { jqPath, pathKey, pathIndex } from './path';
export type { PathSegment } from './path';
export * from './model';
export * as schemas from './schema';
export { WorkloadSchema } from './schema';
export { parseWorkload } from './parse';
export {
  DEFAULT_MAX_INPUT_BYTES,
  MAX_INPUT_ENV,
  maxInputBytes,
  readFdBounded,
  readFileBounded,
  checkInputSize,
  inputTooLarge,
} from './input-limit';
export type { ParseWorkloadResult } from './parse';
export { normalizeWorkload, normalizeWith } from './normalize';
export { sha256Hex, irHash, canonicalizeWorkload } from './hash';
export { validateWorkload, SUPPORTED_LANGUAGES } from './validate';
export { ID_PATTERN, isValidId, isValidEnvName, isValidWorkingDir, isValidHostPattern, hostMatchesPattern, hostAllowed } from './names';
export { parseSchemaVersion, checkSchemaVersion, EMITTED_SCHEMA_VERSION, SUPPORTED_MAJOR, MAX_MINOR } from './schema-version';
export type { SchemaVersion } from './schema-version';
export { detectShell, SHELL_NAMES } from './shell-detect';
export { isSecretShapedName, findSecretShapedProperties, SECRET_TOKENS } from './secret-schema';
export {
  ERROR_CODES,
  ERROR_CODES_VERSION,
  hintFor,
  errorCodeEntry,
  isKnownErrorCode,
  allErrorCodes,
  errorCodesDocument,
  suggestErrorCodes,
} from './error-codes';
export type { ErrorCode, ErrorCodeEntry, ErrorStage } from './error-codes';
export { workloadJsonSchema, workloadJsonSchemaText, WORKLOAD_JSON_SCHEMA_ID } from './json-schema';
export { errorCodesJsonText } from './error-codes-json';
