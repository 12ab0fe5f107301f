import { errorCodesDocument } from './error-codes';

/** The committed `libs/ir/error-codes.json` text (generated from error-codes.ts). */
export function errorCodesJsonText(): string {
  return `${JSON.stringify(errorCodesDocument(), null, 2)}\n`;
}
