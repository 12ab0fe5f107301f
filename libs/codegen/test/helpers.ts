/** Shared test helpers: IR documents, temp trees, and reading an artifact back byte for byte. */
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseWorkload, type Workload } from '@mvmforge/ir';

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** A command workload whose app fields can be overridden (`app`) alongside top-level fields. */
export function irDoc(app: { [k: string]: Json } = {}, top: { [k: string]: Json } = {}): { [k: string]: Json } {
  return {
    schema_version: '0.1',
    id: 'demo',
    apps: [
      {
        name: 'demo',
        source: { kind: 'local_path', path: '.' },
        image: { kind: 'nix_packages', packages: ['python312'] },
        entrypoints: [{ kind: 'command', command: ['python', '-m', 'demo'] }],
        resources: { cpu_cores: 1, memory_mb: 256, rootfs_size_mb: 512 },
        ...app,
      },
    ],
    ...top,
  };
}

export function workloadOf(doc: Json): Workload {
  const parsed = parseWorkload(JSON.stringify(doc));
  if (!parsed.ok) throw new Error(`test IR does not parse: ${JSON.stringify(parsed.errors)}`);
  return parsed.workload;
}

/** A fresh canonical temp directory (realpath: /tmp may be a symlink on some hosts). */
export function tempDir(prefix = 'mvmforge-codegen-'): string {
  return realpathSync(mkdtempSync(join(tmpdir(), prefix)));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Every entry below `dir`: relative path → `d 0755` / `f 0644 <base64>` / `l <target>`. */
export function snapshotTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (abs: string, rel: string) => {
    for (const name of readdirSync(abs).sort()) {
      const a = join(abs, name);
      const r = rel ? `${rel}/${name}` : name;
      const st = lstatSync(a);
      const mode = (st.mode & 0o7777).toString(8).padStart(4, '0');
      if (st.isSymbolicLink()) out[r] = `l ${readlinkSync(a)}`;
      else if (st.isDirectory()) {
        out[r] = `d ${mode}`;
        walk(a, r);
      } else out[r] = `f ${mode} ${readFileSync(a).toString('base64')}`;
    }
  };
  walk(dir, '');
  return out;
}

/** Runs `fn` and returns the CodedError diagnostics it throws (fails when nothing is thrown). */
export async function codesOf(fn: () => unknown): Promise<Array<{ code: string; path: string; detail: string }>> {
  try {
    await fn();
  } catch (err) {
    const diags = (err as { diagnostics?: Array<{ code: string; path: string; detail: string }> }).diagnostics;
    if (!diags) throw err;
    return diags;
  }
  throw new Error('expected a coded error, but the call succeeded');
}

/**
 * A fake git workspace (a `.git` directory marks the allowed root) holding one project folder
 * `proj/` with a bundled `pkg/main.py`.
 */
export function fakeWorkspace(): { ws: string; proj: string } {
  const ws = tempDir();
  mkdirSync(join(ws, '.git'));
  const proj = join(ws, 'proj');
  mkdirSync(join(proj, 'pkg'), { recursive: true });
  writeFileSync(join(proj, 'pkg', 'main.py'), 'print(1)\n');
  return { ws, proj };
}
