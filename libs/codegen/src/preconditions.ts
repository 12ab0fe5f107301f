/**
 * Compile preconditions (artifact-v1 §2 step 3): what a valid IR may contain but format 1.0
 * cannot carry, plus the mvm flake URL. All problems are collected and reported together.
 */
import { CodedError, type Diagnostic, type Workload } from '@mvmforge/ir';
import { resolveMvmFlakeUrl } from './mvm-url';

/** Returns the mvm flake URL to splice, or throws every precondition failure at once. */
export function checkPreconditions(workload: Workload, env: NodeJS.ProcessEnv = process.env): string {
  const problems: Diagnostic[] = [];
  const app = workload.apps[0];
  if (app.image.kind !== 'nix_packages') {
    problems.push({
      code: 'E_IMAGE_KIND_UNSUPPORTED',
      path: '.apps[0].image.kind',
      detail: `image kind ${JSON.stringify(app.image.kind)} cannot be compiled; artifact format 1.0 supports only "nix_packages"`,
    });
  }
  if (app.addons.length > 0) {
    problems.push({
      code: 'E_COMPILE_FEATURE_UNSUPPORTED',
      path: '.apps[0].addons',
      detail: 'addons cannot be carried by artifact format 1.0; remove them to compile',
    });
  }
  if (app.files.length > 0) {
    problems.push({
      code: 'E_COMPILE_FEATURE_UNSUPPORTED',
      path: '.apps[0].files',
      detail: 'materialized files cannot be carried by artifact format 1.0; bundle them through source instead',
    });
  }
  if (app.health_check !== null) {
    problems.push({
      code: 'E_COMPILE_FEATURE_UNSUPPORTED',
      path: '.apps[0].health_check',
      detail: 'a health check cannot be carried by artifact format 1.0; remove it to compile',
    });
  }
  let url = '';
  try {
    url = resolveMvmFlakeUrl(env);
  } catch (err) {
    if (!(err instanceof CodedError)) throw err;
    problems.push(...err.diagnostics);
  }
  if (problems.length > 0) throw new CodedError(problems);
  return url;
}
