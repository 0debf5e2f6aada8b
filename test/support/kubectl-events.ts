import assert from 'node:assert/strict';
import { checkpointKey } from '../../src/sources/checkpoint-data.js';
import { ALL_NAMESPACES } from '../../src/sources/checkpoint.js';
import { CHECKPOINT_CONFIGMAP_NAME } from '../../src/sources/checkpoint-store.js';
import type { Kubectl } from '../apiserver/test-support.js';
import type { CaptureServer } from './capture-server.js';
import {
  assertExactlyOnce,
  eventManifest,
  occurrencePatch,
  postedOccurrences,
} from './kube-event-harness.js';
import { waitFor } from './wait-for.js';

/** Creates a core/v1 Event (as kubelet records one) with kubectl. */
export async function createEventWithKubectl(
  kubectl: Kubectl,
  name: string,
  namespace: string,
): Promise<void> {
  await kubectl.ok(['create', '-f', '-'], JSON.stringify(eventManifest(name, { namespace })));
}

/** One more occurrence of an Event (count and lastTimestamp), with kubectl. */
export async function bumpEventWithKubectl(
  kubectl: Kubectl,
  name: string,
  namespace: string,
  count: number,
): Promise<void> {
  const patch = JSON.stringify(occurrencePatch(count));
  await kubectl.ok(['patch', 'event', name, '-n', namespace, '--type=merge', '-p', patch]);
}

/** The resourceVersion in Herald's checkpoint of every namespace's Events, if one is stored. */
export async function checkpointedResourceVersion(kubectl: Kubectl): Promise<string | undefined> {
  const got = await kubectl.run([
    'get',
    'configmap',
    CHECKPOINT_CONFIGMAP_NAME,
    '-n',
    'flux-system',
    '-o',
    'json',
  ]);
  if (got.code !== 0) return undefined;
  const data = (JSON.parse(got.stdout) as { data?: Record<string, string> }).data ?? {};
  const entry = data[checkpointKey(ALL_NAMESPACES)];
  return entry === undefined
    ? undefined
    : (JSON.parse(entry) as { resourceVersion: string }).resourceVersion;
}

/**
 * Native Event occurrences made with kubectl (`<name>#<count>`), and the check that a receiver
 * behind a generic Provider got each of them once.
 */
export class KubectlOccurrences {
  /** Every occurrence made so far. */
  readonly made: string[] = [];

  constructor(
    private readonly kubectl: Kubectl,
    private readonly receiver: Pick<CaptureServer, 'requests'>,
    private readonly timeoutMs: number,
  ) {}

  /** Creates the Event (count 1) or records its `count`th occurrence. */
  async occur(name: string, namespace: string, count = 1): Promise<void> {
    if (count === 1) await createEventWithKubectl(this.kubectl, name, namespace);
    else await bumpEventWithKubectl(this.kubectl, name, namespace, count);
    this.made.push(`${name}#${count}`);
  }

  async waitForPosted(occurrences: readonly string[]): Promise<void> {
    await waitFor(
      () => occurrences.every((o) => postedOccurrences(this.receiver).includes(o)),
      `${occurrences.join(', ')} to be posted`,
      this.timeoutMs,
    );
  }

  /** Each occurrence made was posted once, and nothing else. */
  assertEachPostedOnce(): void {
    assert.ok(this.made.length > 0, 'no occurrence made');
    assertExactlyOnce(postedOccurrences(this.receiver), this.made);
  }
}
