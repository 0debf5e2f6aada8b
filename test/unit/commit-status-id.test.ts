import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultCommitStatusId } from '../../src/notifiers/git/commit-status-id.js';
import {
  commitStatusDescription,
  commitStatusName,
} from '../../src/notifiers/git/commit-status-description.js';
import { splitCamelCase } from '../../src/notifiers/split-camel-case.js';
import { sampleEvent } from '../support/sample-event.js';

const UID = '0c9c2e41-d2f9-4f9b-9c41-bebc1984d67a';

describe('the default commit status id', () => {
  test("<kind>/<name>/<first segment of the Provider's UID>, lowercased", () => {
    const event = sampleEvent({
      involvedObject: { kind: 'HelmRelease', name: 'Gitops-System', namespace: 'flux-system' },
    });
    assert.equal(defaultCommitStatusId(UID, event), 'helmrelease/gitops-system/0c9c2e41');
  });

  test('a Provider without a UID (local mode) leaves the last segment empty, as Flux', () => {
    assert.equal(defaultCommitStatusId(undefined, sampleEvent()), 'kustomization/apps/');
  });
});

describe('name and description', () => {
  test('the name is kind/name lowercased', () => {
    assert.equal(commitStatusName(sampleEvent()), 'kustomization/apps');
  });

  test('the description is the reason split at camel-case humps, lowercased', () => {
    assert.equal(
      commitStatusDescription(sampleEvent({ reason: 'ReconciliationSucceeded' })),
      'reconciliation succeeded',
    );
    assert.equal(
      commitStatusDescription(sampleEvent({ reason: 'ApplySucceeded' })),
      'apply succeeded',
    );
  });

  test("splits as fatih/camelcase, Flux's splitter", () => {
    assert.deepEqual(splitCamelCase('PDFLoader'), ['PDF', 'Loader']);
    assert.deepEqual(splitCamelCase('HealthCheckFailed'), ['Health', 'Check', 'Failed']);
    assert.deepEqual(splitCamelCase('GL11Version'), ['GL', '11', 'Version']);
    assert.deepEqual(splitCamelCase('BadUTF8'), ['Bad', 'UTF', '8']);
    assert.deepEqual(splitCamelCase('some_reason'), ['some', '_', 'reason']);
    assert.deepEqual(splitCamelCase(''), []);
  });
});
