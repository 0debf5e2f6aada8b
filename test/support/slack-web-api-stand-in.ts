import type { ProviderThreading } from '../../src/api/provider.js';
import type { ProviderTarget } from '../../src/notifiers/notifier.js';
import { SLACK_CHAT_POST_MESSAGE_URL } from '../../src/notifiers/slack.js';
import { provider } from './api-objects.js';
import { startCaptureServer, type CaptureServer, type Reply } from './capture-server.js';
import { startForwardProxy, type ForwardProxy } from './forward-proxy.js';
import { TEST_TLS } from './tls-fixtures.js';

/** A message the stand-in holds, as Slack keeps it: where, when, and what it shows now. */
export interface SlackMessage {
  readonly channel: string;
  readonly ts: string;
  /** The parent's ts, for a reply. */
  readonly threadTs: string | undefined;
  /** What the message shows: the posted body, then each `chat.update`'s in its place. */
  readonly body: Record<string, unknown>;
  readonly deleted: boolean;
}

export interface SlackWebApi {
  /** The bot token it takes. */
  readonly token: string;
  /** Slack's real host is reached through this proxy, which tunnels it to the stand-in. */
  readonly proxy: ForwardProxy;
  /** Every request as it arrived; `reply` queues answers ahead of the stand-in's own. */
  readonly server: CaptureServer;
  /** Trust this CA: the stand-in's certificate names slack.com. */
  readonly ca: string;
  /** Top-level messages and replies, in the order they were posted. */
  readonly messages: () => readonly SlackMessage[];
  /** Deletes a message, as someone in the channel may. */
  deleteMessage(ts: string): void;
  /** Answers the next calls of `method` with these (a 429, a refusal), then as Slack would. */
  answerNext(method: SlackMethod, ...replies: Reply[]): void;
  close(): Promise<void>;
}

export type SlackMethod = 'chat.postMessage' | 'chat.update';

const json = (body: Record<string, unknown>, status = 200): Reply => ({
  status,
  headers: { 'Content-Type': 'application/json; charset=utf-8' },
  body: JSON.stringify(body),
});
const refuse = (error: string): Reply => json({ ok: false, error });

/**
 * Slack's Web API methods `chat.postMessage` and `chat.update`
 * (https://api.slack.com/methods/chat.postMessage, https://api.slack.com/methods/chat.update)
 * as they answer a bot: HTTP 200 with `ok: false` and an error code for every refusal
 * (`not_authed`, `invalid_auth`, `invalid_json`, `channel_not_found`, `thread_not_found` for a
 * `thread_ts` that is no message of the channel, `message_not_found` for an update of a missing
 * or deleted message), else `ok: true` with the channel id and the message's `ts`. Channels are
 * posted to by name or id; `chat.update` takes only ids, as Slack's does.
 */
