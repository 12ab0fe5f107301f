/**
 * Runs the Python SDK's emitter (python-sdk.md §7): `<python> -m mvmforge <entry>` with the bundled
 * package first on PYTHONPATH, under the shared emitter contract (run-emitter.ts).
 */
import { delimiter } from 'node:path';
import { emitFailed, pythonNotFound } from './errors';
import { runEmitter, type RunSdkOptions, type RunSdkResult } from './run-emitter';
import { pythonInterpreter, sdkPythonPath } from './sdk-location';

export { DEFAULT_EMIT_TIMEOUT_MS, type RunSdkOptions, type RunSdkResult } from './run-emitter';

export function runSdk(entryPath: string, opts: RunSdkOptions = {}): Promise<RunSdkResult> {
  const baseEnv = opts.env ?? process.env;
  const python = pythonInterpreter(baseEnv);
  const sdkPath = opts.sdkPath ?? sdkPythonPath();
  const existingPath = baseEnv.PYTHONPATH;
  return runEmitter(
    {
      sdk: 'Python',
      command: python.command,
      args: ['-m', 'mvmforge', entryPath],
      env: { ...baseEnv, PYTHONPATH: existingPath ? `${sdkPath}${delimiter}${existingPath}` : sdkPath, PYTHONDONTWRITEBYTECODE: '1' },
      commandLine: `${python.command} -m mvmforge ${entryPath}`,
      spawnError: (error) => {
        const missing = error.code === 'ENOENT' || error.code === 'EACCES';
        return (missing ? pythonNotFound : emitFailed)(interpreterProblem(python, error));
      },
    },
    opts,
  );
}

function interpreterProblem(python: { command: string; fromEnv: boolean }, error: NodeJS.ErrnoException): string {
  if (error.code === 'ENOENT' || error.code === 'EACCES') {
    if (python.fromEnv) {
      return `MVMFORGE_PYTHON=${python.command} cannot be run (${error.code}); point it at a Python >= 3.9 interpreter, or unset it to use python3 from PATH`;
    }
    return 'no python3 found on PATH; install Python >= 3.9 (for example `apt-get install python3`) or set MVMFORGE_PYTHON to an interpreter';
  }
  return `could not start ${python.command}: ${error.message}`;
}
