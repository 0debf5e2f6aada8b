import {
  Observable,
  type ConfigurationOptions,
  type ObservableMiddleware,
  type RequestContext,
  type ResponseContext,
} from '@kubernetes/client-node';

/**
 * A client-node middleware that aborts a request still unanswered after `ms`. Typed API calls
 * have no timeout of their own: without one, a request to an unreachable API server can hang
 * for as long as the kernel keeps the connection.
 */
export function requestTimeoutMiddleware(ms: number): ObservableMiddleware {
  return {
    pre: (context: RequestContext) => {
      // AbortSignal.timeout takes whole milliseconds only.
      const own = AbortSignal.timeout(Math.max(1, Math.ceil(ms)));
      const given = context.getSignal();
      context.setSignal(given === undefined ? own : AbortSignal.any([given, own]));
      return new Observable(Promise.resolve(context));
    },
    post: (response: ResponseContext) => new Observable(Promise.resolve(response)),
  };
}

/** Per-call options for a typed API call that must end sooner than the client's default timeout. */
export function withRequestTimeout(ms: number): ConfigurationOptions {
  return { middleware: [requestTimeoutMiddleware(ms)], middlewareMergeStrategy: 'append' };
}
