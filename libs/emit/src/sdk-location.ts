import { dirname, join } from 'node:path';

/**
 * The directory that contains the bundled `mvmforge` Python package: `<@mvmforge/sdk-python>/python`.
 * Resolved through the npm package, so it works inside this repository (workspace link) and when
 * mvmforge is installed from npm.
 */
export function sdkPythonPath(): string {
  return join(dirname(require.resolve('@mvmforge/sdk-python/package.json')), 'python');
}

/** The interpreter the SDK runs under: MVMFORGE_PYTHON when set and non-empty, else python3 on PATH. */
export function pythonInterpreter(env: NodeJS.ProcessEnv = process.env): { command: string; fromEnv: boolean } {
  const configured = env.MVMFORGE_PYTHON;
  if (configured !== undefined && configured !== '') return { command: configured, fromEnv: true };
  return { command: 'python3', fromEnv: false };
}
