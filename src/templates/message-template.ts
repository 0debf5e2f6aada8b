import { TEMPLATE_FUNCTIONS } from './template-functions.js';
import type { TemplateNode } from './template-ast.js';
import { TemplateError, TemplateProblem, positionAt } from './template-error.js';
import { parseTemplate } from './template-parser.js';
import { renderTemplate, type RenderLimits } from './template-renderer.js';
import type { TemplateValue } from './template-value.js';

/** Longest template source, in characters (`spec.template`'s maxLength). */
export const MAX_TEMPLATE_LENGTH = 16_384;

/** The bounds of every render: exceeding one fails the render, which then falls back. */
export const RENDER_LIMITS: RenderLimits = Object.freeze({
  maxSteps: 10_000,
  maxOutputBytes: 16_384,
});

const FUNCTION_NAMES: ReadonlySet<string> = new Set(TEMPLATE_FUNCTIONS.keys());

/** A parsed template, rendered once per notification. */
export interface MessageTemplate {
  readonly source: string;
  /** The text, or why it could not be rendered (`HERALD_TEMPLATE_RENDER_FAILED`). */
  render(data: TemplateValue): { ok: true; text: string } | { ok: false; error: TemplateError };
}

export type CompiledTemplate =
  | { readonly ok: true; readonly template: MessageTemplate }
  | { readonly ok: false; readonly error: TemplateError };

/**
 * Parses a message template in Go's `text/template` syntax (the subset Herald renders); the
 * error, when it does not parse, says where (`line:column: …`).
 */
export function compileMessageTemplate(source: string): CompiledTemplate {
  if (source.length > MAX_TEMPLATE_LENGTH) {
    const error = new TemplateError(
      'HERALD_TEMPLATE_INVALID',
      { line: 1, column: 1 },
      `the template is longer than ${String(MAX_TEMPLATE_LENGTH)} characters`,
    );
    return { ok: false, error };
  }
  let nodes: TemplateNode[];
  try {
    nodes = parseTemplate(source, FUNCTION_NAMES);
  } catch (error) {
    return { ok: false, error: located(error, source, 'HERALD_TEMPLATE_INVALID') };
  }
  const render = (data: TemplateValue) => {
    try {
      return { ok: true as const, text: renderTemplate(nodes, data, RENDER_LIMITS) };
    } catch (error) {
      return { ok: false as const, error: located(error, source, 'HERALD_TEMPLATE_RENDER_FAILED') };
    }
  };
  return { ok: true, template: { source, render } };
}

function located(
  error: unknown,
  source: string,
  code: 'HERALD_TEMPLATE_INVALID' | 'HERALD_TEMPLATE_RENDER_FAILED',
): TemplateError {
  // Anything else is a bug of the renderer, not of the template: let it surface.
  if (!(error instanceof TemplateProblem)) throw error;
  return new TemplateError(code, positionAt(source, error.offset), error.message);
}
