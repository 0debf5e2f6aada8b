import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { formatProblem } from '../../src/api/validation/field-problem.js';
import {
  validateObject,
  type ValidationResult,
} from '../../src/api/validation/manifest-validator.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'flux-v1beta3-docs');
const V1BETA3 = 'notification.toolkit.fluxcd.io/v1beta3';

function fixtureDocuments(file: string): unknown[] {
  return parseAllDocuments(readFileSync(join(FIXTURES, file), 'utf8')).map(
    (doc) => doc.toJS() as unknown,
  );
}

function alert(
  spec: Record<string, unknown>,
  metadata: Record<string, unknown> = { name: 'on-call' },
) {
  return { apiVersion: V1BETA3, kind: 'Alert', metadata, spec };
}

function provider(
  spec: Record<string, unknown>,
  metadata: Record<string, unknown> = { name: 'slack' },
) {
  return { apiVersion: V1BETA3, kind: 'Provider', metadata, spec };
}

function secret(
  fields: Record<string, unknown>,
  metadata: Record<string, unknown> = { name: 'token' },
) {
  return { apiVersion: 'v1', kind: 'Secret', metadata, ...fields };
}

const minimalAlertSpec = {
  providerRef: { name: 'slack' },
  eventSources: [{ kind: 'Kustomization', name: '*' }],
};

function problemsOf(result: ValidationResult): string[] {
  assert.equal(result.kind, 'invalid', `expected invalid, got ${JSON.stringify(result)}`);
  return result.problems.map(formatProblem);
}

function validObject(result: ValidationResult) {
  assert.equal(result.kind, 'valid', `expected valid, got ${JSON.stringify(result)}`);
  return result.object;
}

describe("Flux's documented v1beta3 examples validate unchanged", () => {
  for (const file of ['alerts.yaml', 'providers.yaml']) {
    fixtureDocuments(file).forEach((doc, index) => {
      const { kind, metadata } = doc as { kind: string; metadata: { name: string } };
      test(`${file} #${index + 1}: ${kind} ${metadata.name}`, () => {
        validObject(validateObject(doc));
      });
    });
  }

  // The alerts page shows these as fragments; each goes into a minimal Alert unchanged.
  const eventSourceFragments = [
    [{ kind: 'GitRepository', name: 'webapp', namespace: 'apps' }],
    [{ kind: 'HelmRelease', name: '*', namespace: 'apps' }],
    [{ kind: 'HelmRelease', name: '*', namespace: 'apps', matchLabels: { team: 'app-dev' } }],
  ];
  for (const eventSources of eventSourceFragments) {
    test(`eventSources fragment ${JSON.stringify(eventSources)}`, () => {
      validObject(validateObject(alert({ providerRef: { name: 'slack' }, eventSources })));
    });
  }
  test('inclusion, exclusion and eventMetadata fragments', () => {
    const spec = {
      ...minimalAlertSpec,
      inclusionList: ['.*succeeded.*'],
      exclusionList: ['.*uninstall.*', '.*test.*', 'waiting.*socket'],
      eventMetadata: {
        'app.kubernetes.io/env': 'production',
        'app.kubernetes.io/cluster': 'my-cluster',
        'app.kubernetes.io/region': 'us-east-1',
      },
    };
    validObject(validateObject(alert(spec)));
  });
});

describe('defaults are applied as the API server applies them', () => {
  test('Alert: eventSeverity info, namespace default', () => {
    const object = validObject(validateObject(alert(minimalAlertSpec)));
    assert.equal(object.kind, 'Alert');
    assert.equal(object.spec.eventSeverity, 'info');
    assert.equal(object.metadata.namespace, 'default');
  });
  test('Provider: timeout 15s; a given timeout and namespace are kept', () => {
    const defaulted = validObject(validateObject(provider({ type: 'slack' })));
    assert.equal(defaulted.kind === 'Provider' && defaulted.spec.timeout, '15s');
    const given = validObject(
      validateObject(provider({ type: 'loki', timeout: '1m30s' }, { name: 'l', namespace: 'ops' })),
    );
    assert.equal(given.kind === 'Provider' && given.spec.timeout, '1m30s');
    assert.equal(given.metadata.namespace, 'ops');
  });
  test('Secret: type Opaque', () => {
    const object = validObject(validateObject(secret({ stringData: { token: 't' } })));
    assert.equal(object.kind === 'Secret' && object.type, 'Opaque');
  });
  test('the input document is left as it was', () => {
    const doc = alert(minimalAlertSpec);
    const before = structuredClone(doc);
    validateObject(doc);
    assert.deepEqual(doc, before);
  });
});

test('metadata beyond name and namespace passes as the API server sets it', () => {
  const metadata = {
    name: 'on-call',
    namespace: 'apps',
    labels: { team: 'sre' },
    annotations: { 'kustomize.toolkit.fluxcd.io/reconcile': 'disabled' },
    uid: '7d0cdc51-ddcf-4743-b223-83ca5c699632',
    generation: 3,
    managedFields: [{ manager: 'kubectl' }],
  };
  validObject(validateObject(alert(minimalAlertSpec, metadata)));
});

