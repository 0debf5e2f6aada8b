import { PatchStrategy, setHeaderOptions, type CoreV1Api } from '@kubernetes/client-node';
import { LRUCache } from 'lru-cache';
import { randomBytes } from 'node:crypto';
import type { Logger } from '../logging/logger.js';
import { objectFields } from '../logging/object-fields.js';
import { rfc3339Seconds } from './status/desired-status.js';
import { errorMessage } from '../errors/error-message.js';

/** Flux's controllers record Events under their own name; Herald records as the one it replaces. */
const REPORTING_COMPONENT = 'notification-controller';
/** Repeats of one Event within this window bump its count instead of creating another. */
const AGGREGATION_WINDOW_MS = 10 * 60_000;
const MAX_AGGREGATED_EVENTS = 4_096;
/** Event messages are capped by the API server at 1 KiB for new-style Events; keep within it. */
const MAX_EVENT_MESSAGE_LENGTH = 1_024;
const MERGE_PATCH = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

export interface EventTarget {
  apiVersion: string;
  kind: string;
  namespace: string;
  name: string;
  uid?: string;
}

export type EventRecorder = (
  target: EventTarget,
  type: 'Normal' | 'Warning',
  reason: string,
  message: string,
) => void;

interface Recorded {
  name: string;
  count: number;
}

/**
 * Records Kubernetes Events on Herald's objects (so `kubectl describe alert` shows delivery
 * failures), aggregating repeats as client-go's recorder does. Fire and forget: a failure to
 * record is logged, never thrown. Messages must already be free of secrets.
 */
export function kubeEventRecorder(options: {
  api: CoreV1Api;
  logger: Logger;
  instance: string;
  now?: () => Date;
}): EventRecorder {
  const { api, logger, instance } = options;
  const now = options.now ?? (() => new Date());
  const recent = new LRUCache<string, Recorded>({
    max: MAX_AGGREGATED_EVENTS,
    ttl: AGGREGATION_WINDOW_MS,
  });
  const record = async (
    target: EventTarget,
    type: 'Normal' | 'Warning',
    reason: string,
    message: string,
  ) => {
    const text =
      message.length > MAX_EVENT_MESSAGE_LENGTH
        ? `${message.slice(0, MAX_EVENT_MESSAGE_LENGTH - 1)}…`
        : message;
    const key = [target.kind, target.namespace, target.name, type, reason, text].join('\u0000');
    const time = rfc3339Seconds(now());
    const previous = recent.get(key);
    if (previous !== undefined) {
      previous.count++;
      await api.patchNamespacedEvent(
        {
          namespace: target.namespace,
          name: previous.name,
          body: { count: previous.count, lastTimestamp: time },
        },
        MERGE_PATCH,
      );
      return;
    }
    const name = `${target.name}.${randomBytes(8).toString('hex')}`;
    await api.createNamespacedEvent({
      namespace: target.namespace,
      body: {
        metadata: { name, namespace: target.namespace },
        involvedObject: {
          apiVersion: target.apiVersion,
          kind: target.kind,
          namespace: target.namespace,
          name: target.name,
          ...(target.uid !== undefined && { uid: target.uid }),
        },
        type,
        reason,
        message: text,
        count: 1,
        firstTimestamp: new Date(time),
        lastTimestamp: new Date(time),
        source: { component: REPORTING_COMPONENT },
        reportingComponent: REPORTING_COMPONENT,
        reportingInstance: instance,
      },
    });
    recent.set(key, { name, count: 1 });
  };
  return (target, type, reason, message) => {
    record(target, type, reason, message).catch((error: unknown) => {
      logger.error(
        {
          ...objectFields(target.kind, target.namespace, target.name),
          reason,
          error: errorMessage(error),
        },
        'Failed to record Kubernetes Event',
      );
    });
  };
}
