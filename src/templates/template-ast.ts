import type { TemplateValue } from './template-value.js';

/**
 * The parse tree of a message template, a subset of Go's `text/template/parse`: no
 * `define`, `template` or `block`. Every node keeps its source offset for error positions.
 */
export type TemplateNode =
  | { readonly kind: 'text'; readonly offset: number; readonly text: string }
  | { readonly kind: 'action'; readonly offset: number; readonly pipeline: Pipeline }
  | ControlNode
  | { readonly kind: 'break' | 'continue'; readonly offset: number };

/** `{{if}}`, `{{with}}` or `{{range}}`, through its `{{end}}`. */
export interface ControlNode {
  readonly kind: 'if' | 'with' | 'range';
  readonly offset: number;
  readonly pipeline: Pipeline;
  readonly body: readonly TemplateNode[];
  /** `{{else}}`'s branch; `{{else if}}` and `{{else with}}` are one nested node in it. */
  readonly otherwise: readonly TemplateNode[] | undefined;
}

/** `$a := …`, `$a = …`, or range's `$i, $e := …`. */
export interface Declaration {
  readonly names: readonly string[];
  /** `=` sets variables declared before; `:=` declares new ones. */
  readonly assign: boolean;
}

/** Commands joined by `|`: each one's result is the last argument of the next. */
export interface Pipeline {
  readonly offset: number;
  readonly declaration: Declaration | undefined;
  readonly commands: readonly Command[];
}

/** A function and its arguments, or a single operand. */
export interface Command {
  readonly offset: number;
  readonly operands: readonly Operand[];
}

export type Operand =
  | { readonly kind: 'literal'; readonly offset: number; readonly value: TemplateValue }
  | { readonly kind: 'function'; readonly offset: number; readonly name: string }
  /** `.`, `.A.B` (on dot), `$`, `$x.A`, `(…).A`: a start then field names. */
  | {
      readonly kind: 'chain';
      readonly offset: number;
      readonly start: ChainStart;
      readonly fields: readonly string[];
    };

export type ChainStart =
  | { readonly kind: 'dot' }
  | { readonly kind: 'variable'; readonly name: string }
  | { readonly kind: 'pipeline'; readonly pipeline: Pipeline };