describe('eventSources take any Kubernetes kind', () => {
  for (const kind of [
    'Pod',
    'Deployment',
    'Node',
    'HorizontalPodAutoscaler',
    'ExternalArtifact',
    'My-Kind2',
  ]) {
    test(kind, () => {
      validObject(
        validateObject(alert({ ...minimalAlertSpec, eventSources: [{ kind, name: '*' }] })),
      );
    });
  }
});

describe('bad documents name each offending field', () => {
  const cases: [string, unknown, string[]][] = [
    ['not a mapping', ['a list'], ['must be a mapping (an object)']],
    [
      'no apiVersion nor kind',
      { metadata: { name: 'x' } },
      ['apiVersion: is required', 'kind: is required'],
    ],
    [
      'no metadata, no spec',
      { apiVersion: V1BETA3, kind: 'Alert' },
      ['metadata: is required', 'spec: is required'],
    ],
    ['missing name', alert(minimalAlertSpec, {}), ['metadata.name: is required']],
    [
      'name not RFC 1123',
      alert(minimalAlertSpec, { name: 'On_Call' }),
      [
        'metadata.name: must be lowercase letters, digits, "-" and ".", starting and ending alphanumeric (RFC 1123 subdomain)',
      ],
    ],
    [
      'namespace not a label',
      provider({ type: 'slack' }, { name: 'slack', namespace: 'a.b' }),
      [
        'metadata.namespace: must be lowercase letters, digits and "-", starting and ending alphanumeric (RFC 1123 label)',
      ],
    ],
    [
      'missing spec fields',
      alert({}),
      ['spec.eventSources: is required', 'spec.providerRef: is required'],
    ],
    [
      'eventSource without kind, empty name',
      alert({ providerRef: { name: 'slack' }, eventSources: [{ name: '' }] }),
      ['spec.eventSources[0].kind: is required', 'spec.eventSources[0].name: must not be empty'],
    ],
    [
      'kind that is no Kubernetes kind',
      alert({
        providerRef: { name: 'slack' },
        eventSources: [{ kind: 'Helm Release', name: 'x' }],
      }),
      [
        'spec.eventSources[0].kind: must be a Kubernetes kind: letters, digits and "-", starting with a letter',
      ],
    ],
    [
      'unknown severity',
      alert({ ...minimalAlertSpec, eventSeverity: 'warning' }),
      ['spec.eventSeverity: must be one of: info, error'],
    ],
    [
      'summary over 255',
      alert({ ...minimalAlertSpec, summary: 'x'.repeat(256) }),
      ['spec.summary: must be at most 255 characters'],
    ],
    [
      'a typo is an unknown field',
      alert({ ...minimalAlertSpec, eventSeverty: 'error' }),
      ['spec.eventSeverty: is not a known field'],
    ],
    [
      'metadata values must be strings',
      alert({ ...minimalAlertSpec, eventMetadata: { 'app.kubernetes.io/env': 3 } }),
      ['spec.eventMetadata["app.kubernetes.io/env"]: must be a string'],
    ],
    [
      'regex list of strings',
      alert({ ...minimalAlertSpec, inclusionList: 'x' }),
      ['spec.inclusionList: must be a list'],
    ],
    ['Provider without type', provider({}), ['spec.type: is required']],
    ['unknown Provider type', provider({ type: 'pigeon' }), ['spec.type: must be one of:']],
    [
      'timeout in hours',
      provider({ type: 'slack', timeout: '1h' }),
      ['spec.timeout: must be a duration in ms, s or m, e.g. 30s or 1m30s'],
    ],
    [
      'proxy without scheme',
      provider({ type: 'slack', proxy: 'proxy:3128' }),
      ['spec.proxy: must start with http:// or https://'],
    ],
    [
      'address over 2048',
      provider({ type: 'generic', address: `https://x/${'a'.repeat(2048)}` }),
      ['spec.address: must be at most 2048 characters'],
    ],
    [
      'secretRef without name',
      provider({ type: 'generic', secretRef: {} }),
      ['spec.secretRef.name: is required'],
    ],
    [
      'suspend not boolean',
      provider({ type: 'generic', suspend: 'yes' }),
      ['spec.suspend: must be true or false'],
    ],
    [
      'status condition with a bad status',
      {
        ...alert(minimalAlertSpec),
        status: {
          conditions: [
            {
              type: 'Ready',
              status: 'Yes',
              reason: 'Succeeded',
              message: '',
              lastTransitionTime: 'now',
            },
          ],
        },
      },
      [
        'status.conditions[0].status: must be one of: True, False, Unknown',
        'status.conditions[0].lastTransitionTime: must be an RFC 3339 time',
      ],
    ],
    [
      'Secret data not base64',
      secret({ data: { token: 'not base64!' } }),
      ['data.token: is not valid base64 (use stringData for plain text)'],
    ],
    [
      'Secret key with a space',
      secret({ stringData: { 'my key': 'v' } }),
      ['stringData["my key"]: is not a valid key'],
    ],
    [
      'Secret value not a string',
      secret({ stringData: { port: 8080 } }),
      ['stringData.port: must be a string'],
    ],
    [
      'v1beta1 is no longer served',
      { ...alert(minimalAlertSpec), apiVersion: 'notification.toolkit.fluxcd.io/v1beta1' },
      ['apiVersion: Alert is served as notification.toolkit.fluxcd.io/v1beta3'],
    ],
  ];
  for (const [name, doc, expected] of cases) {
    test(name, () => {
      const problems = problemsOf(validateObject(doc));
      assert.equal(problems.length, expected.length, `got ${JSON.stringify(problems)}`);
      expected.forEach((prefix, index) => {
        assert.ok(
          problems[index]?.startsWith(prefix),
          `expected "${prefix}…", got "${problems[index] ?? ''}"`,
        );
      });
    });
  }

  test('problems carry a JSON pointer too', () => {
    const result = validateObject(alert({ ...minimalAlertSpec, eventMetadata: { 'a/b': 1 } }));
    assert.equal(result.kind, 'invalid');
    assert.deepEqual(result.problems[0], {
      field: 'spec.eventMetadata["a/b"]',
      pointer: '/spec/eventMetadata/a~1b',
      message: 'must be a string',
    });
  });

  test('a problem never quotes a Secret value', () => {
    const result = validateObject(secret({ data: { token: 'xoxb-secret-token' } }));
    assert.ok(!JSON.stringify(result).includes('xoxb-secret-token'));
  });
});

