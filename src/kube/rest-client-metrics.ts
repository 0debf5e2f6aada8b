import {
  IsomorphicFetchHttpLibrary,
  wrapHttpLibrary,
  type HttpLibrary,
} from '@kubernetes/client-node';
import { Counter, type Registry } from 'prom-client';

/** client-go's label for a request that got no HTTP answer. */
const NO_ANSWER = '<error>';

/**
 * client-go's `rest_client_requests_total{code,host,method}`: every request Herald makes to the
 * API server, by its answer, so Flux's dashboards show Herald's load on the API server too.
 */
export class RestClientMetrics {
  readonly #requests: Counter<'code' | 'host' | 'method'>;

  constructor(registry: Registry) {
    this.#requests = new Counter({
      name: 'rest_client_requests_total',
      help: 'Number of HTTP requests, partitioned by status code, method, and host.',
      labelNames: ['code', 'host', 'method'],
      registers: [registry],
    });
  }

  /** One request to `url` answered with `status` (undefined: no answer). */
  observe(method: string, url: string, status: number | undefined): void {
    this.#requests.inc({
      code: status === undefined ? NO_ANSWER : String(status),
      host: hostOf(url),
      method: method.toUpperCase(),
    });
  }

  /** client-node's HTTP library, counting each request it sends. */
  httpLibrary(inner: HttpLibrary = new IsomorphicFetchHttpLibrary()): HttpLibrary {
    return wrapHttpLibrary({
      send: async (request) => {
        const method = request.getHttpMethod().toString();
        const url = request.getUrl();
        try {
          const response = await inner.send(request).toPromise();
          this.observe(method, url, response.httpStatusCode);
          return response;
        } catch (error) {
          this.observe(method, url, undefined);
          throw error;
        }
      },
    });
  }
}

function hostOf(url: string): string {
  return URL.canParse(url) ? new URL(url).host : '';
}
