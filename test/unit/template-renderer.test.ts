import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { compileMessageTemplate, RENDER_LIMITS } from '../../src/templates/message-template.js';
import { templateData } from '../../src/pipeline/template-data.js';
import type { TemplateValue } from '../../src/templates/template-value.js';
import { sampleEvent } from '../support/sample-event.js';

const DATA = templateData(
  sampleEvent({
    severity: 'error',
    message: 'Health check failed after 2m',
    reason: 'HealthCheckFailed',
    metadata: { revision: 'main@sha1:0123abcd', summary: 'Production', 'a-b': 'dash' },
  }),
  { name: 'on-call', namespace: 'apps', summary: 'Production' },
);

function compile(source: string) {
  const compiled = compileMessageTemplate(source);
  if (!compiled.ok) assert.fail(compiled.error.message);
  return compiled.template;
}

function render(source: string, data: TemplateValue = DATA): string {
  const rendered = compile(source).render(data);
  if (!rendered.ok) assert.fail(rendered.error.message);
  return rendered.text;
}

/** The render error of `source`, `line:column: problem`; fails when it renders. */
function renderError(source: string, data: TemplateValue = DATA): string {
  const rendered = compile(source).render(data);
  if (rendered.ok) assert.fail(`${JSON.stringify(source)} rendered`);
  assert.equal(rendered.error.code, 'HERALD_TEMPLATE_RENDER_FAILED');
  return rendered.error.message;
}

describe('template renderer: the data model', () => {
  test("the event under Go's eventv1.Event field names, and the Alert", () => {
    assert.equal(
      render(
        '{{ .InvolvedObject.Kind }}/{{ .InvolvedObject.Namespace }}/{{ .InvolvedObject.Name }} ' +
          '{{ .InvolvedObject.APIVersion }} {{ .Severity }} {{ .Timestamp }} {{ .Reason }} ' +
          '{{ .ReportingController }} [{{ .ReportingInstance }}] {{ .Alert.Namespace }}/{{ .Alert.Name }} ' +
          '{{ .Alert.Summary }}: {{ .Message }}',
      ),
      'Kustomization/flux-system/apps kustomize.toolkit.fluxcd.io/v1 error 2024-05-01T12:00:00Z ' +
        'HealthCheckFailed kustomize-controller [] apps/on-call Production: Health check failed after 2m',
    );
  });

  test('metadata: by field, by index, ranged in key order, missing keys as Go shows them', () => {
    assert.equal(render('{{ .Metadata.revision }}'), 'main@sha1:0123abcd');
    assert.equal(render('{{ index .Metadata "a-b" }}'), 'dash');
    assert.equal(
      render('{{ range $k, $v := .Metadata }}{{ $k }}={{ $v }};{{ end }}'),
      'a-b=dash;revision=main@sha1:0123abcd;summary=Production;',
    );
    assert.equal(render('{{ .Metadata.nope }}|{{ index .Metadata "nope" }}|'), '<no value>||');
    assert.equal(render('{{ .Metadata.nope | default "none" }}'), 'none');
    assert.equal(render('{{ if .Metadata.nope }}yes{{ else }}no{{ end }}'), 'no');
    assert.equal(render('{{ len .Metadata }}'), '3');
  });

  test('printing whole values as fmt does', () => {
    assert.equal(
      render('{{ .InvolvedObject }}'),
      '{Kustomization flux-system apps  kustomize.toolkit.fluxcd.io/v1  }',
    );
    assert.equal(
      render('{{ .Metadata }}'),
      'map[a-b:dash revision:main@sha1:0123abcd summary:Production]',
    );
    assert.equal(
      render('{{ print nil }}{{ true }} {{ 1.5 }} {{ 1e6 }} {{ 0.00001 }} {{ 100000.0 }}'),
      '<nil>true 1.5 1e+06 1e-05 100000',
    );
  });

  test('an unknown field of the event is an error naming it and where', () => {
    assert.equal(
      renderError('ok\n{{ .InvolvedObject.Knd }}'),
      "2:4: can't evaluate field Knd in type ObjectReference",
    );
    assert.equal(
      renderError('{{ .Message.Length }}'),
      "1:4: can't evaluate field Length in type string",
    );
  });
});

