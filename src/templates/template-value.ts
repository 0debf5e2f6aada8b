/**
 * The values a message template works on, shaped as Go's `text/template` sees Go values: a
 * struct has a fixed set of fields (a missing one is an error), a map answers any key (a
 * missing one is "no value"). Fields and keys live in `Map`s and are never looked up as
 * JavaScript properties, so `.constructor` or `.__proto__` reach nothing.
 */
import { compareGoStrings } from '../notifiers/go-json-string.js';

/** A Go struct: its type name (for errors) and its fields in declaration order. */
export class GoStruct {
  readonly typeName: string;
  readonly fields: ReadonlyMap<string, TemplateValue>;

  constructor(typeName: string, fields: Iterable<readonly [string, TemplateValue]>) {
    this.typeName = typeName;
    this.fields = new Map(fields);
  }
}

/** A Go `map[string]string`. */
export class GoMap {
  readonly entries: ReadonlyMap<string, string>;

  constructor(entries: Iterable<readonly [string, string]>) {
    this.entries = new Map(entries);
  }

  /** Keys in Go's order (byte-wise), as `range` and printing visit them. */
  sortedKeys(): string[] {
    return [...this.entries.keys()].sort(compareGoStrings);
  }
}

/** A Go float64 (a literal like `1.5` or `1e6`); plain JavaScript numbers are Go ints. */
export class GoFloat {
  readonly value: number;

  constructor(value: number) {
    this.value = value;
  }
}

/** Go's invalid `reflect.Value`: what a missing map key gives; printed `<no value>`. */
export const NO_VALUE: unique symbol = Symbol('no value');

export type TemplateValue =
  | string
  | number
  | boolean
  | null
  | GoFloat
  | GoStruct
  | GoMap
  | readonly TemplateValue[]
  | typeof NO_VALUE;

/** Whether a value is a list (`Array.isArray` loses the item type of a readonly array). */
export function isList(value: TemplateValue): value is readonly TemplateValue[] {
  return Array.isArray(value);
}

/** Go's `isTrue`: the zero value of a type, an empty collection, nil and no value are false. */
export function isTruthy(value: TemplateValue): boolean {
  if (value === null || value === NO_VALUE) return false;
  if (typeof value === 'string') return value !== '';
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'boolean') return value;
  if (value instanceof GoFloat) return value.value !== 0;
  if (value instanceof GoMap) return value.entries.size > 0;
  if (value instanceof GoStruct) return true;
  return value.length > 0;
}

/** The Go type a value has, as Go's errors name it. */
export function goTypeName(value: TemplateValue): string {
  if (value === null) return 'nil';
  if (value === NO_VALUE) return '<no value>';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number') return 'int';
  if (typeof value === 'boolean') return 'bool';
  if (value instanceof GoFloat) return 'float64';
  if (value instanceof GoMap) return 'map[string]string';
  if (value instanceof GoStruct) return value.typeName;
  return '[]interface {}';
}
