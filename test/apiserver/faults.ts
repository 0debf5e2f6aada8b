import { statusForCode, type Status } from './status-errors.js';
import type { CutOptions } from './watch.js';

/** Which requests a fault applies to; every given member must match. */
export interface FaultMatch {
  method?: string;
  /** The URL path: exact, with `*` wildcards, or a RegExp. */
  path?: string | RegExp;
  verb?: 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete' | 'deletecollection';
  /** `events`, `widgets.example.com`; a group's resource may be named without its group (`leases`). */
  resource?: string;
  namespace?: string;
}

export interface FaultSpec extends FaultMatch {
  /** Answer with a Status of this HTTP code instead of serving the request. */
  status?: number;
  message?: string;
  /** Delay before serving (or failing) the request. */
  latencyMs?: number;
  /** How many matching requests the fault applies to; unlimited when absent. */
  times?: number;
}

export interface FaultHandle {
  readonly hits: number;
  remove(): void;
}

/** What the server knows of a request when it consults the faults. */
export interface RequestFacts {
  method: string;
  path: string;
  verb?: string;
  resource?: string;
  namespace?: string;
}

export interface FaultOutcome {
  latencyMs: number;
  status?: Status;
}

interface Rule {
  spec: FaultSpec;
  pattern?: RegExp;
  hits: number;
}

function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`);
}

/** Server-level hooks the fault controls drive; the server supplies them. */
export interface FaultTargets {
  cutWatches(options: CutOptions): number;
  expireResourceVersions(): string;
  restart(options: RestartOptions): Promise<void>;
  sendBookmarks(): void;
  expireEvents(): number;
}

export interface RestartOptions {
  /** Keep stored objects (default), or start empty as after losing etcd. */
  keepState?: boolean;
  /** Runs while the server is down (connections refused); the server comes back when it resolves. */
  whileDown?: () => Promise<void>;
}

/** The fault hooks tests use: injected errors and latency, cut watches, expiry, restarts. */
export class Faults {
  private rules: Rule[] = [];

  constructor(private readonly targets: FaultTargets) {}

  /** Fails or delays matching requests until `times` of them were hit or the handle is removed. */
  inject(spec: FaultSpec): FaultHandle {
    const rule: Rule = {
      spec,
      ...(typeof spec.path === 'string'
        ? { pattern: globToRegExp(spec.path) }
        : spec.path
          ? { pattern: spec.path }
          : {}),
      hits: 0,
    };
    this.rules.push(rule);
    return {
      get hits() {
        return rule.hits;
      },
      remove: () => {
        this.rules = this.rules.filter((r) => r !== rule);
      },
    };
  }

  clear(): void {
    this.rules = [];
  }

  /** The first live rule matching the request, consumed by one use. */
  take(facts: RequestFacts): FaultOutcome | undefined {
    for (const rule of this.rules) {
      const { spec } = rule;
      if (spec.method && spec.method.toUpperCase() !== facts.method) continue;
      if (rule.pattern && !rule.pattern.test(facts.path)) continue;
      if (spec.verb && spec.verb !== facts.verb) continue;
      if (
        spec.resource &&
        spec.resource !== facts.resource &&
        `${spec.resource}.` !== facts.resource?.slice(0, spec.resource.length + 1)
      )
        continue;
      if (spec.namespace && spec.namespace !== facts.namespace) continue;
      rule.hits++;
      if (spec.times !== undefined && rule.hits >= spec.times)
        this.rules = this.rules.filter((r) => r !== rule);
      return {
        latencyMs: spec.latencyMs ?? 0,
        ...(spec.status !== undefined ? { status: statusForCode(spec.status, spec.message) } : {}),
      };
    }
    return undefined;
  }

  /** Closes open watches; clients see the stream end (or the connection reset). Returns how many. */
  cutWatches(options: CutOptions = {}): number {
    return this.targets.cutWatches(options);
  }

  /**
   * Makes every resourceVersion handed out so far too old: the next watch (or continue, or exact
   * list) from one gets 410 Expired. Open watches keep streaming, as on a real server.
   */
  expireResourceVersions(): string {
    return this.targets.expireResourceVersions();
  }

  /**
   * Drops every connection and listens again on the same port. With state kept, watches of
   * watch-cached resources (all but Events) resumed from before get 410, as on a real server.
   */
  restart(options: RestartOptions = {}): Promise<void> {
    return this.targets.restart(options);
  }

  /** Sends a BOOKMARK now to every watch that allows them. */
  sendBookmarks(): void {
    this.targets.sendBookmarks();
  }

  /** Deletes every core/v1 Event as if their TTL had passed (DELETED events follow). */
  expireEvents(): number {
    return this.targets.expireEvents();
  }
}