describe('Secrets are stored as the API server stores them', () => {
  test('stringData is merged over data, then dropped', () => {
    const object = validObject(
      validateObject(
        secret({ data: { address: 'aHR0cHM6Ly9h', token: 'b2xk' }, stringData: { token: 'new' } }),
      ),
    );
    assert.deepEqual(object.kind === 'Secret' && object.data, {
      address: 'aHR0cHM6Ly9h',
      token: Buffer.from('new').toString('base64'),
    });
    assert.equal(object.kind === 'Secret' && object.stringData, undefined);
  });
  test('base64 folded over lines decodes, as Go decodes it', () => {
    validObject(validateObject(secret({ data: { 'ca.crt': 'YWJj\nZGVm\n' } })));
  });
  test('an empty Secret has no data', () => {
    const object = validObject(validateObject(secret({})));
    assert.equal(object.kind === 'Secret' && object.data, undefined);
  });
});

describe('apiVersion and kind', () => {
  test('v1beta2 is read as v1beta3, with a deprecation warning', () => {
    const result = validateObject({
      ...alert(minimalAlertSpec),
      apiVersion: 'notification.toolkit.fluxcd.io/v1beta2',
    });
    assert.equal(result.kind, 'valid');
    assert.equal(result.object.apiVersion, V1BETA3);
    assert.match(result.warnings[0] ?? '', /v1beta2 Alert is deprecated/);
  });
  test('a Receiver is read as v1, its legacy v1beta2 with a warning; v1beta3 is refused', () => {
    const receiver = {
      kind: 'Receiver',
      metadata: { name: 'r' },
      spec: {
        type: 'github',
        secretRef: { name: 't' },
        resources: [{ kind: 'GitRepository', name: 'x' }],
      },
    };
    const v1 = validateObject({ apiVersion: 'notification.toolkit.fluxcd.io/v1', ...receiver });
    assert.equal(v1.kind, 'valid');
    assert.equal(v1.object.apiVersion, 'notification.toolkit.fluxcd.io/v1');
    assert.deepEqual(v1.warnings, []);
    assert.equal((v1.object as { spec: { interval?: string } }).spec.interval, '10m');
    const legacy = validateObject({
      apiVersion: 'notification.toolkit.fluxcd.io/v1beta2',
      ...receiver,
    });
    assert.equal(legacy.kind, 'valid');
    assert.match(legacy.warnings.join(), /read as notification.toolkit.fluxcd.io\/v1/);
    const wrong = validateObject({
      apiVersion: 'notification.toolkit.fluxcd.io/v1beta3',
      ...receiver,
    });
    assert.equal(wrong.kind, 'invalid');
    const typo = validateObject({
      apiVersion: 'notification.toolkit.fluxcd.io/v1',
      ...receiver,
      spec: { ...receiver.spec, type: 'gitlub' },
    });
    assert.equal(typo.kind, 'invalid');
  });

  test('other kinds are ignored, with why', () => {
    for (const doc of [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'apps' } },
      {
        apiVersion: 'source.toolkit.fluxcd.io/v1',
        kind: 'GitRepository',
        metadata: { name: 'r' },
      },
      { apiVersion: 'monitoring.example.com/v1', kind: 'Alert', metadata: { name: 'a' } },
      { apiVersion: 'apps/v1', kind: 'Secret', metadata: { name: 's' } },
    ]) {
      const result = validateObject(doc);
      assert.equal(result.kind, 'ignored', JSON.stringify(doc));
      assert.match(result.why, new RegExp(`${doc.apiVersion} ${doc.kind}`));
    }
  });
});
