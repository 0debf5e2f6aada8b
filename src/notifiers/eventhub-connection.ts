/** An Event Hubs SAS connection string, as the portal's "Shared access policies" give it. */
export interface EventHubConnectionString {
  /** `https://<namespace host>[:port]`, from `Endpoint=sb://…/`. */
  readonly namespaceUrl: string;
  readonly keyName: string;
  readonly key: string;
  readonly eventHub: string;
}

/** Flux's test for SAS authentication: the address holds a shared access key. */
export function isSasConnectionString(address: string): boolean {
  return address.includes('SharedAccessKey');
}

/**
 * Reads `Endpoint=sb://<namespace>.servicebus.windows.net/;SharedAccessKeyName=<policy>;
 * SharedAccessKey=<key>;EntityPath=<event hub>` (key names case-insensitive, as Azure's SDKs
 * read them); returns why it cannot be used otherwise, never quoting it. The hub must be named
 * in `EntityPath`, as Flux's client is given no other name.
 */
export function parseEventHubConnectionString(text: string): EventHubConnectionString | string {
  const values = new Map<string, string>();
  for (const part of text.split(';')) {
    const equals = part.indexOf('=');
    if (equals === -1) continue;
    values.set(part.slice(0, equals).trim().toLowerCase(), part.slice(equals + 1).trim());
  }
  const endpoint = values.get('endpoint');
  if (endpoint === undefined || !URL.canParse(endpoint)) {
    return "the connection string has no 'Endpoint=sb://<namespace>/'";
  }
  const url = new URL(endpoint);
  if (url.protocol !== 'sb:' || url.hostname === '') {
    return "the connection string's Endpoint is not 'sb://<namespace>/'";
  }
  const keyName = values.get('sharedaccesskeyname');
  const key = values.get('sharedaccesskey');
  if (keyName === undefined || keyName === '' || key === undefined || key === '') {
    return "the connection string needs both 'SharedAccessKeyName' and 'SharedAccessKey'";
  }
  const eventHub = values.get('entitypath');
  if (eventHub === undefined || eventHub === '') {
    return "the connection string names no event hub ('EntityPath')";
  }
  return { namespaceUrl: `https://${url.host}`, keyName, key, eventHub };
}
