/**
 * The fixed flake `mvmforge check` evaluates: the artifact arrives as its `artifact` input through
 * `--override-input artifact path:<dir>` (a command-line argument, never Nix source text), so one
 * `nix eval --json` copies the artifact into the store once and returns everything check compares.
 * `report.packages` forces every package's drvPath, which is what `nix flake check` does for a
 * flake's `packages` output (each must be a derivation that instantiates), so the separate flake
 * check run is not needed. The placeholder URL is never fetched: the override replaces it.
 */
export const CHECK_FLAKE_NIX = `# Written by mvmforge check; evaluates the artifact given with --override-input artifact.
{
  inputs.artifact.url = "path:/mvmforge-check-artifact-placeholder";

  outputs = { self, artifact }:
    let
      isDerivation = v: builtins.isAttrs v && (v.type or null) == "derivation";
      packageSet = system: set:
        if !(builtins.isAttrs set) then throw "mvmforge check: packages.\${system} is not an attribute set"
        else builtins.mapAttrs (n: d:
          if !(isDerivation d) then throw "mvmforge check: packages.\${system}.\${n} is not a derivation"
          else { name = d.name; drvPath = d.drvPath; }) set;
      mvmforge = artifact.mvmforge or (throw "mvmforge check: the flake has no mvmforge output");
    in
    {
      report = {
        packages = builtins.mapAttrs packageSet
          (artifact.packages or (throw "mvmforge check: the flake has no packages output"));
        workload = mvmforge.workload;
        metadata = mvmforge.metadata;
      };
    };
}
`;

/** The attribute of CHECK_FLAKE_NIX that holds the report. */
export const CHECK_FLAKE_ATTRIBUTE = 'report';
