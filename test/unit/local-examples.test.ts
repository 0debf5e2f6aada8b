import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import type { Provider } from '../../src/api/provider.js';
import { providerReadiness } from '../../src/api/readiness/provider-readiness.js';
import type { Secret } from '../../src/api/secret.js';
import { judgeManifest } from '../../src/local/manifest-judge.js';
import { loadManifests } from '../../src/local/manifest-loader.js';

const EXAMPLES = fileURLToPath(new URL('../../examples/local/', import.meta.url));

test('examples/local loads cleanly, and each of its Providers is Ready', async () => {
  const loaded = await loadManifests(EXAMPLES, judgeManifest);
  assert.deepEqual(loaded.problems, []);
  const secrets = loaded.objects.filter((object): object is Secret => object.kind === 'Secret');
  const providers = loaded.objects.filter(
    (object): object is Provider => object.kind === 'Provider',
  );
  const lookup = (namespace: string, name: string) =>
    secrets.find((s) => s.metadata.namespace === namespace && s.metadata.name === name);
  for (const provider of providers) {
    const readiness = providerReadiness(provider, lookup);
    assert.equal(readiness.reason, 'Succeeded', `${provider.metadata.name}: ${readiness.message}`);
  }
});
