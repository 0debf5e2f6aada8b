import type { ServerResponse } from 'node:http';
import type { JsonObject } from './json.js';
import type { KubeObject } from './kube-object.js';
import { matchesQuery, parseResourceVersion, tooLargeResourceVersion } from './list.js';
import type { OutputFormat } from './negotiation.js';
import { servedObject } from './write-context.js';
import {
  apiVersionOf,
  storageKeyOf,
  type ResourceType,
  type ResourceVersion,
} from './resource-type.js';
import type { FieldSelector, LabelSelector } from './selectors.js';
import { apiErrors } from './status-errors.js';
import { isWatchCached, type ObjectStore, type StoreEvent } from './store.js';
import { buildTable, partialObjectMetadata, type IncludeObject } from './table.js';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

export interface WatchSpec {
  type: ResourceType;
  version: ResourceVersion;
  namespace: string | undefined;
  labelSelector: LabelSelector;
  fieldSelector: FieldSelector;
  output: OutputFormat;
  includeObject: IncludeObject;
  allowBookmarks: boolean;
  resourceVersion: string | undefined;
  sendInitialEvents: boolean | undefined;
  timeoutSeconds: number | undefined;
}

export interface CutOptions {
  /** `end` closes the response as a server-side timeout does; `reset` drops the TCP connection. */
  mode?: 'end' | 'reset';
  /** Only watches of this resource (e.g. `events`, `widgets.example.com`). */
  resource?: string;
}

/** A watch that falls this far behind is closed, as the real server drops unresponsive watchers. */
const MAX_WATCH_BUFFER_BYTES = 64 * 1024 * 1024;

const INITIAL_EVENTS_END_ANNOTATION = 'k8s.io/initial-events-end';

class Watcher {
  private headersSent = false;
  private closed = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    readonly spec: WatchSpec,
    private readonly res: ServerResponse,
    private readonly now: () => Date,
    private readonly onClose: (w: Watcher) => void,
  ) {
    res.on('close', () => {
      this.finish();
    });
    if (spec.timeoutSeconds !== undefined && spec.timeoutSeconds > 0) {
      this.timer = setTimeout(() => {
        this.end();
      }, spec.timeoutSeconds * 1000);
    }
  }

  get storageKey(): string {
    return storageKeyOf(this.spec.type);
  }

  get resourceName(): string {
    const { group, resource } = this.spec.type;
    return group ? `${resource}.${group}` : resource;
  }

  matches(object: KubeObject): boolean {
    const { type, namespace, labelSelector, fieldSelector } = this.spec;
    return matchesQuery(type, object, namespace, labelSelector, fieldSelector);
  }

  /** An object event, rendered as this watch asked (object, Table row or partial metadata). */
  sendObject(eventType: 'ADDED' | 'MODIFIED' | 'DELETED', object: KubeObject): void {
    const { type, version, output, includeObject } = this.spec;
    const served = servedObject(object, type, version);
    let rendered: JsonObject = served;
    if (output.kind === 'table') {
      rendered = buildTable(
        version.table,
        [served],
        { resourceVersion: served.metadata.resourceVersion ?? '' },
        {
          includeObject,
          // Only the first event of a watch carries the column definitions.
          noHeaders: this.headersSent,
          now: this.now(),
        },
      );
      rendered.apiVersion = output.apiVersion;
      this.headersSent = true;
    } else if (output.kind === 'partial') {
      rendered = { ...partialObjectMetadata(served), apiVersion: output.apiVersion };
    }
    this.write({ type: eventType, object: rendered });
  }

  sendBookmark(resourceVersion: number, initialEventsEnd = false): void {
    if (!this.spec.allowBookmarks) return;
    const { type, version } = this.spec;
    const metadata: JsonObject = { resourceVersion: String(resourceVersion) };
    // Typed objects always write creationTimestamp (null); unstructured ones only what is set.
    if (type.builtin) metadata.creationTimestamp = null;
    if (initialEventsEnd) metadata.annotations = { [INITIAL_EVENTS_END_ANNOTATION]: 'true' };
    const apiVersion = apiVersionOf(type.group, version.name);
    const object = type.builtin
      ? { kind: type.kind, apiVersion, metadata }
      : { apiVersion, kind: type.kind, metadata };
    this.write({ type: 'BOOKMARK', object });
  }

  sendError(status: JsonObject): void {
    this.write({ type: 'ERROR', object: status });
  }

  private write(frame: JsonObject): void {
    if (this.closed) return;
    this.res.write(`${JSON.stringify(frame)}\n`);
    if (this.res.writableLength > MAX_WATCH_BUFFER_BYTES) this.reset();
  }

  end(): void {
    if (this.closed) return;
    this.res.end();
    this.finish();
  }

  reset(): void {
    if (this.closed) return;
    this.res.socket?.destroy();
    this.finish();
  }

  private finish(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.onClose(this);
  }
}

