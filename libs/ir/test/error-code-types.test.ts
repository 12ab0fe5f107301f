// Error codes are a type (ErrorCode = keyof the registry): a typo'd code does not compile. The
// `@ts-expect-error` lines below fail the type check (ts-jest, `npm test`) the day they compile.
import { CodedError, diagnostic, errorCodeEntry, hintFor, isKnownErrorCode, type Diagnostic, type ErrorCode } from '../src';

describe('typed error codes', () => {
  it('a registered code is accepted everywhere a code is expected', () => {
    const code: ErrorCode = 'E_UNKNOWN_FIELD';
    const d: Diagnostic = diagnostic(code, '.x', 'unknown field "x"');
    expect(new CodedError(d).diagnostics[0]?.code).toBe('E_UNKNOWN_FIELD');
    expect(hintFor(code)).toMatch(/\S/);
  });

  it('a typo is a compile error', () => {
    // @ts-expect-error E_UNKNWN_FIELD is not a registered code
    const typo: ErrorCode = 'E_UNKNWN_FIELD';
    // @ts-expect-error diagnostic() takes only registered codes
    diagnostic('E_MALFORMED_MANIFST', '.', 'x');
    // @ts-expect-error a Diagnostic literal with a typo'd code
    const d: Diagnostic = { code: 'E_EMIT_FAILD', path: '', detail: 'x' };
    // At run time the strings are what they are; only the registry lookup knows them.
    expect([typo, d.code].map(isKnownErrorCode)).toEqual([false, false]);
    expect(errorCodeEntry('E_EMIT_FAILD')).toBeUndefined();
  });
});
