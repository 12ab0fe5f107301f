/**
 * The Node SDK emitter, run by the host as `node node-emitter.js <entry>` (the TypeScript twin of
 * `python3 -m mvmforge`, python-sdk.md §6): load the entry, build its IR with `@mvmforge/sdk`,
 * write the canonical bytes to MVMFORGE_IR_OUT (atomically) or stdout. stdout carries nothing but
 * the IR: `process.stdout` is pointed at stderr before the author's code runs. Exit 0 ok, 1 load or
 * declaration error, 2 usage error or missing entry. TypeScript is type-stripped, never type-checked.
 */
import { existsSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import Module, { register } from 'node:module';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { moduleFormat } from './node-entry';
import { typeScriptCandidates } from './node-hooks';
import { transpileTypeScript, TypeScriptSyntaxError } from './node-transpile';

const PREFIX = 'mvmforge.emit: ';
const USAGE = `usage: node node-emitter.js ENTRY.ts
Loads ENTRY (app.ts, app.mts, app.js or app.mjs declaring a workload with @mvmforge/sdk) and writes
its Workload IR as canonical JSON: to the file named by MVMFORGE_IR_OUT when set, else to stdout.
Exit status: 0 ok, 1 load or declaration error, 2 usage error or missing entry.
`;

type Sdk = typeof import('@mvmforge/sdk');

/** The SDK the host ships; the author's `@mvmforge/sdk` import is mapped onto this very file. */
function sdkMain(): string {
  return require.resolve('@mvmforge/sdk');
}

const realStderrWrite = process.stderr.write.bind(process.stderr);

function err(line: string): void {
  realStderrWrite(PREFIX + line + '\n');
}

/** Shows file names as the author typed the entry; other files relative to cwd when inside it. */
function displayer(entryArg: string): (file: string | undefined) => string {
  const entryAbs = resolve(entryArg);
  const cwd = process.cwd();
  return (file) => {
    if (file === undefined) return entryArg;
    const abs = resolve(file);
    if (abs === entryAbs) return entryArg;
    if (abs.startsWith(cwd + sep)) return relative(cwd, abs);
    return abs;
  };
}

// This emitter's own frames, compiled or (with source maps on) at their src/*.ts positions.
const OWN_DIRS = [__dirname + sep, join(__dirname, '..', 'src') + sep];

/** Frames that are not the author's: Node internals, this emitter, the SDK, typescript. */
function isForeignFrame(file: string, sdkDir: string): boolean {
  return (
    !file.startsWith('/') ||
    file.startsWith(sdkDir + sep) ||
    file.startsWith(join(sdkDir, '..', 'src') + sep) ||
    OWN_DIRS.some((d) => file.startsWith(d)) ||
    file.includes(`${sep}node_modules${sep}typescript${sep}`)
  );
}

function describeError(error: unknown, sdk: Sdk, sdkDir: string, entryArg: string, display: (f: string | undefined) => string): string {
  if (error instanceof sdk.DeclarationError) {
    if (error.file === undefined) {
      return error.detail === 'no workload declared' ? `no workload declared in ${entryArg}` : `${entryArg}: ${error.detail}`;
    }
    return `${display(error.file)}:${error.line}: ${error.detail}`;
  }
  if (error instanceof TypeScriptSyntaxError) return `${display(error.file)}:${error.line}: SyntaxError: ${error.detail}`;
  if (!(error instanceof Error)) return `${entryArg}: thrown value: ${String(error)}`;
  // A type-stripping error raised on the loader thread arrives as a plain error with our message.
  const tsSyntax = /^(\/.+):(\d+): SyntaxError: ([\s\S]*)$/.exec(error.message);
  if (tsSyntax) return `${display(tsSyntax[1])}:${tsSyntax[2]}: SyntaxError: ${tsSyntax[3]}`;
  const text = `${error.name}: ${error.message}`;
  if (error.name === 'SyntaxError') {
    // V8 puts "file:line" on the first line of a syntax error's stack.
    const head = /^(?:file:\/\/)?(\/[^\n]*?):(\d+)\n/.exec(error.stack ?? '');
    if (head) return `${display(decodeURIComponent(head[1]!))}:${head[2]}: ${text}`;
  }
  for (const line of (error.stack ?? '').split('\n').slice(1)) {
    const match = /^\s*at (?:.*? \()?(.+?):(\d+):(\d+)\)?$/.exec(line);
    if (!match) continue;
    let file = match[1]!;
    if (file.startsWith('file://')) file = decodeURIComponent(new URL(file).pathname);
    if (!isForeignFrame(file, sdkDir)) return `${display(file)}:${match[2]}: ${text}`;
  }
  return `${entryArg}: ${text}`;
}

/** CommonJS side: type-strip `.ts`/`.cts` on require, and map `@mvmforge/sdk` to the host's SDK. */
function installRequireHooks(sdkPath: string): void {
  const extensions = (Module as unknown as { _extensions: Record<string, (m: NodeModule, f: string) => void> })._extensions;
  for (const ext of ['.ts', '.cts']) {
    extensions[ext] = (mod, filename) => {
      const source = require('node:fs').readFileSync(filename, 'utf8') as string;
      (mod as unknown as { _compile(code: string, file: string): void })._compile(
        transpileTypeScript(source, filename, 'commonjs'),
        filename,
      );
    };
  }
  const internal = Module as unknown as { _resolveFilename(request: string, parent: unknown, ...rest: unknown[]): string };
  const original = internal._resolveFilename.bind(Module);
  internal._resolveFilename = (request: string, parent: unknown, ...rest: unknown[]) => {
    if (request === '@mvmforge/sdk') return sdkPath;
    try {
      return original(request, parent, ...rest);
    } catch (error) {
      if ((error as { code?: string }).code !== 'MODULE_NOT_FOUND' || !(request.startsWith('./') || request.startsWith('../'))) throw error;
      for (const candidate of typeScriptCandidates(request)) {
        try {
          return original(candidate, parent, ...rest);
        } catch {
          // next candidate
        }
      }
      throw error;
    }
  };
}

function writeAtomically(target: string, data: Buffer): void {
  const tmp = join(dirname(target), `.${basename(target)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, target);
  } finally {
    rmSync(tmp, { force: true });
  }
}

async function main(argv: string[]): Promise<number> {
  if (argv.length === 1 && (argv[0] === '-h' || argv[0] === '--help')) {
    realStderrWrite(USAGE);
    return 0;
  }
  if (argv.length !== 1 || (argv[0]!.startsWith('-') && argv[0] !== '-')) {
    realStderrWrite(USAGE);
    return 2;
  }
  const entryArg = argv[0]!;
  if (!existsSync(entryArg) || !statSync(entryArg).isFile()) {
    err(`entry not found: ${entryArg}`);
    return 2;
  }
  // Resolved now: "relative" means relative to the directory the emitter started in, even if the
  // author's code changes directory.
  const out = process.env.MVMFORGE_IR_OUT ?? '';
  const outPath = out ? resolve(out) : '';
  const display = displayer(entryArg);
  const entryAbs = resolve(entryArg);

  // Stdout hygiene: whatever the author's code prints goes to stderr, for good (python-sdk.md §6.2).
  process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;
  process.setSourceMapsEnabled(true);

  const sdkPath = sdkMain();
  const sdk = require(sdkPath) as Sdk;
  const sdkDir = dirname(sdkPath);
  installRequireHooks(sdkPath);
  // module.register is Node >= 20.6; without it CommonJS entries still work and an ES-module
  // entry fails with Node's own "unknown file extension" error, reported at the entry.
  if (typeof register === 'function') register(pathToFileURL(join(__dirname, 'node-hooks.js')).href, { data: { sdkMain: sdkPath } });

  let data: Buffer;
  try {
    sdk.reset();
    sdk.setEntryDirectory(dirname(entryAbs));
    if (moduleFormat(entryAbs) === 'commonjs') require(entryAbs);
    else await import(pathToFileURL(entryAbs).href);
    data = Buffer.from(sdk.emitJson(), 'utf8');
  } catch (error) {
    err(describeError(error, sdk, sdkDir, entryArg, display));
    if (process.env.MVMFORGE_DEBUG === '1' && error instanceof Error) realStderrWrite(`${error.stack}\n`);
    return 1;
  }
  if (outPath) {
    try {
      writeAtomically(outPath, data);
    } catch (error) {
      err(`cannot write MVMFORGE_IR_OUT ${out}: ${(error as Error).message}`);
      return 1;
    }
    return 0;
  }
  writeSync(1, data);
  return 0;
}

if (require.main === module) {
  process.on('unhandledRejection', (reason) => {
    err(
      `unhandled promise rejection while loading the entry: ${reason instanceof Error ? `${reason.name}: ${reason.message}` : String(reason)}`,
    );
    process.exit(1);
  });
  // Exit at once: timers or sockets the author's code left open must not keep the emitter alive.
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      err(`internal error: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
