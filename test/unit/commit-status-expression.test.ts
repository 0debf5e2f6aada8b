import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { compileCommitStatusExpression } from '../../src/notifiers/git/commit-status-expression.js';

const UID = '0c9c2e41-d2f9-4f9b-9c41-bebc1984d67a';
const variables = {
  event: {
    involvedObject: { kind: 'Kustomization', name: 'gitops-system' },
    reason: 'ApplySucceeded',
    metadata: { environment: 'production', clusterName: 'staging-1' },
  },
  alert: { metadata: { name: 'test-alert' } },
  provider: { metadata: { uid: UID } },
};

function evaluate(source: string): string {
  const compiled = compileCommitStatusExpression(source);
  assert.ok(compiled.ok, compiled.ok ? '' : compiled.error);
  return compiled.expression.evaluate(variables);
}

function compileError(source: string): string {
  const compiled = compileCommitStatusExpression(source);
  assert.ok(!compiled.ok, `${source} compiled`);
  return compiled.error;
}

describe('spec.commitStatusExpr: the documented examples', () => {
  test("Flux's docs: kind/name/clusterName", () => {
    assert.equal(
      evaluate(
        "(event.involvedObject.kind + '/' + event.involvedObject.name + '/' + event.metadata.clusterName)",
      ),
      'Kustomization/gitops-system/staging-1',
    );
  });

  test('event, provider and alert together', () => {
    assert.equal(
      evaluate(
        "event.involvedObject.kind + '/' + event.involvedObject.name + '/' + event.metadata.environment + '/' + provider.metadata.uid + '/' + alert.metadata.name",
      ),
      `Kustomization/gitops-system/production/${UID}/test-alert`,
    );
  });

  test("the UID's first segment with the list extension's first()", () => {
    assert.equal(
      evaluate(
        "event.involvedObject.kind + '/' + event.involvedObject.name + '/' + event.metadata.environment + '/' + provider.metadata.uid.split('-').first().value()",
      ),
      'Kustomization/gitops-system/production/0c9c2e41',
    );
    assert.equal(evaluate("provider.metadata.uid.split('-').last().value()"), 'bebc1984d67a');
  });

  test('string functions: lowerAscii', () => {
    assert.equal(
      evaluate("(event.involvedObject.kind + '/' + event.involvedObject.name).lowerAscii()"),
      'kustomization/gitops-system',
    );
  });
});

describe('spec.commitStatusExpr: errors', () => {
  test('a syntax error does not compile', () => {
    assert.match(compileError('event.involvedObject.kind +'), /Unexpected token/);
  });

  test('a result that cannot be a string does not compile (Flux: output type string)', () => {
    assert.equal(
      compileError("event.involvedObject.kind == 'Kustomization'"),
      'the expression gives a bool, not a string',
    );
  });

  test('an unknown variable does not compile', () => {
    assert.match(compileError("cluster.name + '/x'"), /cluster/);
  });

  test('a missing metadata key fails when evaluated, as Flux', () => {
    const compiled = compileCommitStatusExpression("event.metadata.notfound + '/x'");
    assert.ok(compiled.ok);
    assert.throws(() => compiled.expression.evaluate(variables), /No such key: notfound/);
  });

  test('a dyn result that is no string fails when evaluated', () => {
    const compiled = compileCommitStatusExpression('event.metadata');
    assert.ok(compiled.ok);
    assert.throws(() => compiled.expression.evaluate(variables), /not a string/);
  });

  test('comprehensions, whose cost is not linear, are refused', () => {
    assert.match(
      compileError("event.reason.split('').map(a, a).join('')"),
      /^map\(\) is not available/,
    );
    assert.match(compileError("[1].exists(x, x == 1) ? 'a' : 'b'"), /^exists\(\) is not available/);
  });

  test('matches runs on RE2: a catastrophic pattern on a long reason stays linear', () => {
    const compiled = compileCommitStatusExpression(
      "event.reason.matches('^(a+)+$') ? 'slow' : 'fast'",
    );
    assert.ok(compiled.ok);
    const reason = `${'a'.repeat(50_000)}b`;
    assert.equal(
      compiled.expression.evaluate({ ...variables, event: { ...variables.event, reason } }),
      'fast',
    );
  });

  test('an expression too large to be an id is refused', () => {
    const huge = Array.from({ length: 600 }, () => "'a'").join(' + ');
    assert.ok(compileError(huge).length > 0);
  });
});
