import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { captureLogs } from '../support/log-capture.js';
import { startLocalHerald } from '../support/mode-harness.js';

// No event is posted: nothing here ever connects to these addresses.
const MANIFESTS = `
apiVersion: notification.toolkit.fluxcd.io/v1beta3
kind: Provider
metadata: {name: metadata, namespace: apps}
spec: {type: generic, address: "http://169.254.169.254/latest/meta-data/iam/security-credentials/"}
---
apiVersion: v1
kind: Secret
metadata: {name: gce, namespace: apps}
stringData: {address: "http://metadata.google.internal/computeMetadata/v1/"}
---
apiVersion: notification.toolkit.fluxcd.io/v1beta3
kind: Provider
metadata: {name: gce, namespace: apps}
spec: {type: generic, secretRef: {name: gce}}
---
apiVersion: notification.toolkit.fluxcd.io/v1beta3
kind: Alert
metadata: {name: credentials, namespace: apps}
spec: {providerRef: {name: metadata}, eventSources: [{kind: Kustomization, name: '*'}]}
`;

interface StatusEntry {
  kind: string;
  name: string;
  ready: boolean;
  reason: string;
  message: string;
}

/** Local mode on the manifests with the given flags; the readiness /status serves. */
async function readinessWith(flags: string[]): Promise<Map<string, StatusEntry>> {
  const dir = await mkdtemp(join(tmpdir(), 'herald-link-local-'));
  await writeFile(join(dir, 'providers.yaml'), MANIFESTS);
  const herald = await startLocalHerald(dir, captureLogs().logger, flags);
  try {
    const response = await fetch(`http://127.0.0.1:${herald.healthPort}/status`);
    const { objects } = (await response.json()) as { objects: StatusEntry[] };
    return new Map(objects.map((entry) => [`${entry.kind}/${entry.name}`, entry]));
  } finally {
    await herald.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

describe('Providers at link-local and cloud metadata addresses', () => {
  test('are not ready by default, and say why and which flag allows them', async () => {
    const status = await readinessWith([]);
    const metadata = status.get('Provider/metadata');
    assert.equal(metadata?.ready, false);
    assert.equal(metadata.reason, 'AddressNotAllowed');
    assert.equal(
      metadata.message,
      'spec.address points at 169.254.169.254, a link-local or cloud metadata address, ' +
        'refused without --allow-link-local-providers',
    );
    assert.equal(status.get('Provider/gce')?.reason, 'AddressNotAllowed');
    assert.match(status.get('Provider/gce')?.message ?? '', /metadata\.google\.internal, a cloud/);
    assert.equal(status.get('Alert/credentials')?.reason, 'ProviderNotReady');
  });

  test('are ready with --allow-link-local-providers', async () => {
    const status = await readinessWith(['--allow-link-local-providers']);
    for (const key of ['Provider/metadata', 'Provider/gce', 'Alert/credentials'])
      assert.equal(status.get(key)?.ready, true, key);
  });
});
