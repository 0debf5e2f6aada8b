import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { proxyRefusalBody } from './echo-reply.js';

export interface ProxiedRequest {
  /** `CONNECT` for a tunnel, else the forwarded method. */
  readonly method: string;
  /** `host:port` for CONNECT, the absolute URL otherwise. */
  readonly target: string;
  readonly proxyAuthorization?: string;
}

export interface ForwardProxy {
  readonly url: string;
  readonly seen: readonly ProxiedRequest[];
  /** The bodies of the refusals sent, with `refuseWith`. */
  readonly refusals: readonly string[];
  close(): Promise<void>;
}

export interface ForwardProxyOptions {
  /**
   * Where a CONNECT, or an absolute-form http request, for `host:port` really goes (default:
   * there). Lets a test reach a fixed public address, such as Slack's Web API, on a local
   * capture server.
   */
  readonly tunnelTo?: (target: string) => string;
  /**
   * Refuse every request and CONNECT with this status, echoing the request line and headers
   * (`Proxy-Authorization` included) in the body, as some proxies' error pages do.
   */
  readonly refuseWith?: number;
}

/** A tiny forward proxy on 127.0.0.1: absolute-form http requests and CONNECT tunnels. */
export async function startForwardProxy(options: ForwardProxyOptions = {}): Promise<ForwardProxy> {
  const seen: ProxiedRequest[] = [];
  const refusals: string[] = [];
  const tunnels = new Set<net.Socket>();
  const record = (req: http.IncomingMessage): void => {
    const auth = req.headers['proxy-authorization'];
    seen.push({
      method: req.method ?? '',
      target: req.url ?? '',
      ...(auth === undefined ? {} : { proxyAuthorization: auth }),
    });
  };

  const forwardedUrl = (target: string): string => {
    if (options.tunnelTo === undefined || !URL.canParse(target)) return target;
    const url = new URL(target);
    url.host = options.tunnelTo(`${url.hostname}:${url.port === '' ? '80' : url.port}`);
    return url.href;
  };

  const server = http.createServer((req, res) => {
    record(req);
    if (options.refuseWith !== undefined) {
      const status = options.refuseWith;
      const request = { method: req.method ?? '', path: req.url ?? '', headers: req.headers };
      const body = proxyRefusalBody(request, status);
      refusals.push(body);
      res.writeHead(status, { 'Content-Type': 'text/html' });
      res.end(body);
      return;
    }
    const headers = { ...req.headers };
    delete headers['proxy-authorization'];
    const upstream = http.request(
      forwardedUrl(req.url ?? ''),
      { method: req.method, headers },
      (upstreamRes) => {
        res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
        upstreamRes.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    record(req);
    if (options.refuseWith !== undefined) {
      const status = options.refuseWith;
      const body = proxyRefusalBody(
        { method: 'CONNECT', path: req.url ?? '', headers: req.headers },
        status,
      );
      refusals.push(body);
      client.end(
        `HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? ''}\r\nContent-Type: text/html\r\n` +
          `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
      return;
    }
    const target = options.tunnelTo?.(req.url ?? '') ?? req.url ?? '';
    const [host = '', port = ''] = target.split(/:(?=\d+$)/);
    const upstream = net.connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const socket of [client, upstream]) {
      tunnels.add(socket);
      socket.on('close', () => tunnels.delete(socket));
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    refusals,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        server.closeAllConnections();
        for (const socket of tunnels) socket.destroy();
      }),
  };
}
