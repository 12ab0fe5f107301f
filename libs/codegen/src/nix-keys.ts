/**
 * Open JSON values (mount and network `config`, function `args_schema`/`return_schema`, env maps…)
 * reach Nix as attribute sets through `builtins.fromJSON (builtins.readFile ./launch.json)`, and a
 * few attribute names change what Nix does with a set: `outPath` makes `builtins.toJSON` (and so
 * `nix eval --json .#mvmforge.workload`) print that one value instead of the object, `__toString`
 * makes it call the value as a function, `__functor` makes the set callable, `type = "derivation"`
 * makes Nix and nixpkgs treat it as a package, and every other `__`-prefixed name is reserved by
 * Nix for such meanings. No escaping survives `fromJSON`, so compile refuses them (decision in
 * docs/decisions.md), before anything is written.
 */
import { pathIndex, pathKey, type Diagnostic } from '@mvmforge/ir';

const WHY: Record<string, string> = {
  outPath: 'Nix prints an attribute set with an outPath as that one value, so the workload would not round-trip through the flake',
  __toString: 'Nix calls __toString when it turns the set into a string or JSON',
  __functor: 'Nix treats a set with __functor as a function',
};

function reason(key: string): string | undefined {
  if (key in WHY) return WHY[key];
  if (key.startsWith('__')) return 'Nix reserves names beginning with __ for built-in meanings';
  return undefined;
}

/** Every Nix-meaningful key (or `type: "derivation"`) anywhere in `value`, as diagnostics. */
export function nixMeaningfulKeyProblems(value: unknown, path = '.'): Diagnostic[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => nixMeaningfulKeyProblems(v, pathIndex(path, i)));
  if (value === null || typeof value !== 'object') return [];
  const out: Diagnostic[] = [];
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    const at = pathKey(path, key);
    const why = reason(key);
    if (why !== undefined) {
      out.push({
        code: 'E_COMPILE_NIX_RESERVED_KEY',
        path: at,
        detail: `the key ${JSON.stringify(key)} cannot be carried into flake.nix: ${why}. Rename the key.`,
      });
    } else if (key === 'type' && child === 'derivation') {
      out.push({
        code: 'E_COMPILE_NIX_RESERVED_KEY',
        path: at,
        detail:
          'an object with "type": "derivation" cannot be carried into flake.nix: Nix and nixpkgs treat it as a package. Use another value or key.',
      });
    }
    out.push(...nixMeaningfulKeyProblems(child, at));
  }
  return out;
}