describe('template renderer: control structures', () => {
  test('if, else if, else', () => {
    const source =
      '{{ if eq .Severity "info" }}ℹ️{{ else if eq .Severity "error" }}🔥{{ else }}?{{ end }}';
    assert.equal(render(source), '🔥');
  });

  test('with sets dot, and its else runs on an empty value', () => {
    assert.equal(
      render('{{ with .Metadata.revision }}rev {{ . }}{{ end }}'),
      'rev main@sha1:0123abcd',
    );
    assert.equal(
      render('{{ with .Metadata.nope }}x{{ else with .Reason }}{{ . }}{{ end }}'),
      'HealthCheckFailed',
    );
  });

  test('range with break and continue, over an empty map, over an int', () => {
    assert.equal(
      render(
        '{{ range $k, $v := .Metadata }}{{ if eq $k "a-b" }}{{ continue }}{{ end }}{{ if eq $k "summary" }}{{ break }}{{ end }}{{ $k }}{{ end }}',
      ),
      'revision',
    );
    const empty = templateData(sampleEvent(), { name: 'a', namespace: 'apps', summary: undefined });
    assert.equal(
      render('{{ range .Metadata }}x{{ else }}no metadata{{ end }}', empty),
      'no metadata',
    );
    assert.equal(render('{{ range $i := 3 }}{{ $i }}{{ end }}'), '012');
    assert.equal(
      renderError('{{ range .Alert }}{{ end }}'),
      "1:4: range can't iterate over {on-call apps Production}",
    );
  });

  test('variables: $ is the data, := declares, = assigns', () => {
    assert.equal(
      render('{{ with .Alert }}{{ $.Reason }} {{ .Name }}{{ end }}'),
      'HealthCheckFailed on-call',
    );
    assert.equal(
      render('{{ $n := 0 }}{{ range .Metadata }}{{ $n = printf "%s+" $n }}{{ end }}{{ $n }}'),
      '%!s(int=0)+++',
    );
  });

  test('trim markers and comments', () => {
    assert.equal(render('a  \n {{- /* gone */ -}} \n  b {{- " c " -}}  d'), 'ab c d');
    assert.equal(render('{{-3}}'), '-3');
  });
});

describe('template renderer: functions', () => {
  test("Go's builtins", () => {
    assert.equal(
      render('{{ and .Reason .Message }}|{{ and .Metadata.nope .Message }}|{{ or "" .Reason }}'),
      'Health check failed after 2m|<no value>|HealthCheckFailed',
    );
    assert.equal(
      render('{{ not .Reason }} {{ len "é" }} {{ eq .Severity "info" "error" }} {{ ne 1 2 }}'),
      'false 2 true true',
    );
    assert.equal(
      render('{{ lt 1 2 }} {{ le "b" "a" }} {{ gt 2.5 1.5 }} {{ ge "a" "a" }}'),
      'true false true true',
    );
    assert.equal(render('{{ print "a" 1 2 "b" }}|{{ println "a" 1 }}'), 'a1 2b|a 1\n');
    assert.equal(
      render('{{ printf "%s/%d %v %q %t %%" .Reason 42 .Alert.Name "x\\n" true }}'),
      'HealthCheckFailed/42 on-call "x\\n" true %',
    );
    assert.equal(
      render('{{ printf "%d %s" "x" }}|{{ printf "%s" 1 2 }}'),
      '%!d(string=x) %!s(MISSING)|%!s(int=1)%!(EXTRA int=2)',
    );
  });

  test('the string functions of Sprig', () => {
    assert.equal(
      render('{{ upper .Severity }} {{ lower .Reason }} [{{ trim "  x \\n" }}]'),
      'ERROR healthcheckfailed [x]',
    );
    assert.equal(
      render('{{ trimPrefix "main@" .Metadata.revision | trimSuffix "abcd" }}'),
      'sha1:0123',
    );
    assert.equal(
      render(
        '{{ replace "failed" "FAILED" .Message }} {{ contains "check" .Message }} {{ hasPrefix "Health" .Message }} {{ hasSuffix "2m" .Message }}',
      ),
      'Health check FAILED after 2m true true true',
    );
    assert.equal(
      render('{{ trunc 6 .Message }}|{{ trunc -2 .Message }}|{{ quote .Reason 1 }}'),
      'Health|2m|"HealthCheckFailed" "1"',
    );
    assert.equal(render('{{ default "x" "" }}{{ default "x" "y" }}{{ default "x" }}'), 'xyx');
  });

  test("misuse fails as Go's does, naming the function", () => {
    assert.equal(
      renderError('{{ upper 1 }}'),
      '1:4: error calling upper: wrong type for value; expected string; got int',
    );
    assert.equal(
      renderError('{{ upper .Metadata.nope }}'),
      '1:4: error calling upper: invalid value; expected string',
    );
    assert.equal(
      renderError('{{ lower }}'),
      '1:4: error calling lower: wrong number of args for lower: want 1 got 0',
    );
    assert.equal(
      renderError('{{ eq 1 "1" }}'),
      '1:4: error calling eq: incompatible types for comparison',
    );
    assert.equal(
      renderError('{{ index .Alert "Name" }}'),
      "1:4: error calling index: can't index item of type Alert",
    );
    assert.equal(
      renderError('{{ printf "%x" 1 }}'),
      '1:4: error calling printf: printf: %x is not supported: only %s, %d, %v, %q, %t and %%, without flags or widths',
    );
  });
});

