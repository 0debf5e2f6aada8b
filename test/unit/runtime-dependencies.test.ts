import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** The package a bare import specifier names: `@scope/name` or `name`. */
function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

// The image installs production dependencies only (`npm ci --omit=dev`): a module of src/
// that imports a devDependency would start in the tests and fail in the cluster.
test('every package that src/ imports at run time is a production dependency', async () => {
  const manifest = JSON.parse(await readFile(`${root}package.json`, 'utf8')) as {
    dependencies: Record<string, string>;
  };
  const files = (await readdir(`${root}src`, { recursive: true })).filter((file) =>
    file.endsWith('.ts'),
  );
  assert.ok(files.length > 50, 'src/ was read');
  const missing = new Set<string>();
  for (const file of files) {
    const text = await readFile(`${root}src/${file}`, 'utf8');
    // Type-only imports are erased by the compiler, so they need no runtime package.
    for (const match of text.matchAll(/^import (?!type )[^'"]*?from '([^'.][^']*)';$/gms)) {
      const specifier = match[1] ?? '';
      if (specifier.startsWith('node:')) continue;
      if (!(packageOf(specifier) in manifest.dependencies)) missing.add(`${file}: ${specifier}`);
    }
  }
  assert.deepEqual([...missing], []);
});
