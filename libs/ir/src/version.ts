/**
 * The mvmforge toolchain version (launch.json.toolchain_version, flake metadata, the SDK's
 * `mv.__version__`). Every package of the toolchain carries this same version; a test keeps them equal.
 */

export const TOOLCHAIN_VERSION: string = require('../package.json').version;
