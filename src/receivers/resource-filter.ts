import { compileCel, type CelProgram } from '../cel/cel.js';

/** Whether one target of a verified webhook should be reconciled. */
export type ResourceFilter = (resource: Readonly<Record<string, unknown>>) => boolean;

/** Accepts every target: a Receiver without `resourceFilter`. */
export const ACCEPT_ALL: ResourceFilter = () => true;

/**
 * Compiles a Receiver's `resourceFilter`: CEL over `res` (the target's apiVersion, kind and
 * metadata) and `req` (the request's JSON body), giving a bool. Throws a CelError, which the
 * reconciler reports as InvalidCELExpression.
 */
export function compileResourceFilter(expression: string): CelProgram {
  return compileCel(expression, ['res', 'req'], { result: 'bool' });
}

/**
 * The filter for one request, as Flux builds it: `req` is the body parsed as JSON when the
 * request says it is JSON, else an empty map. Throws when a JSON body does not parse.
 */
export function resourceFilterFor(
  program: CelProgram,
  body: Buffer,
  contentType: string | undefined,
): ResourceFilter {
  const req = isJson(contentType) ? parseObject(body) : {};
  return (res) => program.evaluate({ res, req }) === true;
}

/** Any of the comma-separated media types is application/json, as Flux checks. */
function isJson(contentType: string | undefined): boolean {
  return (contentType ?? '')
    .split(',')
    .some((type) => type.split(';')[0]?.trim().toLowerCase() === 'application/json');
}

function parseObject(body: Buffer): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new Error(`failed to parse request body as JSON: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
    ? (parsed as Record<string, unknown>)
    : {};
}
