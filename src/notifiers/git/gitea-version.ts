import type { JsonPoster } from '../../http/post-json.js';
import { parseJsonAnswer, stringField } from './json-answer.js';

/**
 * What the Gitea SDK does when Flux builds its client, each event: ask the server's version
 * (`GET /api/v1/version`), which fails on a host that is no Gitea.
 */
export async function checkGiteaServer(
  poster: JsonPoster,
  apiBase: string,
  headers: Readonly<Record<string, string>>,
  signal: AbortSignal,
): Promise<void> {
  const receipt = await poster.post(
    { method: 'GET', url: `${apiBase}/version`, body: Buffer.alloc(0), headers },
    signal,
  );
  if (stringField(parseJsonAnswer(receipt.body), 'version') === undefined) {
    throw new Error(`${apiBase}/version answered no Gitea version`);
  }
}
