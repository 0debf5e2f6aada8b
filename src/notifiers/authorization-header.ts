/** `Basic <base64 of user:password>`, only when both are set, as Flux's notifiers guard it. */
export function basicAuthorization(
  username: string | undefined,
  password: string | undefined,
): string | undefined {
  if (username === undefined || username === '' || password === undefined || password === '')
    return undefined;
  return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
}

/** `Bearer <token>`, only when there is a token. */
export function bearerAuthorization(token: string | undefined): string | undefined {
  return token === undefined || token === '' ? undefined : `Bearer ${token}`;
}

/** The headers carrying the first credential given, or none. */
export function authorizationHeaders(
  ...candidates: (string | undefined)[]
): Record<string, string> {
  const value = candidates.find((candidate) => candidate !== undefined);
  return value === undefined ? {} : { Authorization: value };
}
