/** The e2e harness cleans up after itself: remove() deletes the temp directory it created. */
import { existsSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { makeWorkspace } from './harness';

test('remove() deletes the temp parent makeWorkspace created, files next to the workspace included', () => {
  const ws = makeWorkspace({ corpus: ['hello-app'] });
  const parent = dirname(ws.root);
  writeFileSync(ws.path('../mvmctl-calls.jsonl'), '{}\n');
  ws.remove();
  expect(existsSync(parent)).toBe(false);
});

test('a caller-supplied parent is left to the caller; only the workspace goes', () => {
  const parent = realpathSync(mkdtempSync(join(tmpdir(), 'mvmforge-harness-')));
  try {
    const ws = makeWorkspace({ parent, corpus: ['hello-app'] });
    ws.remove();
    expect(existsSync(ws.root)).toBe(false);
    expect(existsSync(parent)).toBe(true);
  } finally {
    rmSync(parent, { recursive: true, force: true });
  }
});
