import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CelError, CelEvaluationError, compileCel } from '../../src/cel/cel.js';
import { compileResourceFilter, resourceFilterFor } from '../../src/receivers/resource-filter.js';
import { receiverReadiness } from '../../src/receivers/receiver-readiness.js';
import type { Receiver } from '../../src/api/receiver.js';
import type { Secret } from '../../src/api/secret.js';
import { webhookPath } from '../../src/receivers/webhook-path.js';

test('matches() runs on RE2: a pattern that backtracks for ages in JavaScript returns at once', () => {
  const program = compileCel("req.text.matches('^(a+)+$')", ['req'], { result: 'bool' });
  // 40 a's and a b: exponential for a backtracking engine, linear for RE2.
  assert.equal(program.evaluate({ req: { text: `${'a'.repeat(40)}b` } }), false);
  assert.equal(program.evaluate({ req: { text: 'aaaa' } }), true);
});

test('the sandbox: no prototype or host object is reachable from an expression', () => {
  const program = compileCel('res.constructor', ['res']);
  assert.throws(() => program.evaluate({ res: { metadata: {} } }), CelEvaluationError);
  assert.throws(() => compileCel('process.exit(1)', ['res']), CelError);
});

test('a filter must give a bool; a syntax error names the problem', () => {
  assert.throws(() => compileResourceFilter("'text'"), /not a bool/);
  assert.throws(() => compileResourceFilter('res.metadata.name =='), CelError);
  const dynamic = compileResourceFilter('req.value');
  assert.throws(() => dynamic.evaluate({ res: {}, req: { value: 'x' } }), /not a bool/);
});

test('req is the JSON body only when the request says JSON, as Flux', () => {
  const program = compileResourceFilter("has(req.ref) && req.ref == 'main'");
  const body = Buffer.from('{"ref":"main"}');
  assert.equal(resourceFilterFor(program, body, 'application/json; charset=utf-8')({}), true);
  assert.equal(resourceFilterFor(program, body, 'text/plain')({}), false);
  assert.throws(() => resourceFilterFor(program, Buffer.from('{'), 'application/json'), /JSON/);
});

test("readiness: Flux's reasons, and the path from token, name and namespace", () => {
  const receiver = (spec: Partial<Receiver['spec']>): Receiver => ({
    apiVersion: 'notification.toolkit.fluxcd.io/v1',
    kind: 'Receiver',
    metadata: { name: 'r', namespace: 'ns' },
    spec: {
      type: 'generic',
      secretRef: { name: 's' },
      resources: [{ kind: 'GitRepository', name: 'x' }],
      ...spec,
    },
  });
  const secret: Secret = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 's', namespace: 'ns' },
    stringData: { token: 't' },
  };
  const lookup = (namespace: string, name: string) =>
    namespace === 'ns' && name === 's' ? secret : undefined;
  const ready = receiverReadiness(receiver({}), lookup);
  assert.equal(ready.ready, true);
  assert.equal(ready.webhookPath, webhookPath('t', 'r', 'ns'));
  assert.equal(ready.message, `Receiver initialized for path: ${webhookPath('t', 'r', 'ns')}`);
  assert.equal(
    receiverReadiness(receiver({ secretRef: { name: 'gone' } }), lookup).reason,
    'TokenNotFound',
  );
  assert.equal(
    receiverReadiness(receiver({ resourceFilter: 'res.' }), lookup).reason,
    'InvalidCELExpression',
  );
  assert.equal(
    receiverReadiness(receiver({ resources: [{ kind: 'Kustomization', name: 'x' }] }), lookup)
      .message,
    "resources[0]: apiVersion must be specified for kind 'Kustomization'",
  );
  assert.equal(
    receiverReadiness(receiver({ resources: [{ kind: 'GitRepository', name: '*' }] }), lookup)
      .reason,
    'ValidationFailed',
  );
  assert.equal(
    receiverReadiness(receiver({ type: 'generic-oidc', secretRef: undefined }), lookup).reason,
    'ValidationFailed',
  );
  assert.ok(
    !JSON.stringify(receiverReadiness(receiver({ type: 'gcr' }), lookup).message).includes("'t'"),
  );
});
