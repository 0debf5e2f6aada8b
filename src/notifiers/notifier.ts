import type { Alert } from '../api/alert.js';
import type { FluxEvent } from '../api/event.js';
import type { Provider } from '../api/provider.js';
import type { ProviderType } from '../api/provider.js';
import type { TlsMaterial } from '../http/outbound-transport.js';
import type { RefusedResponseNotice, RetryNotice } from '../http/post-json.js';
import type { Clock } from '../clock/clock.js';
import type { ThreadStore } from '../threads/thread-store.js';

/**
 * A Provider already resolved with its Secrets: everything a notifier needs, nothing it has to
 * look up. `name`/`namespace` only name the provider in errors and logs.
 */
export interface ProviderTarget {
  readonly type: ProviderType;
  readonly name: string;
  readonly namespace: string;
  readonly address: string;
  readonly channel?: string;
  readonly username?: string;
  readonly password?: string;
  readonly token?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly proxy?: string;
  /**
   * Flux's `spec.timeout` (default 15 s): bounds the whole delivery, retries included, as Flux;
   * for Loki, each push on its own.
   */
  readonly timeoutMs: number;
  readonly tls?: TlsMaterial;
  /**
   * The Provider object itself, for what git types derive from it: the default commit status
   * id (its UID) and `spec.commitStatusExpr`, which sees it as `provider`.
   */
  readonly resource?: Provider;
  /** Keys of the credentials Secret a type reads beyond the common ones (GitHub App keys). */
  readonly secretData?: Readonly<Record<string, string>>;
}

/**
 * The Alert an event is delivered for, as Flux hands it to notifiers that name it
 * (OpenTelemetry's service and trace).
 */
export interface AlertOrigin {
  readonly name: string;
  readonly namespace: string;
  /** Undefined where the Alert has none (a local manifest). */
  readonly uid: string | undefined;
}

/** What the dispatcher knows of one delivery beyond the event. */
export interface DeliveryContext {
  readonly alert?: AlertOrigin;
  /** The Alert object itself, which `spec.commitStatusExpr` sees as `alert`. */
  readonly alertObject?: Alert;
  /**
   * Names this notification, the same for every attempt and after a restart (the spool keeps
   * it): receivers that can deduplicate use it (generic's `X-Herald-Delivery`).
   */
  readonly deliveryId?: string;
  /**
   * The Alert's group key when the Alert groups events; notifiers that thread (Slack's
   * `spec.threading`) keep one thread per key. Absent: the involved object's
   * `Kind/namespace/name`.
   */
  readonly threadKey?: string;
}

/**
 * Delivers events to one provider. `post` takes an event that already matched an Alert, with
 * its metadata already merged (plain key → value, as Flux hands it to notifiers), and settles
 * once the receiver accepted it or the delivery finally failed (a `DeliveryError`); a notifier
 * that chooses not to send an event rejects with a `NotificationSkipped` saying why.
 */
export interface Notifier {
  post(event: FluxEvent, signal?: AbortSignal, context?: DeliveryContext): Promise<void>;
  /**
   * Refuses new events and waits for the deliveries in flight (a batching notifier first sends
   * what it holds); `signal` aborts them instead of waiting.
   */
  close(signal?: AbortSignal): Promise<void>;
}

/**
 * A notifier that groups events into batches (Loki). Its `post` settles when the batch holding
 * the event is delivered, up to a second later: callers must not wait for one post before
 * making the next, or every batch holds a single event.
 */
export interface BatchingNotifier extends Notifier {
  readonly batching: true;
  /** Sends the open batch now; resolves when every batch started so far has settled. */
  flush(): Promise<void>;
}

export function isBatchingNotifier(notifier: Notifier): notifier is BatchingNotifier {
  return 'batching' in notifier && notifier.batching === true;
}

/** Time and I/O hooks shared by every notifier, injected by `main` (and by tests). */
export interface NotifierDeps {
  readonly clock: Clock;
  /** Told before each retry wait; `provider` is `namespace/name`. */
  readonly onRetry?: (provider: string, notice: RetryNotice) => void;
  /** Told of each response that did not deliver, for a debug line (a masked body excerpt). */
  readonly onRefusedResponse?: (provider: string, notice: RefusedResponseNotice) => void;
  /**
   * Told when the receiver says the destination takes nothing more for `waitMs` though it took
   * this message (Discord's `X-RateLimit-Remaining: 0`): pacing holds the destination.
   */
  readonly onBudgetSpent?: (waitMs: number) => void;
  /**
   * Takes what to release once the notifier has closed (its HTTP client's pooled connections);
   * `createNotifier` provides it.
   */
  readonly releaseOnClose?: (release: () => void) => void;
  /** `--allow-link-local-providers`: deliver to link-local and cloud metadata addresses too. */
  readonly allowLinkLocal?: boolean;
  /**
   * Where threading notifiers keep their threads (a file, a ConfigMap); a notifier given none
   * keeps them in memory for its own life.
   */
  readonly threads?: ThreadStore;
}
