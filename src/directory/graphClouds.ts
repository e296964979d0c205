/**
 * Microsoft Graph's service roots and the scope Entra issues app-only tokens for on each: a `.default`
 * scope must name the Graph host of the national cloud the bot talks to. Any other host (a proxy, the
 * local tenant) is not a Graph resource Entra knows, so its scope is configured (GRAPH_SCOPE).
 * No imports: src/config.ts reads this before anything else is loaded.
 */

/** Graph's public and national cloud hosts (global, US Gov L4, US Gov L5 (DoD), China by 21Vianet). */
const GRAPH_CLOUD_HOSTS = new Set([
  'graph.microsoft.com',
  'graph.microsoft.us',
  'dod-graph.microsoft.us',
  'microsoftgraph.chinacloudapi.cn',
]);

/** The app-only scope for a Graph service root, or null when the host is not one of Graph's clouds. */
export function graphCloudScope(endpoint: string): string | null {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return null;
  }
  const host = url.hostname.toLowerCase();
  if (url.protocol !== 'https:' || url.port !== '' || !GRAPH_CLOUD_HOSTS.has(host)) return null;
  return `https://${host}/.default`;
}
