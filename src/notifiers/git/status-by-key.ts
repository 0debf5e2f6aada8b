import { isDeliveryError } from '../../http/delivery-error.js';
import type { JsonPoster } from '../../http/post-json.js';
import { parseJsonAnswer } from './json-answer.js';

/**
 * The status a Bitbucket host keeps under a key (GET), or undefined when it has none: its 404
 * is an answer here, not a failure.
 */
export async function statusByKey(
  poster: JsonPoster,
  url: string,
  headers: Readonly<Record<string, string>>,
  signal: AbortSignal,
): Promise<unknown> {
  try {
    const receipt = await poster.post(
      { method: 'GET', url, body: Buffer.alloc(0), headers },
      signal,
    );
    return parseJsonAnswer(receipt.body);
  } catch (error) {
    if (isDeliveryError(error) && error.status === 404) return undefined;
    throw error;
  }
}
