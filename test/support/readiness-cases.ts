import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ProviderSpec } from '../../src/api/provider.js';
import { providerReadiness } from '../../src/api/readiness/provider-readiness.js';
import { ReadinessReason } from '../../src/api/readiness/readiness-reason.js';
import type { Secret } from '../../src/api/secret.js';
import { provider } from './api-objects.js';

/** A Provider `p` in `apps`, the Secrets there, and the readiness it must have. */
export interface ReadinessCase {
  readonly name: string;
  readonly spec: ProviderSpec;
  readonly secrets?: readonly Secret[];
  readonly reason: ReadinessReason;
  /** The message, or a part of it. */
  readonly message?: string | RegExp;
}

/**
 * One test per case: the Provider's readiness has the case's reason and message, and its
 * message holds none of `secretValues`.
 */
export function describeReadinessCases(
  title: string,
  cases: readonly ReadinessCase[],
  secretValues: readonly string[],
): void {
  describe(title, () => {
    for (const { name, spec, secrets = [], reason, message } of cases) {
      test(`${name} → ${reason}`, () => {
        const lookup = (namespace: string, secretName: string) =>
          secrets.find((s) => s.metadata.namespace === namespace && s.metadata.name === secretName);
        const readiness = providerReadiness(provider('p', spec), lookup);
        assert.equal(readiness.reason, reason, readiness.message);
        assert.equal(readiness.ready, reason === ReadinessReason.Succeeded);
        assert.deepEqual(
          [readiness.kind, readiness.namespace, readiness.name],
          ['Provider', 'apps', 'p'],
        );
        if (typeof message === 'string')
          assert.ok(readiness.message.includes(message), readiness.message);
        if (message instanceof RegExp) assert.match(readiness.message, message);
        for (const value of secretValues) {
          assert.ok(
            !readiness.message.includes(value),
            `message leaks a secret value: ${readiness.message}`,
          );
        }
      });
    }
  });
}