/** Every open watch of one server instance, fed by the store's change stream. */
export class WatchHub {
  private readonly watchers = new Set<Watcher>();
  private readonly bookmarkTimer: NodeJS.Timeout;

  constructor(
    private readonly store: ObjectStore,
    private readonly now: () => Date,
    bookmarkIntervalMs: number,
  ) {
    store.subscribe((event) => {
      this.dispatch(event);
    });
    this.bookmarkTimer = setInterval(() => {
      this.sendBookmarks();
    }, bookmarkIntervalMs);
    this.bookmarkTimer.unref();
  }

  get openCount(): number {
    return this.watchers.size;
  }

  /**
   * Starts a watch: checks its resourceVersion (410 as an ERROR frame when expired), sends the
   * initial state or the retained history after that resourceVersion, then streams changes.
   */
  open(res: ServerResponse, spec: WatchSpec, headers: Record<string, string>): void {
    const current = this.store.currentResourceVersion();
    const rv = spec.resourceVersion;
    const fromScratch = rv === undefined || rv === '' || rv === '0';
    let replay: StoreEvent[] | 'expired' = [];
    let wanted = current;
    if (!fromScratch) {
      wanted = parseResourceVersion(rv);
      if (wanted > current) throw tooLargeResourceVersion(wanted, current);
      replay = this.store.eventsSince(storageKeyOf(spec.type), wanted);
    }
    res.writeHead(200, {
      ...headers,
      'Content-Type': 'application/json',
      'Transfer-Encoding': 'chunked',
    });
    res.flushHeaders();
    const watcher = new Watcher(spec, res, this.now, (w) => this.watchers.delete(w));
    if (replay === 'expired') {
      // The real server answers 200 and then one ERROR event carrying a 410 Status.
      // The watch cache's words, or etcd's for a resource served without one.
      const storageKey = storageKeyOf(spec.type);
      const expired = apiErrors.expired(
        isWatchCached(storageKey)
          ? `too old resource version: ${wanted} (${this.store.oldestResumableResourceVersion(storageKey)})`
          : 'The resourceVersion for the provided watch is too old.',
      );
      watcher.sendError(expired.status as unknown as JsonObject);
      watcher.end();
      return;
    }
    this.watchers.add(watcher);
    if (fromScratch || spec.sendInitialEvents === true) {
      for (const object of this.store.list(storageKeyOf(spec.type))) {
        if (watcher.matches(object)) watcher.sendObject('ADDED', object);
      }
      if (spec.sendInitialEvents === true) watcher.sendBookmark(current, true);
    } else {
      for (const event of replay) this.deliver(watcher, event);
    }
  }

  private dispatch(event: StoreEvent): void {
    for (const watcher of this.watchers) {
      if (watcher.storageKey === event.storageKey) this.deliver(watcher, event);
    }
  }

  /** Selector-aware delivery: an object leaving a watch's selection is DELETED for it, entering is ADDED. */
  private deliver(watcher: Watcher, event: StoreEvent): void {
    const now = watcher.matches(
      event.type === 'DELETED' && event.previous ? event.previous : event.object,
    );
    const before = event.previous !== undefined && watcher.matches(event.previous);
    switch (event.type) {
      case 'ADDED':
        if (now) watcher.sendObject('ADDED', event.object);
        break;
      case 'DELETED':
        if (now) watcher.sendObject('DELETED', event.object);
        break;
      case 'MODIFIED': {
        const after = watcher.matches(event.object);
        if (after && before) watcher.sendObject('MODIFIED', event.object);
        else if (after) watcher.sendObject('ADDED', event.object);
        else if (before) watcher.sendObject('DELETED', event.object);
        break;
      }
    }
  }

  sendBookmarks(): void {
    const rv = this.store.currentResourceVersion();
    for (const watcher of this.watchers) watcher.sendBookmark(rv);
  }

  /** Closes open watches (all, or one resource's); returns how many were closed. */
  cut(options: CutOptions = {}): number {
    let count = 0;
    for (const watcher of [...this.watchers]) {
      if (options.resource !== undefined && watcher.resourceName !== options.resource) continue;
      if (options.mode === 'reset') watcher.reset();
      else watcher.end();
      count++;
    }
    return count;
  }

  /** Watches of a resource that stopped being served (its CRD is gone) end, as on a real server. */
  closeResource(storageKey: string): void {
    for (const watcher of [...this.watchers]) if (watcher.storageKey === storageKey) watcher.end();
  }

  close(): void {
    clearInterval(this.bookmarkTimer);
    this.cut({ mode: 'reset' });
  }
}
