import { aggregateFieldErrors, fieldErrorBody, type FieldError } from './field-errors.js';

export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

/** metav1.Status, members in the order the real server writes them. */
export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure' | 'Success';
  message?: string;
  reason?: string;
  details?: StatusDetails;
  code?: number;
}

/** Identifies a resource in messages: `widgets.example.com`, or `secrets` for the core group. */
export interface GroupResource {
  group: string;
  resource: string;
}

export interface GroupKind {
  group: string;
  kind: string;
}

export function qualifiedResource(gr: GroupResource): string {
  return gr.group ? `${gr.resource}.${gr.group}` : gr.resource;
}

/** Stable codes, one per Status reason, for tests to assert on instead of messages. */
export type ApiErrorCode =
  | 'APISERVER_NOT_FOUND'
  | 'APISERVER_ALREADY_EXISTS'
  | 'APISERVER_CONFLICT'
  | 'APISERVER_INVALID'
  | 'APISERVER_BAD_REQUEST'
  | 'APISERVER_METHOD_NOT_ALLOWED'
  | 'APISERVER_UNSUPPORTED_MEDIA_TYPE'
  | 'APISERVER_NOT_ACCEPTABLE'
  | 'APISERVER_EXPIRED'
  | 'APISERVER_FORBIDDEN'
  | 'APISERVER_INTERNAL'
  | 'APISERVER_TIMEOUT'
  | 'APISERVER_TOO_MANY_REQUESTS'
  | 'APISERVER_SERVICE_UNAVAILABLE'
  | 'APISERVER_UNAUTHORIZED'
  | 'APISERVER_REQUEST_ENTITY_TOO_LARGE';

const CODE_BY_REASON: Record<string, ApiErrorCode> = {
  NotFound: 'APISERVER_NOT_FOUND',
  AlreadyExists: 'APISERVER_ALREADY_EXISTS',
  Conflict: 'APISERVER_CONFLICT',
  Invalid: 'APISERVER_INVALID',
  BadRequest: 'APISERVER_BAD_REQUEST',
  MethodNotAllowed: 'APISERVER_METHOD_NOT_ALLOWED',
  UnsupportedMediaType: 'APISERVER_UNSUPPORTED_MEDIA_TYPE',
  NotAcceptable: 'APISERVER_NOT_ACCEPTABLE',
  Expired: 'APISERVER_EXPIRED',
  Forbidden: 'APISERVER_FORBIDDEN',
  InternalError: 'APISERVER_INTERNAL',
  Timeout: 'APISERVER_TIMEOUT',
  TooManyRequests: 'APISERVER_TOO_MANY_REQUESTS',
  ServiceUnavailable: 'APISERVER_SERVICE_UNAVAILABLE',
  Unauthorized: 'APISERVER_UNAUTHORIZED',
  RequestEntityTooLarge: 'APISERVER_REQUEST_ENTITY_TOO_LARGE',
};

/** An error the server answers with a Status body; `status.code` is the HTTP status. */
export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly status: Status;

  constructor(status: Status) {
    super(status.message);
    this.name = 'ApiError';
    this.status = status;
    this.code = CODE_BY_REASON[status.reason ?? ''] ?? 'APISERVER_INTERNAL';
  }

  get httpStatus(): number {
    return this.status.code ?? 500;
  }
}

export function failure(
  code: number,
  reason: string,
  message: string,
  details?: StatusDetails,
): Status {
  const status: Status = {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
  };
  if (details) status.details = details;
  status.code = code;
  return status;
}

function resourceDetails(gr: GroupResource, name: string): StatusDetails {
  // Go's omitempty: empty members are not written.
  const details: StatusDetails = {};
  if (name) details.name = name;
  if (gr.group) details.group = gr.group;
  details.kind = gr.resource;
  return details;
}

/** `widgets.example.com "x" not found` and its kin: a resource named in message and details. */
function resourceError(
  code: number,
  reason: string,
  gr: GroupResource,
  name: string,
  what: string,
): ApiError {
  const message = `${qualifiedResource(gr)} "${name}" ${what}`;
  return new ApiError(failure(code, reason, message, resourceDetails(gr, name)));
}

