import assert from 'node:assert/strict';
import type { Alert } from '../../src/api/alert.js';
import type { FluxEvent } from '../../src/api/event.js';
import { DeliveryError } from '../../src/http/delivery-error.js';
import type { CaptureServer } from './capture-server.js';
import type { ProviderSpec, ProviderType } from '../../src/api/provider.js';
import type { ProviderTarget } from '../../src/notifiers/notifier.js';
import { sampleEvent } from './sample-event.js';
import { sampleTarget } from './sample-target.js';

/** The UID of the Provider object in git tests: statuses are `<kind>/<name>/0c9c2e41`. */
export const PROVIDER_UID = '0c9c2e41-d2f9-4f9b-9c41-bebc1984d67a';
export const SHA = '5394cb7f48332b2de7c17dd8b8384bbc84b7e738';

/** A resolved git Provider, its object included (UID, and `spec` for commitStatusExpr). */
export function gitTarget(
  type: ProviderType,
  address: string,
  overrides: Partial<ProviderTarget> = {},
  spec: Partial<ProviderSpec> = {},
): ProviderTarget {
  return sampleTarget({
    type,
    name: `${type}-status`,
    address,
    resource: {
      apiVersion: 'notification.toolkit.fluxcd.io/v1beta3',
      kind: 'Provider',
      metadata: { name: `${type}-status`, namespace: 'flux-system', uid: PROVIDER_UID },
      spec: { type, address, ...spec },
    },
    ...overrides,
  });
}

/** An Alert object, as the dispatcher hands it to notifiers. */
export const SAMPLE_ALERT: Alert = {
  apiVersion: 'notification.toolkit.fluxcd.io/v1beta3',
  kind: 'Alert',
  metadata: { name: 'on-call', namespace: 'flux-system' },
  spec: {
    providerRef: { name: 'github-status' },
    eventSources: [{ kind: 'Kustomization', name: '*' }],
  },
};

/** An event naming the commit {@link SHA} in its revision. */
export function commitEvent(overrides: Partial<FluxEvent> = {}): FluxEvent {
  return sampleEvent({ metadata: { revision: `main@sha1:${SHA}` }, ...overrides });
}

/** The host refused the delivery with `status`, and the error quotes none of the secrets. */
export async function assertRefused(
  delivery: Promise<unknown>,
  status: number,
  ...secrets: string[]
): Promise<void> {
  await assert.rejects(delivery, (error: unknown) => {
    assert.ok(error instanceof DeliveryError);
    assert.equal(error.code, 'HERALD_DELIVERY_REJECTED');
    assert.equal(error.status, status);
    for (const secret of secrets) assert.ok(!error.message.includes(secret), error.message);
    return true;
  });
}

/** The methods of the requests `send` made to the server, in order. */
export async function methodsOf(
  server: CaptureServer,
  send: () => Promise<unknown>,
): Promise<string[]> {
  const before = server.requests.length;
  await send();
  return server.requests.slice(before).map((request) => request.method);
}
