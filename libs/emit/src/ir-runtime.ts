import type * as Ir from '@mvmforge/ir';

/**
 * @mvmforge/ir's index: parsing, validation and canonical bytes, with zod and json-stable-stringify
 * behind them (about 80 ms to load on a 2-core machine, as long as Python takes to start). Emit
 * requires it only after the SDK's child is spawned, so both load at once on separate cores;
 * everything else in this package imports the zod-free `@mvmforge/ir/dist/…` modules.
 */
export function irRuntime(): typeof Ir {
  return require('@mvmforge/ir') as typeof Ir;
}

/**
 * `load()` (a require of heavy modules) while `running` (an SDK already spawned) is in flight. Should
 * loading throw (a broken install), `running` is still observed, so its own outcome is not also
 * reported as an unhandled rejection.
 */
export function loadWhileRunning<T>(running: Promise<unknown>, load: () => T): T {
  try {
    return load();
  } catch (err) {
    running.catch(() => undefined);
    throw err;
  }
}