export const apiErrors = {
  notFound: (gr: GroupResource, name: string) =>
    resourceError(404, 'NotFound', gr, name, 'not found'),

  /** What the real server answers for a path no handler serves. */
  pathNotFound: () =>
    new ApiError(failure(404, 'NotFound', 'the server could not find the requested resource', {})),

  alreadyExists: (gr: GroupResource, name: string) =>
    resourceError(409, 'AlreadyExists', gr, name, 'already exists'),

  conflict: (gr: GroupResource, name: string, why: string) =>
    new ApiError(
      failure(
        409,
        'Conflict',
        `Operation cannot be fulfilled on ${qualifiedResource(gr)} "${name}": ${why}`,
        resourceDetails(gr, name),
      ),
    ),

  staleResourceVersion: (gr: GroupResource, name: string) =>
    apiErrors.conflict(
      gr,
      name,
      'the object has been modified; please apply your changes to the latest version and try again',
    ),

  invalid: (gk: GroupKind, name: string, errors: readonly FieldError[]) => {
    const qualifiedKind = gk.group ? `${gk.kind}.${gk.group}` : gk.kind;
    const details: StatusDetails = {};
    if (name) details.name = name;
    if (gk.group) details.group = gk.group;
    details.kind = gk.kind;
    details.causes = errors.map((e) => ({
      reason: e.reason,
      message: fieldErrorBody(e),
      field: e.field,
    }));
    return new ApiError(
      failure(
        422,
        'Invalid',
        `${qualifiedKind} "${name}" is invalid: ${aggregateFieldErrors(errors)}`,
        details,
      ),
    );
  },

  badRequest: (message: string) => new ApiError(failure(400, 'BadRequest', message)),

  methodNotSupported: (gr: GroupResource) =>
    new ApiError(
      failure(
        405,
        'MethodNotAllowed',
        'the server does not allow this method on the requested resource',
        {
          ...(gr.group ? { group: gr.group } : {}),
          kind: gr.resource,
        },
      ),
    ),

  unsupportedMediaType: (accepted: readonly string[]) =>
    new ApiError(
      failure(
        415,
        'UnsupportedMediaType',
        `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`,
      ),
    ),

  notAcceptable: (accepted: readonly string[]) =>
    new ApiError(
      failure(
        406,
        'NotAcceptable',
        `only the following media types are accepted: ${accepted.join(', ')}`,
      ),
    ),

  expired: (message: string) => new ApiError(failure(410, 'Expired', message)),

  forbidden: (gr: GroupResource, name: string, why: string, causes?: StatusCause[]) =>
    new ApiError(
      failure(403, 'Forbidden', `${qualifiedResource(gr)} "${name}" is forbidden: ${why}`, {
        ...resourceDetails(gr, name),
        ...(causes ? { causes } : {}),
      }),
    ),

  internal: (why: string) =>
    new ApiError(
      failure(500, 'InternalError', `Internal error occurred: ${why}`, {
        causes: [{ message: why }],
      }),
    ),

  /** errors.NewGenericServerResponse for a 422 from a failed JSON patch. */
  patchRejected: (why: string) =>
    new ApiError(
      failure(422, 'Invalid', 'the server rejected our request due to an error in our request', {
        causes: [{ reason: 'UnexpectedServerResponse', message: why }],
      }),
    ),
};

/** How the real server words a failure of each code, for faults injected with only a code. */
const DEFAULT_FAILURES: Record<
  number,
  { reason: string; message: string; details?: StatusDetails }
> = {
  400: { reason: 'BadRequest', message: 'the server rejected our request for an unknown reason' },
  401: { reason: 'Unauthorized', message: 'Unauthorized' },
  403: { reason: 'Forbidden', message: 'forbidden: injected fault' },
  404: {
    reason: 'NotFound',
    message: 'the server could not find the requested resource',
    details: {},
  },
  409: { reason: 'Conflict', message: 'Operation cannot be fulfilled: injected fault' },
  410: { reason: 'Expired', message: 'too old resource version' },
  429: {
    reason: 'TooManyRequests',
    message: 'Too many requests, please try again later.',
    details: { retryAfterSeconds: 1 },
  },
  503: {
    reason: 'ServiceUnavailable',
    message: 'The server is currently unable to handle the request',
  },
  504: {
    reason: 'Timeout',
    message:
      'The server was unable to return a response in the time allotted, but may still be processing the request',
  },
};

/** A Status for an injected fault with only an HTTP code given, worded as the real server words it. */
export function statusForCode(code: number, message?: string): Status {
  const known = DEFAULT_FAILURES[code];
  if (known) return failure(code, known.reason, message ?? known.message, known.details);
  const why = message ?? 'injected fault';
  return failure(code, 'InternalError', `Internal error occurred: ${why}`, {
    causes: [{ message: why }],
  });
}

/** The body of a successful immediate DELETE: details.kind holds the resource, as the real server does. */
export function deletedStatus(gr: GroupResource, name: string, uid: string | undefined): Status {
  const details: StatusDetails = { name };
  if (gr.group) details.group = gr.group;
  details.kind = gr.resource;
  if (uid) details.uid = uid;
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details };
}
