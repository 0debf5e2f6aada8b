import { unquoteGoLiteral } from './go-string-literal.js';
import type { ChainStart, Command, Operand, Pipeline, TemplateNode } from './template-ast.js';
import { TemplateProblem } from './template-error.js';
import { lexTemplate, type Token } from './template-lexer.js';
import { GoFloat, type TemplateValue } from './template-value.js';

/** Deepest nesting of blocks and parentheses; bounds the parser's and renderer's recursion. */
export const MAX_TEMPLATE_NESTING = 50;

/** What ended a list of nodes: `{{end}}`, `{{else}}` (its offset), or the end of the source. */
type ListEnd = { kind: 'end' | 'else'; offset: number } | { kind: 'eof' };

type Context = 'if' | 'with' | 'range' | 'command';

/**
 * Parses a template as Go's `text/template/parse` does, for the subset Herald renders: a
 * function must be one of `functions`, a variable must be declared before use, and
 * `define`/`template`/`block` are refused (a message template is a single template).
 * Throws a {@link TemplateProblem} at the first error.
 */
export function parseTemplate(source: string, functions: ReadonlySet<string>): TemplateNode[] {
  return new Parser(lexTemplate(source), functions).parseRoot();
}

class Parser {
  readonly #tokens: readonly Token[];
  readonly #functions: ReadonlySet<string>;
  #index = 0;
  /** Variables in scope, `$` first (the data the template renders). */
  readonly #variables: string[] = ['$'];
  #depth = 0;
  #rangeDepth = 0;

  constructor(tokens: readonly Token[], functions: ReadonlySet<string>) {
    this.#tokens = tokens;
    this.#functions = functions;
  }

  parseRoot(): TemplateNode[] {
    const [nodes, end] = this.#list();
    if (end.kind !== 'eof') throw new TemplateProblem(end.offset, `unexpected {{${end.kind}}}`);
    return nodes;
  }

