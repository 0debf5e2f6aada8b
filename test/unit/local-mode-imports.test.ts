import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const src = fileURLToPath(new URL('../../src/', import.meta.url));

/** The modules a file loads when it is loaded: static imports and re-exports, not `import type` nor `import()`. */
async function staticImports(file: string): Promise<string[]> {
  const text = await readFile(file, 'utf8');
  const pattern = /^(?:import|export) (?!type )[^;]*? from '([^']+)';$/gms;
  return [...text.matchAll(pattern)].map((match) => match[1] ?? '');
}

/** Every module loaded at start by `entry`, following relative imports; packages are leaves. */
async function loadedBy(
  entry: string,
): Promise<{ files: Set<string>; packages: Map<string, string> }> {
  const files = new Set<string>();
  const packages = new Map<string, string>();
  const pending = [entry];
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (files.has(file)) continue;
    files.add(file);
    for (const specifier of await staticImports(file)) {
      if (specifier.startsWith('.'))
        pending.push(join(dirname(file), specifier.replace(/\.js$/, '.ts')));
      else if (!packages.has(specifier)) packages.set(specifier, relative(src, file));
    }
  }
  return { files, packages };
}

// client-node alone is about 75 MB of resident memory: local mode, the first thing a new user
// runs, must not pay for a cluster it does not have. Cluster mode is imported when used.
test('starting Herald loads no Kubernetes client until cluster mode is chosen', async () => {
  const { files, packages } = await loadedBy(join(src, 'main.ts'));
  assert.ok(files.has(join(src, 'local/local-mode.ts')), 'the walk reached local mode');
  assert.ok(packages.has('express'), 'the walk reached the servers');
  assert.equal(
    packages.get('@kubernetes/client-node'),
    undefined,
    'a module loaded at start imports @kubernetes/client-node',
  );
  const clusterMode = await loadedBy(join(src, 'cluster/cluster-mode.ts'));
  assert.ok(clusterMode.packages.has('@kubernetes/client-node'), 'cluster mode does load it');
});
