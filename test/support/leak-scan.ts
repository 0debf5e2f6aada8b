/**
 * The forms a secret takes where it leaks: as it is, URL-encoded (as a path, query or form
 * value), JSON-escaped, and base64-encoded. Written independently of Herald's own masking, so a
 * form Herald forgets is still looked for.
 */
export function leakForms(secret: string): string[] {
  const forms = new Set([
    secret,
    encodeURIComponent(secret),
    encodeURI(secret),
    new URLSearchParams({ s: secret }).toString().slice(2),
    JSON.stringify(secret).slice(1, -1),
    Buffer.from(secret).toString('base64'),
  ]);
  return [...forms];
}

/** Every string inside a JSON-like value (object keys too). */
function stringsIn(value: unknown, found: string[] = []): string[] {
  if (typeof value === 'string') found.push(value);
  else if (Array.isArray(value)) for (const item of value) stringsIn(item, found);
  else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      found.push(key);
      stringsIn(item, found);
    }
  }
  return found;
}

/**
 * `where: secret name (form)` for every form of every secret found in what was observed: each
 * string inside it, and its JSON text (where escaping adds forms of its own).
 */
export function findLeaks(
  observed: Readonly<Record<string, unknown>>,
  secrets: Readonly<Record<string, string>>,
): string[] {
  const leaks = new Set<string>();
  for (const [where, value] of Object.entries(observed)) {
    const texts = [...stringsIn(value), JSON.stringify(value)];
    for (const [name, secret] of Object.entries(secrets)) {
      for (const form of leakForms(secret)) {
        if (texts.some((text) => text.includes(form)))
          leaks.add(`${where}: ${name} (${form === secret ? 'as is' : form})`);
      }
    }
  }
  return [...leaks];
}
