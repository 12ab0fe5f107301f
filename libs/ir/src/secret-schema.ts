import { isJsonObject, type JsonValue } from './json';
import { sortedKeys } from './canonical';
import { pathIndex, pathKey } from './path';

/** Secret-shaped property names in function schemas (ir-v0 §10.5). */
export const SECRET_TOKENS: readonly string[] = [
  'token',
  'password',
  'passwd',
  'secret',
  'apikey',
  'api_key',
  'apitoken',
  'api_token',
  'credential',
  'bearer',
  'privatekey',
  'private_key',
  'authtoken',
  'auth_token',
  'ssn',
  'socialsecuritynumber',
  'social_security_number',
  'creditcard',
  'credit_card',
  'cardnumber',
  'card_number',
  'ccnumber',
  'cc_number',
  'cvv',
  'cvc',
  'passportnumber',
  'passport_number',
  'taxid',
  'tax_id',
  'bankaccount',
  'bank_account',
  'accountnumber',
  'account_number',
  'iban',
  'routingnumber',
  'routing_number',
];

const asciiLower = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());

/** Equal to a token, or ending in `_<token>` / `-<token>` (ASCII case-insensitive). */
export function isSecretShapedName(name: string): boolean {
  const n = asciiLower(name);
  return SECRET_TOKENS.some((t) => n === t || n.endsWith(`_${t}`) || n.endsWith(`-${t}`));
}

/**
 * Walks a JSON Schema per §10.5 (`properties` in byte order, then `items`, then `oneOf`/`anyOf`)
 * and returns the paths of secret-shaped property names.
 */
export function findSecretShapedProperties(schema: JsonValue, base: string): string[] {
  const found: string[] = [];
  walk(schema, base, found);
  return found;
}

function member(obj: { [k: string]: JsonValue }, key: string): JsonValue | undefined {
  return Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined;
}

function walk(v: JsonValue, base: string, found: string[]): void {
  if (!isJsonObject(v)) return;
  const props = member(v, 'properties');
  if (props !== undefined && isJsonObject(props)) {
    for (const name of sortedKeys(props)) {
      const at = pathKey(`${base}.properties`, name);
      if (isSecretShapedName(name)) found.push(at);
      walk(props[name] as JsonValue, at, found);
    }
  }
  const items = member(v, 'items');
  if (items !== undefined) walk(items, `${base}.items`, found);
  for (const combinator of ['oneOf', 'anyOf']) {
    const list = member(v, combinator);
    if (Array.isArray(list)) list.forEach((el, i) => walk(el, pathIndex(`${base}.${combinator}`, i), found));
  }
}