export async function startSlackWebApi(options: {
  token: string;
  /** Channel names (`#ops`) to ids (`C0OPS`). */
  channels: Record<string, string>;
}): Promise<SlackWebApi> {
  const ids = new Set(Object.values(options.channels));
  const messages: SlackMessage[] = [];
  let sequence = 0;
  const scripted: Record<SlackMethod, Reply[]> = { 'chat.postMessage': [], 'chat.update': [] };
  const channelId = (channel: unknown): string | undefined => {
    if (typeof channel !== 'string') return undefined;
    return ids.has(channel) ? channel : options.channels[channel];
  };
  const find = (channel: string, ts: unknown) =>
    messages.findIndex((m) => m.channel === channel && m.ts === ts && !m.deleted);

  const server = await startCaptureServer({
    tls: { cert: TEST_TLS.serverCert, key: TEST_TLS.serverKey },
    defaultReply: (request) => {
      const method = /^\/api\/([a-zA-Z.]+)$/.exec(request.path)?.[1];
      if (method !== 'chat.postMessage' && method !== 'chat.update') {
        return json({ ok: false, error: 'unknown_method' }, 404);
      }
      const next = scripted[method].shift();
      if (next !== undefined) return next;
      const auth = request.headers.authorization;
      if (auth === undefined) return refuse('not_authed');
      if (auth !== `Bearer ${options.token}`) return refuse('invalid_auth');
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(request.body.toString('utf8')) as Record<string, unknown>;
      } catch {
        return refuse('invalid_json');
      }
      if (method === 'chat.update') {
        // chat.update resolves no names: only an id finds the channel.
        const channel =
          typeof body.channel === 'string' && ids.has(body.channel) ? body.channel : '';
        if (channel === '') return refuse('channel_not_found');
        const at = find(channel, body.ts);
        const held = messages[at];
        if (held === undefined) return refuse('message_not_found');
        messages[at] = { ...held, body };
        return json({ ok: true, channel, ts: held.ts, text: body.text ?? '' });
      }
      const channel = channelId(body.channel);
      if (channel === undefined) return refuse('channel_not_found');
      const threadTs = typeof body.thread_ts === 'string' ? body.thread_ts : undefined;
      if (threadTs !== undefined && find(channel, threadTs) === -1)
        return refuse('thread_not_found');
      sequence++;
      const ts = `${String(1714564800 + sequence)}.${String(sequence).padStart(6, '0')}`;
      messages.push({ channel, ts, threadTs, body, deleted: false });
      return json({ ok: true, channel, ts, message: { type: 'message', ts, text: '' } });
    },
  });
  const proxy = await startForwardProxy({ tunnelTo: () => new URL(server.url).host });
  return {
    token: options.token,
    proxy,
    server,
    ca: TEST_TLS.ca,
    messages: () => messages,
    deleteMessage(ts) {
      const at = messages.findIndex((m) => m.ts === ts);
      const held = messages[at];
      if (held !== undefined) messages[at] = { ...held, deleted: true };
    },
    answerNext(method, ...replies) {
      scripted[method].push(...replies);
    },
    close: async () => {
      await proxy.close();
      await server.close();
    },
  };
}

/**
 * A `chat.postMessage` Provider of `flux-system` posting to `#ops` with `threading`, reaching
 * the stand-in through its proxy and trusting its certificate.
 */
export function threadedSlackTarget(
  slack: SlackWebApi,
  threading: ProviderThreading = { enabled: true },
  overrides: Partial<ProviderTarget> = {},
): ProviderTarget {
  return {
    type: 'slack',
    name: 'slack',
    namespace: 'flux-system',
    address: SLACK_CHAT_POST_MESSAGE_URL,
    timeoutMs: 15_000,
    token: slack.token,
    channel: '#ops',
    proxy: slack.proxy.url,
    tls: { ca: slack.ca },
    resource: provider('slack', { type: 'slack', channel: '#ops', threading }, 'flux-system'),
    ...overrides,
  };
}

/**
 * The manifests of a threaded Slack Provider `slack` in `apps` reaching the stand-in (its token
 * and CA in the Secret `slack-bot`), and an Alert `slack` sending it every Kustomization's
 * events: what local mode reads from a folder and what a cluster is given with kubectl.
 */
export function threadedSlackManifests(slack: SlackWebApi): string {
  return `
apiVersion: v1
kind: Secret
metadata: {name: slack-bot, namespace: apps}
stringData: {token: ${slack.token}, ca.crt: ${JSON.stringify(slack.ca)}}
---
apiVersion: notification.toolkit.fluxcd.io/v1beta3
kind: Provider
metadata: {name: slack, namespace: apps}
spec:
  type: slack
  address: ${SLACK_CHAT_POST_MESSAGE_URL}
  channel: '#ops'
  proxy: ${slack.proxy.url}
  secretRef: {name: slack-bot}
  certSecretRef: {name: slack-bot}
  threading: {enabled: true, expiry: 12h}
---
apiVersion: notification.toolkit.fluxcd.io/v1beta3
kind: Alert
metadata: {name: slack, namespace: apps}
spec: {providerRef: {name: slack}, eventSources: [{kind: Kustomization, name: '*'}]}
`;
}