  #peek(): Token {
    const token = this.#tokens[this.#index];
    if (token === undefined) throw new Error('lexer output ends without eof');
    return token;
  }

  #next(): Token {
    const token = this.#peek();
    if (token.kind !== 'eof') this.#index++;
    return token;
  }

  #expect(kind: Token['kind'], context: string): Token {
    const token = this.#next();
    if (token.kind !== kind) throw unexpected(token, context);
    return token;
  }

  #nest(offset: number): void {
    if (++this.#depth > MAX_TEMPLATE_NESTING)
      throw new TemplateProblem(offset, `nested more than ${String(MAX_TEMPLATE_NESTING)} deep`);
  }

  /** Nodes up to `{{end}}`, `{{else…}}` or the end of the source; the keyword is consumed. */
  #list(): [TemplateNode[], ListEnd] {
    const nodes: TemplateNode[] = [];
    for (;;) {
      const token = this.#next();
      if (token.kind === 'eof') return [nodes, { kind: 'eof' }];
      if (token.kind === 'text') {
        nodes.push({ kind: 'text', offset: token.offset, text: token.value });
        continue;
      }
      const keyword = this.#peek();
      if (keyword.kind === 'keyword' && (keyword.value === 'end' || keyword.value === 'else')) {
        this.#next();
        return [nodes, { kind: keyword.value, offset: keyword.offset }];
      }
      nodes.push(this.#action(token));
    }
  }

  /** One `{{…}}` after its `{{`, other than `{{end}}` and `{{else}}`. */
  #action(open: Token): TemplateNode {
    const token = this.#peek();
    if (token.kind === 'keyword') {
      switch (token.value) {
        case 'if':
        case 'with':
        case 'range':
          this.#next();
          return this.#control(token.value, token.offset);
        case 'break':
        case 'continue':
          this.#next();
          if (this.#rangeDepth === 0)
            throw new TemplateProblem(token.offset, `{{${token.value}}} outside {{range}}`);
          this.#expect('close', `{{${token.value}}}`);
          return { kind: token.value, offset: token.offset };
        case 'define':
        case 'template':
        case 'block':
          throw new TemplateProblem(
            token.offset,
            `{{${token.value}}} is not supported: a message template is a single template`,
          );
      }
    }
    const pipeline = this.#pipeline('command', 'close');
    return { kind: 'action', offset: open.offset, pipeline };
  }

  /** `if`, `with` or `range` after its keyword, through its `{{end}}`. */
  #control(kind: 'if' | 'with' | 'range', offset: number): TemplateNode {
    this.#nest(offset);
    const scope = this.#variables.length;
    const pipeline = this.#pipeline(kind, 'close');
    if (kind === 'range') this.#rangeDepth++;
    const [body, end] = this.#list();
    if (kind === 'range') this.#rangeDepth--;
    let otherwise: TemplateNode[] | undefined;
    if (end.kind === 'eof')
      throw new TemplateProblem(offset, `unexpected EOF: {{${kind}}} has no {{end}}`);
    if (end.kind === 'else') {
      const chained = this.#peek();
      if (
        chained.kind === 'keyword' &&
        (chained.value === 'if' || chained.value === 'with') &&
        kind !== 'range'
      ) {
        // {{else if …}} is {{else}}{{if …}}…{{end}}, sharing this {{end}}.
        this.#next();
        otherwise = [this.#control(chained.value, chained.offset)];
      } else {
        this.#expect('close', '{{else}}');
        const [elseBody, elseEnd] = this.#list();
        if (elseEnd.kind === 'eof')
          throw new TemplateProblem(offset, `unexpected EOF: {{${kind}}} has no {{end}}`);
        if (elseEnd.kind === 'else')
          throw new TemplateProblem(elseEnd.offset, 'expected {{end}}, found a second {{else}}');
        this.#expect('close', '{{end}}');
        otherwise = elseBody;
      }
    } else this.#expect('close', '{{end}}');
    this.#variables.length = scope;
    this.#depth--;
    return { kind, offset, pipeline, body, otherwise };
  }

  /** A pipeline up to `until` (`close` or `rightParen`), which is consumed. */
  #pipeline(context: Context, until: 'close' | 'rightParen'): Pipeline {
    const offset = this.#peek().offset;
    const declaration = this.#declaration(context);
    const commands: Command[] = [];
    for (;;) {
      commands.push(this.#command(context, commands.length, until));
      const token = this.#next();
      if (token.kind === until) break;
      if (token.kind !== 'pipe') throw unexpected(token, context);
    }
    if (declaration !== undefined && !declaration.assign)
      this.#variables.push(...declaration.names);
    return { offset, declaration, commands };
  }

  /** `$x :=`, `$x =` or (range only) `$i, $e :=` at the start of a pipeline, if there. */
  #declaration(context: Context): Pipeline['declaration'] {
    const start = this.#index;
    const names: string[] = [];
    for (;;) {
      const variable = this.#peek();
      if (variable.kind !== 'variable') break;
      this.#next();
      const after = this.#next();
      if (after.kind === 'declare' || after.kind === 'assign') {
        names.push(variable.value);
        const assign = after.kind === 'assign';
        if (assign) for (const name of names) this.#checkDeclared(name, variable.offset);
        return { names, assign };
      }
      if (after.kind === 'comma' && context === 'range' && names.length === 0) {
        names.push(variable.value);
        continue;
      }
      if (after.kind === 'comma')
        throw new TemplateProblem(after.offset, `too many declarations in ${context}`);
      break;
    }
    if (names.length > 0)
      throw new TemplateProblem(this.#peek().offset, 'range can only initialize variables');
    this.#index = start;
    return undefined;
  }

  #checkDeclared(name: string, offset: number): void {
    if (!this.#variables.includes(name))
      throw new TemplateProblem(offset, `undefined variable ${JSON.stringify(name)}`);
  }

  /** The operands of one command, up to `|` or `until` (not consumed). */
  #command(context: Context, stage: number, until: 'close' | 'rightParen'): Command {
    const offset = this.#peek().offset;
    const operands: Operand[] = [];
    for (;;) {
      const token = this.#peek();
      if (token.kind === 'pipe' || token.kind === until) break;
      if (operands.length > 0 && !token.spaceBefore && token.kind !== 'eof')
        throw new TemplateProblem(token.offset, `missing space before ${describe(token)}`);
      operands.push(this.#operand());
    }
    const [first] = operands;
    if (first === undefined) throw new TemplateProblem(offset, `missing value for ${context}`);
    if (first.kind === 'literal' && first.value === null)
      throw new TemplateProblem(first.offset, 'nil is not a command');
    if (first.kind !== 'function' && (operands.length > 1 || stage > 0)) {
      throw new TemplateProblem(
        first.offset,
        stage > 0
          ? `non-function in pipeline stage ${String(stage + 1)}: only a function can take a piped value`
          : "can't give an argument to a non-function",
      );
    }
    return { offset, operands };
  }

  #operand(): Operand {
    const token = this.#next();
    const { offset } = token;
    switch (token.kind) {
      case 'field':
        return this.#chain(offset, { kind: 'dot' }, [token.value]);
      case 'dot':
        return this.#chain(offset, { kind: 'dot' }, []);
      case 'variable':
        this.#checkDeclared(token.value, offset);
        return this.#chain(offset, { kind: 'variable', name: token.value }, []);
      case 'leftParen': {
        this.#nest(offset);
        const pipeline = this.#pipeline('command', 'rightParen');
        this.#depth--;
        return this.#chain(offset, { kind: 'pipeline', pipeline }, []);
      }
      case 'identifier':
        if (!this.#functions.has(token.value))
          throw new TemplateProblem(offset, `function ${JSON.stringify(token.value)} not defined`);
        return { kind: 'function', offset, name: token.value };
      case 'string':
      case 'char':
      case 'number':
        return { kind: 'literal', offset, value: literalValue(token) };
      case 'keyword':
        if (token.value === 'true' || token.value === 'false')
          return { kind: 'literal', offset, value: token.value === 'true' };
        if (token.value === 'nil') return { kind: 'literal', offset, value: null };
        throw unexpected(token, 'operand');
      case 'text':
      case 'open':
      case 'close':
      case 'rightParen':
      case 'pipe':
      case 'declare':
      case 'assign':
      case 'comma':
      case 'eof':
        throw unexpected(token, 'operand');
    }
  }

  /** Field names written right after a start (`$x.A.B`, `(…).A`), with no space between. */
  #chain(offset: number, start: ChainStart, fields: string[]): Operand {
    for (
      let token = this.#peek();
      token.kind === 'field' && !token.spaceBefore;
      token = this.#peek()
    ) {
      this.#next();
      fields.push(token.value);
    }
    return { kind: 'chain', offset, start, fields };
  }
}

