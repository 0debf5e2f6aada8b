import { HeraldError } from '../errors/herald-error.js';

/** Where in a template's source something is, 1-based, columns counted in characters. */
export interface SourcePosition {
  readonly line: number;
  readonly column: number;
}

/** The line and column of a UTF-16 offset into `source`. */
export function positionAt(source: string, offset: number): SourcePosition {
  let line = 1;
  let lineStart = 0;
  for (let i = source.indexOf('\n'); i !== -1 && i < offset; i = source.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: Array.from(source.slice(lineStart, offset)).length + 1 };
}

/**
 * A template that does not parse (`HERALD_TEMPLATE_INVALID`) or failed while rendering
 * (`HERALD_TEMPLATE_RENDER_FAILED`); the message starts with `line:column:`.
 */
export class TemplateError extends HeraldError {
  readonly position: SourcePosition;

  constructor(
    code: 'HERALD_TEMPLATE_INVALID' | 'HERALD_TEMPLATE_RENDER_FAILED',
    position: SourcePosition,
    problem: string,
  ) {
    super(code, `${String(position.line)}:${String(position.column)}: ${problem}`);
    this.position = position;
  }
}

/**
 * Thrown inside the lexer, parser and renderer with an offset, turned into a
 * {@link TemplateError} (with line and column) where the source is at hand.
 */
export class TemplateProblem extends Error {
  readonly offset: number;

  constructor(offset: number, problem: string) {
    super(problem);
    this.offset = offset;
  }
}
