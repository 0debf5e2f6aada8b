import { formatGoValue } from './go-format.js';
import type { Command, ControlNode, Operand, Pipeline, TemplateNode } from './template-ast.js';
import { TemplateProblem } from './template-error.js';
import { TEMPLATE_FUNCTIONS } from './template-functions.js';
import {
  GoMap,
  GoStruct,
  NO_VALUE,
  goTypeName,
  isList,
  isTruthy,
  type TemplateValue,
} from './template-value.js';

/** How much work one render may do before it is stopped. */
export interface RenderLimits {
  /** Nodes, commands, field steps and loop turns; a function costs one more per 256 characters it returns. */
  readonly maxSteps: number;
  /** Bytes (UTF-8) of the output, and of any string a function returns. */
  readonly maxOutputBytes: number;
}

/** Characters a function may return per step it is charged. */
const CHARACTERS_PER_STEP = 256;

type LoopSignal = 'break' | 'continue' | undefined;

interface Variable {
  readonly name: string;
  value: TemplateValue;
}

/**
 * Executes a parsed template on `data` as Go's `text/template` executes one, within `limits`.
 * Throws a {@link TemplateProblem} at the node that failed or ran out of budget.
 */
export function renderTemplate(
  nodes: readonly TemplateNode[],
  data: TemplateValue,
  limits: RenderLimits,
): string {
  return new Renderer(limits).render(nodes, data);
}

class Renderer {
  readonly #limits: RenderLimits;
  readonly #output: string[] = [];
  #outputBytes = 0;
  #steps = 0;
  readonly #variables: Variable[] = [];

  constructor(limits: RenderLimits) {
    this.#limits = limits;
  }

  render(nodes: readonly TemplateNode[], data: TemplateValue): string {
    this.#variables.push({ name: '$', value: data });
    this.#walkList(nodes, data);
    return this.#output.join('');
  }