describe('template renderer: sandbox', () => {
  test('no JavaScript property is reachable: prototypes are missing fields and keys', () => {
    for (const name of [
      'constructor',
      '__proto__',
      'prototype',
      'toString',
      'hasOwnProperty',
      'valueOf',
    ]) {
      assert.equal(
        renderError(`{{ .${name} }}`),
        `1:4: can't evaluate field ${name} in type TemplateData`,
      );
      assert.equal(
        renderError(`{{ .Alert.${name} }}`),
        `1:4: can't evaluate field ${name} in type Alert`,
      );
      assert.equal(
        render(`{{ .Metadata.${name} }}|{{ index .Metadata "${name}" }}`),
        '<no value>|',
      );
      assert.equal(
        renderError(`{{ .Message.${name} }}`),
        `1:4: can't evaluate field ${name} in type string`,
      );
    }
    assert.equal(
      renderError('{{ $.constructor.constructor }}'),
      "1:4: can't evaluate field constructor in type TemplateData",
    );
  });

  test('no function beyond the listed ones, whatever its name on Object', () => {
    for (const name of [
      'constructor',
      'toString',
      'eval',
      'require',
      'process',
      'call',
      'js',
      'html',
    ]) {
      const compiled = compileMessageTemplate(`{{ ${name} "x" }}`);
      if (compiled.ok) assert.fail(`${name} is a function`);
      assert.equal(compiled.error.message, `1:4: function "${name}" not defined`);
    }
  });

  test('a metadata key named __proto__ is an ordinary key', () => {
    const data = templateData(
      sampleEvent({ metadata: Object.fromEntries([['__proto__', 'kept']]) }),
      { name: 'a', namespace: 'apps', summary: undefined },
    );
    assert.equal(
      render('{{ index .Metadata "__proto__" }} {{ .Metadata.__proto__ }}', data),
      'kept kept',
    );
  });
});

describe('template renderer: bounds', () => {
  test('a render stops after its step budget', () => {
    assert.equal(
      renderError('{{ range 1000000 }}{{ end }}'),
      `1:4: rendering took more than ${String(RENDER_LIMITS.maxSteps)} steps`,
    );
    assert.equal(
      renderError('{{ range 200 }}{{ range 200 }}{{ end }}{{ end }}'),
      `1:19: rendering took more than ${String(RENDER_LIMITS.maxSteps)} steps`,
    );
  });

  test('the output is capped', () => {
    assert.equal(
      renderError('{{ range 5000 }}0123456789{{ end }}'),
      `1:17: the output is longer than ${String(RENDER_LIMITS.maxOutputBytes)} bytes`,
    );
    const half = 'x'.repeat(RENDER_LIMITS.maxOutputBytes / 2);
    assert.equal(render(`{{ range 2 }}${half}{{ end }}`), half + half);
    // Bytes are counted, not characters: é is two.
    assert.match(
      renderError(`{{ range 2 }}${half.slice(1)}é{{ end }}`),
      /the output is longer than 16384 bytes$/,
    );
  });

  test('a string doubling in a variable is stopped before it can grow', () => {
    assert.equal(
      renderError('{{ $s := "ab" }}{{ range 64 }}{{ $s = printf "%s%s" $s $s }}{{ end }}'),
      `1:39: the result of printf is longer than ${String(RENDER_LIMITS.maxOutputBytes)} bytes`,
    );
    assert.match(
      renderError('{{ $s := "ab" }}{{ range 64 }}{{ $s = replace "" $s $s }}{{ end }}'),
      /the result of replace is longer than/,
    );
  });

  test('long strings cost steps in proportion to their length', () => {
    const work = (field: string) =>
      `{{ $s := printf "%s%s%s%s" ${field} ${field} ${field} ${field} }}{{ $b := "" }}` +
      '{{ range 400 }}{{ $b = printf "%s%s%s%s" $s $s $s $s }}' +
      '{{ $b = printf "%s%s%s%s%s%s%s%s" $b $b $b $b $b $b $b $b }}{{ $b = upper $b }}{{ end }}';
    assert.equal(render(work('.Severity')), '');
    assert.match(renderError(work('.Message')), /rendering took more than 10000 steps$/);
  });
});
