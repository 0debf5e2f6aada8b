import type { ProviderType } from '../api/provider.js';
import type { ProviderSettings } from '../api/provider-settings.js';
import type { Secret } from '../api/secret.js';
import type { Notifier, NotifierDeps, ProviderTarget } from '../notifiers/notifier.js';
import type { ProviderClass } from './provider-class.js';

/**
 * What a type needs of its Secret and spec beyond an address, checked by readiness once the
 * Secrets are read: the sentence saying what is missing, else undefined. `secretName` is how
 * messages name the credentials Secret (`Secret 'x'`, or `spec.secretRef (not set)`).
 */
export type CredentialCheck = (
  settings: ProviderSettings,
  secret: Secret | undefined,
  secretName: string,
) => string | undefined;

/**
 * How a type whose address is not an http(s) URL (a NATS server list) reads it: the hosts it
 * connects to, which the link-local policy then checks, or why it cannot be used (a phrase
 * following the address's source, naming no credential).
 */
export type AddressReader = (
  address: string,
) => { readonly hosts: readonly string[] } | { readonly invalid: string };

/** Builds the notifier of a resolved provider; throws a `ProviderConfigError` when it cannot. */
export type NotifierConstructor = (target: ProviderTarget, deps: NotifierDeps) => Notifier;

/** The most a receiver takes of one message, counted as the receiver counts. */
export interface MessageLimit {
  readonly max: number;
  readonly unit: 'characters' | 'bytes';
  /** What is counted, e.g. `the message text`. */
  readonly of: string;
}

/** A receiver's documented sending rate for one destination (channel, webhook, chat). */
export interface DocumentedRate {
  readonly perSecond: number;
  /** Messages it takes back to back after a quiet spell. */
  readonly burst: number;
}

/** Everything Herald knows of one provider type it delivers to. */
export interface ProviderDescriptor {
  readonly type: ProviderType;
  readonly class: ProviderClass;
  /** Absent when the address (and the options every Provider takes) is all the type needs. */
  readonly checkCredentials?: CredentialCheck;
  /**
   * Absent when the address is an http(s) URL, as for most types; else what it is (a Git
   * repository in any form Git takes, NATS servers, a connection string) and its hosts.
   */
  readonly readAddress?: AddressReader;
  /** Undefined when the receiver documents no limit. */
  readonly messageLimit: MessageLimit | undefined;
  /** How the receiver's rate limiting is met, in a few words. */
  readonly rateLimits: string;
  /**
   * The rate the receiver documents per destination, which `spec.pacing` keeps to unless the
   * Provider sets its own; absent where none is documented (pacing then sends 1 per second).
   */
  readonly documentedRate?: DocumentedRate;
  /** The type's row in the README's provider table (Markdown). */
  readonly readme: { readonly delivers: string; readonly credentials: string };
  readonly createNotifier: NotifierConstructor;
}