  #step(offset: number, cost = 1): void {
    this.#steps += cost;
    if (this.#steps > this.#limits.maxSteps) {
      throw new TemplateProblem(
        offset,
        `rendering took more than ${String(this.#limits.maxSteps)} steps`,
      );
    }
  }

  #checkSize(text: string, offset: number, what: string): number {
    // Most strings are far below the limit: count bytes only when they could reach it.
    const bytes =
      text.length * 3 <= this.#limits.maxOutputBytes
        ? text.length
        : Buffer.byteLength(text, 'utf8');
    if (bytes > this.#limits.maxOutputBytes) {
      throw new TemplateProblem(
        offset,
        `${what} is longer than ${String(this.#limits.maxOutputBytes)} bytes`,
      );
    }
    return bytes;
  }

  #write(text: string, offset: number): void {
    this.#outputBytes += Buffer.byteLength(text, 'utf8');
    if (this.#outputBytes > this.#limits.maxOutputBytes) {
      throw new TemplateProblem(
        offset,
        `the output is longer than ${String(this.#limits.maxOutputBytes)} bytes`,
      );
    }
    this.#output.push(text);
  }

  #walkList(nodes: readonly TemplateNode[], dot: TemplateValue): LoopSignal {
    for (const node of nodes) {
      const signal = this.#walk(node, dot);
      if (signal !== undefined) return signal;
    }
    return undefined;
  }

  #walk(node: TemplateNode, dot: TemplateValue): LoopSignal {
    this.#step(node.offset);
    switch (node.kind) {
      case 'text':
        this.#write(node.text, node.offset);
        return undefined;
      case 'action': {
        const value = this.#evalPipeline(node.pipeline, dot);
        if (node.pipeline.declaration === undefined)
          this.#write(formatGoValue(value, 'v'), node.offset);
        return undefined;
      }
      case 'if':
      case 'with':
        return this.#scoped(() => {
          const value = this.#evalPipeline(node.pipeline, dot);
          if (isTruthy(value)) return this.#walkList(node.body, node.kind === 'with' ? value : dot);
          return node.otherwise === undefined ? undefined : this.#walkList(node.otherwise, dot);
        });
      case 'range':
        return this.#scoped(() => this.#range(node, dot));
      case 'break':
      case 'continue':
        return node.kind;
    }
  }

  /** Runs `body`, then forgets the variables it declared. */
  #scoped<T>(body: () => T): T {
    const mark = this.#variables.length;
    try {
      return body();
    } finally {
      this.#variables.length = mark;
    }
  }

  #range(node: ControlNode, dot: TemplateValue): LoopSignal {
    const { pipeline } = node;
    const value = this.#evalPipeline({ ...pipeline, declaration: undefined }, dot);
    const turns = this.#iterate(value, node.offset, pipeline.declaration?.names.length ?? 0);
    let any = false;
    for (const [key, element] of turns) {
      any = true;
      this.#step(node.offset);
      const signal = this.#scoped(() => {
        const names = pipeline.declaration?.names ?? [];
        const values: TemplateValue[] = names.length === 2 ? [key, element] : [element];
        names.forEach((name, i) => {
          this.#bind(name, values[i] ?? null, pipeline.declaration?.assign === true, node.offset);
        });
        return this.#walkList(node.body, element);
      });
      if (signal === 'break') break;
    }
    if (!any && node.otherwise !== undefined) this.#walkList(node.otherwise, dot);
    return undefined;
  }

  /** What `range` visits: a list's items, a map's entries by key, 0…n-1 of an int. */
  *#iterate(
    value: TemplateValue,
    offset: number,
    names: number,
  ): Generator<[TemplateValue, TemplateValue]> {
    if (value === null || value === NO_VALUE) return;
    if (isList(value)) {
      for (const [i, item] of value.entries()) yield [i, item];
    } else if (value instanceof GoMap) {
      for (const key of value.sortedKeys()) yield [key, value.entries.get(key) ?? ''];
    } else if (typeof value === 'number') {
      if (names > 1)
        throw new TemplateProblem(offset, "can't use two variables ranging over an int");
      for (let i = 0; i < value; i++) yield [i, i];
    } else {
      throw new TemplateProblem(offset, `range can't iterate over ${formatGoValue(value, 'v')}`);
    }
  }

  #bind(name: string, value: TemplateValue, assign: boolean, offset: number): void {
    if (!assign) {
      this.#variables.push({ name, value });
      return;
    }
    this.#variable(name, offset).value = value;
  }

  #variable(name: string, offset: number): Variable {
    for (let i = this.#variables.length - 1; i >= 0; i--) {
      const variable = this.#variables[i];
      if (variable?.name === name) return variable;
    }
    throw new TemplateProblem(offset, `undefined variable: ${name}`);
  }

  #evalPipeline(pipeline: Pipeline, dot: TemplateValue): TemplateValue {
    let value: TemplateValue | undefined;
    for (const command of pipeline.commands) value = this.#evalCommand(command, dot, value);
    const result = value ?? null;
    const declaration = pipeline.declaration;
    for (const name of declaration?.names ?? [])
      this.#bind(name, result, declaration?.assign === true, pipeline.offset);
    return result;
  }

  #evalCommand(
    command: Command,
    dot: TemplateValue,
    piped: TemplateValue | undefined,
  ): TemplateValue {
    this.#step(command.offset);
    const [first, ...rest] = command.operands;
    if (first?.kind !== 'function') {
      // The parser lets a non-function stand only alone and first in its pipeline.
      if (first === undefined)
        throw new TemplateProblem(command.offset, 'missing value for command');
      return this.#evalOperand(first, dot);
    }
    const fn = TEMPLATE_FUNCTIONS.get(first.name);
    if (fn === undefined)
      throw new TemplateProblem(first.offset, `function "${first.name}" not defined`);
    let result: TemplateValue;
    try {
      if (fn.lazy) {
        const thunks = rest.map((operand) => () => this.#evalOperand(operand, dot));
        if (piped !== undefined) thunks.push(() => piped);
        result = fn.call(thunks);
      } else {
        const args = rest.map((operand) => this.#evalOperand(operand, dot));
        if (piped !== undefined) args.push(piped);
        result = fn.call(args);
      }
    } catch (error) {
      if (error instanceof TemplateProblem) throw error;
      throw new TemplateProblem(
        first.offset,
        `error calling ${first.name}: ${(error as Error).message}`,
      );
    }
    if (typeof result === 'string') {
      const bytes = this.#checkSize(result, first.offset, `the result of ${first.name}`);
      this.#step(first.offset, Math.floor(bytes / CHARACTERS_PER_STEP));
    }
    return result;
  }

  #evalOperand(operand: Operand, dot: TemplateValue): TemplateValue {
    switch (operand.kind) {
      case 'literal':
        return operand.value;
      case 'function':
        // A function named as an argument is called without arguments, as Go does.
        return this.#evalCommand({ offset: operand.offset, operands: [operand] }, dot, undefined);
      case 'chain': {
        const { start } = operand;
        let value: TemplateValue =
          start.kind === 'dot'
            ? dot
            : start.kind === 'variable'
              ? this.#variable(start.name, operand.offset).value
              : this.#evalPipeline(start.pipeline, dot);
        for (const name of operand.fields) {
          this.#step(operand.offset);
          value = fieldOf(value, name, operand.offset);
        }
        return value;
      }
    }
  }
}

/** `.name` of a value: a struct's field (an error when it has none) or a map's entry. */
function fieldOf(receiver: TemplateValue, name: string, offset: number): TemplateValue {
  if (receiver instanceof GoStruct) {
    const value = receiver.fields.get(name);
    if (value === undefined)
      throw new TemplateProblem(
        offset,
        `can't evaluate field ${name} in type ${receiver.typeName}`,
      );
    return value;
  }
  if (receiver instanceof GoMap) return receiver.entries.get(name) ?? NO_VALUE;
  if (receiver === NO_VALUE) return NO_VALUE;
  if (receiver === null) throw new TemplateProblem(offset, `nil pointer evaluating .${name}`);
  throw new TemplateProblem(offset, `can't evaluate field ${name} in type ${goTypeName(receiver)}`);
}