function describe(token: Token): string {
  if (token.kind === 'eof') return 'EOF';
  if (token.kind === 'close') return '"}}"';
  if (token.kind === 'field') return `".${token.value}"`;
  return JSON.stringify(token.value);
}

function unexpected(token: Token, context: string): TemplateProblem {
  if (token.kind === 'eof')
    return new TemplateProblem(token.offset, `unexpected EOF in ${context}`);
  return new TemplateProblem(token.offset, `unexpected ${describe(token)} in ${context}`);
}

/** Go's literal values: strings, runes (ints), ints and floats. */
function literalValue(token: Token): TemplateValue {
  const text = token.value;
  try {
    if (token.kind === 'string') {
      return text.startsWith('`') ? text.slice(1, -1).replaceAll('\r', '') : unquoteGoLiteral(text);
    }
    if (token.kind === 'char') {
      const chars = Array.from(unquoteGoLiteral(text));
      if (chars.length !== 1) throw new Error('malformed character constant');
      return chars[0]?.codePointAt(0) ?? 0;
    }
  } catch (error) {
    throw new TemplateProblem(token.offset, `${(error as Error).message} in ${text}`);
  }
  return numberValue(token);
}

function numberValue(token: Token): TemplateValue {
  const text = token.value.replaceAll('_', '');
  const sign = text.startsWith('-') ? -1 : 1;
  const digits = text.replace(/^[+-]/, '');
  const radix = radixOf(digits);
  const isFloat = radix === 10 ? /[.eE]/.test(digits) : radix === 16 && /[.pP]/.test(digits);
  if (isFloat) {
    const value = radix === 16 ? Number.NaN : sign * Number(digits);
    if (!Number.isFinite(value))
      throw new TemplateProblem(token.offset, `bad number syntax: ${JSON.stringify(token.value)}`);
    return new GoFloat(value);
  }
  const body = radix === 10 ? digits : digits.replace(/^0[xXoObB]?/, '');
  const value = sign * Number.parseInt(body, radix);
  if (!Number.isSafeInteger(value) || body === '')
    throw new TemplateProblem(token.offset, `number out of range: ${JSON.stringify(token.value)}`);
  return value;
}

/** Go's prefixes: `0x`, `0o` (or a bare leading `0`), `0b`; decimal otherwise. */
function radixOf(digits: string): number {
  if (/^0[xX]/.test(digits)) return 16;
  if (/^0[bB]/.test(digits)) return 2;
  if (/^0(?:[oO][0-7]+|[0-7]+)$/.test(digits)) return 8;
  return 10;
}
