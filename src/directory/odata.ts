/**
 * OData text for Graph URLs: string literals, path segments and query strings. Every value the user
 * typed goes through here, so a name like O'Brien or a UPN with '#' can never change a query's meaning.
 */

/** An OData string literal: single quotes doubled, the whole value quoted (`O'Brien` → `'O''Brien'`). */
export function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/**
 * The `/users/{id | userPrincipalName}` path of one user. Graph needs `/users('…')` for a UPN that
 * starts with '$' (else it reads a system segment); everything else is one percent-encoded segment,
 * with `'` encoded too because some proxies and parsers treat it as a delimiter.
 */
export function userPath(idOrUpn: string): string {
  if (idOrUpn.startsWith('$')) return `/users('${encodeURIComponent(idOrUpn.replace(/'/g, "''"))}')`;
  return `/users/${encodeSegment(idOrUpn)}`;
}

/** One percent-encoded path segment (`/`, `#`, `?`, `'` and non-ASCII included). */
export function encodeSegment(value: string): string {
  return encodeURIComponent(value).replace(/'/g, '%27');
}

/** A query string (`?a=b&c=d`) with every value percent-encoded; keys such as `$filter` stay readable. */
export function queryString(params: Readonly<Record<string, string | number | boolean | undefined>>): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    parts.push(`${key}=${encodeURIComponent(String(value))}`);
  }
  return parts.length > 0 ? `?${parts.join('&')}` : '';
}
