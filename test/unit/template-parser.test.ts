import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  compileMessageTemplate,
  MAX_TEMPLATE_LENGTH,
} from '../../src/templates/message-template.js';
import { MAX_TEMPLATE_NESTING } from '../../src/templates/template-parser.js';

/** The parse error of `source`, `line:column: problem`; fails when it parses. */
function parseError(source: string): string {
  const compiled = compileMessageTemplate(source);
  if (compiled.ok) assert.fail(`${JSON.stringify(source)} parsed`);
  assert.equal(compiled.error.code, 'HERALD_TEMPLATE_INVALID');
  return compiled.error.message;
}

function parses(source: string): void {
  const compiled = compileMessageTemplate(source);
  assert.ok(compiled.ok, compiled.ok ? '' : compiled.error.message);
}

describe('template parser', () => {
  test('accepts the syntax Flux users write', () => {
    for (const source of [
      'plain text, no action',
      '{{ .InvolvedObject.Kind }}/{{ .InvolvedObject.Name }}',
      '{{ index .Metadata "revision" }}',
      '{{ if eq .Severity "error" }}x{{ else if .Reason }}y{{ else }}z{{ end }}',
      '{{ range $k, $v := .Metadata }}{{ $k }}={{ $v }}{{ end }}',
      '{{ range $v := .Metadata }}{{ $v }}{{ else }}none{{ end }}',
      '{{ range .Metadata }}{{ if . }}{{ break }}{{ end }}{{ continue }}{{ end }}',
      '{{ with .Alert }}{{ .Name }}{{ else with .Reason }}{{ . }}{{ end }}',
      '{{ .Message | lower | trunc 40 | printf "%s…" }}',
      '{{- /* a comment */ -}}',
      '{{/* a comment\nover lines */}}',
      '{{ $x := 1 }}{{ $x = 2 }}{{ $x }}{{ $ }}{{ $.Message }}',
      '{{ (index .Metadata "a") }}{{ (.Alert).Name }}',
      "{{ 'a' }}{{ 0x1F }}{{ -3 }}{{ 1.5 }}{{ 1e3 }}{{ true }}{{ `raw` }}",
      '{{ printf "%s"\n  .Message }}',
    ])
      parses(source);
  });

  test('names the line and column of the error', () => {
    assert.equal(parseError('{{ .Message }}\n  {{ if }}'), '2:9: missing value for if');
    assert.equal(parseError('ok\nok {{ .Message'), '2:4: unclosed action');
    assert.equal(parseError('é {{ nope .Message }}'), '1:6: function "nope" not defined');
    assert.equal(parseError('{{ if .A }}\n{{ end }}{{ end }}'), '2:13: unexpected {{end}}');
    assert.equal(parseError('{{ if .A }}x'), '1:4: unexpected EOF: {{if}} has no {{end}}');
    assert.equal(parseError('{{ else }}'), '1:4: unexpected {{else}}');
    assert.equal(parseError('{{ $x }}'), '1:4: undefined variable "$x"');
    assert.equal(parseError('{{ $x = 1 }}'), '1:4: undefined variable "$x"');
    assert.equal(parseError('{{ "abc }}'), '1:4: unterminated quoted string');
    assert.equal(parseError('{{ "\\q" }}'), '1:4: invalid escape \\q in "\\q"');
    assert.equal(parseError('{{ /* x */ }}'), '1:4: unrecognized character in action: "/"');
    assert.equal(parseError('{{/* x */ y }}'), '1:10: comment ends before closing delimiter');
    assert.equal(parseError('{{/* x '), '1:3: unclosed comment');
    assert.equal(parseError('{{ 12ab }}'), '1:4: bad number syntax: "12ab"');
    assert.equal(
      parseError('{{ 99999999999999999999 }}'),
      '1:4: number out of range: "99999999999999999999"',
    );
    assert.equal(parseError('{{ ) }}'), '1:4: unexpected right paren');
  });

  test('refuses what a single message template cannot use', () => {
    assert.equal(
      parseError('{{ define "x" }}{{ end }}'),
      '1:4: {{define}} is not supported: a message template is a single template',
    );
    assert.equal(
      parseError('{{ template "x" . }}'),
      '1:4: {{template}} is not supported: a message template is a single template',
    );
    assert.equal(parseError('{{ call .X }}'), '1:4: function "call" not defined');
    assert.equal(parseError('{{ break }}'), '1:4: {{break}} outside {{range}}');
    assert.equal(parseError('{{ nil }}'), '1:4: nil is not a command');
  });

  test('arguments only go to functions', () => {
    assert.equal(parseError('{{ .Message "x" }}'), "1:4: can't give an argument to a non-function");
    assert.equal(
      parseError('{{ .Message | .Reason }}'),
      '1:15: non-function in pipeline stage 2: only a function can take a piped value',
    );
    assert.equal(parseError('{{ printf"%s" .A }}'), '1:10: missing space before "\\"%s\\""');
  });

  test('variables declared in a block end with it', () => {
    parses('{{ if .A }}{{ $x := 1 }}{{ $x }}{{ end }}');
    assert.equal(
      parseError('{{ if .A }}{{ $x := 1 }}{{ end }}{{ $x }}'),
      '1:37: undefined variable "$x"',
    );
    assert.equal(
      parseError('{{ range $i, $e := .M }}{{ end }}{{ $e }}'),
      '1:37: undefined variable "$e"',
    );
    assert.equal(parseError('{{ if $a, $b := .M }}{{ end }}'), '1:9: too many declarations in if');
  });

  test('bounds nesting and length', () => {
    const deep = '{{ if .A }}'.repeat(MAX_TEMPLATE_NESTING + 1);
    assert.match(parseError(deep), /^1:\d+: nested more than 50 deep$/);
    const parens = `{{ ${'('.repeat(MAX_TEMPLATE_NESTING + 1)}1${')'.repeat(MAX_TEMPLATE_NESTING + 1)} }}`;
    assert.match(parseError(parens), /nested more than 50 deep$/);
    assert.equal(
      parseError('x'.repeat(MAX_TEMPLATE_LENGTH + 1)),
      `1:1: the template is longer than ${String(MAX_TEMPLATE_LENGTH)} characters`,
    );
  });
});
