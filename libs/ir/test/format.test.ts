import { CodedError, diagnostic, formatDiagnostic, formatDiagnosticReport, hintFor, type ErrorCode } from '../src';

describe('display form of diagnostics (ir-v0 §9, §9.1)', () => {
  it('is `<CODE> at <path>: <detail>`, the root path included', () => {
    expect(formatDiagnostic(diagnostic('E_INVALID_ID', '.id', 'bad'))).toBe('E_INVALID_ID at .id: bad');
    expect(formatDiagnostic(diagnostic('E_MALFORMED_MANIFEST', '.', 'x'))).toBe('E_MALFORMED_MANIFEST at .: x');
  });

  it('is `<CODE>: <detail>` when the error has no IR location (empty path)', () => {
    expect(formatDiagnostic(diagnostic('E_NIX_NOT_FOUND', '', 'no nix'))).toBe('E_NIX_NOT_FOUND: no nix');
    expect(new CodedError(diagnostic('E_NIX_NOT_FOUND', '', 'no nix')).message).toBe('E_NIX_NOT_FOUND: no nix');
  });

  it('the report puts the registry hint under each line (none for a code unknown at run time)', () => {
    const report = formatDiagnosticReport([diagnostic('E_INVALID_ID', '.id', 'a'), diagnostic('E_NOT_A_CODE' as ErrorCode, '.x', 'b')]);
    expect(report).toBe(`E_INVALID_ID at .id: a\n  hint: ${hintFor('E_INVALID_ID')}\nE_NOT_A_CODE at .x: b\n`);
  });
});
