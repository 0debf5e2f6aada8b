import { isJsonObject, type JsonValue } from './json.js';

/**
 * Formats a decoded JSON value the way field.Error prints a bad value: `%v` for numbers and
 * booleans, `%q` for strings, `%#v` (Go syntax) for maps and slices.
 */
export function formatGoValue(value: JsonValue): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return goSyntax(value);
}

function goSyntax(value: JsonValue): string {
  if (value === null) return 'interface {}(nil)';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[]interface {}{${value.map(goSyntax).join(', ')}}`;
  if (isJsonObject(value)) {
    const entries = Object.keys(value)
      .sort()
      .flatMap((key) => {
        const member = value[key];
        return member === undefined ? [] : [`${JSON.stringify(key)}:${goSyntax(member)}`];
      });
    return `map[string]interface {}{${entries.join(', ')}}`;
  }
  return String(value);
}
