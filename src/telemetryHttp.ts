/**
 * What the http instrumentation records, and what it must not: health probes are left out, the Azure
 * SDK's requests are recorded once (by the SDK itself, with query strings redacted), and the one-time
 * link token never leaves the process in a URL.
 */
import type { Attributes } from '@opentelemetry/api';
import type { IncomingMessage } from 'node:http';

/** Incoming paths never recorded: App Service probes them every minute on every instance. */
const UNRECORDED_PATHS = new Set(['/healthz', '/readyz']);

/** Path segments that carry a secret (the one-time link token), replaced before anything is recorded. */
const SECRET_PATH = /^\/l\/[^/?#]+/;

/** The same path with a one-time link token replaced by the route's name. */
export function redactPath(path: string): string {
  return path.replace(SECRET_PATH, '/l/:token');
}

/** `url` (absolute or a path) with any one-time link token replaced. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${redactPath(parsed.pathname)}${parsed.search}`;
  } catch {
    return redactPath(url);
  }
}

/** Span attributes that hold the incoming URL, under the old and the current semantic conventions. */
const URL_ATTRIBUTES = ['http.url', 'http.target', 'url.full', 'url.path'] as const;

/** True for requests sent through the Azure SDK's pipeline (its User-Agent starts with azsdk-js). */
function isAzureSdkRequest(headers: unknown): boolean {
  if (!headers || typeof headers !== 'object' || Array.isArray(headers)) return false;
  const agent = Object.entries(headers).find(([name]) => name.toLowerCase() === 'user-agent')?.[1];
  return /\bazsdk-js-/.test(String(agent ?? ''));
}

/** A span as the instrumentation's request hook sees it. */
interface HookSpan {
  setAttribute(key: string, value: string): unknown;
}

/** Options for @opentelemetry/instrumentation-http (the distro passes them through). */
export function httpInstrumentationOptions() {
  return {
    enabled: true,
    ignoreIncomingRequestHook: (request: IncomingMessage): boolean =>
      UNRECORDED_PATHS.has(new URL(request.url ?? '/', 'http://localhost').pathname),
    // The Azure SDK (storage, the token requests of @azure/identity, the Bot Connector client) records
    // its own HTTP spans; recording the same requests again would only double them.
    ignoreOutgoingRequestHook: (options: { headers?: unknown }): boolean =>
      isAzureSdkRequest(options.headers),
    requestHook: (span: HookSpan, request: unknown): void => {
      // Only incoming requests can carry a link token; outgoing ones go to Graph and storage.
      const url = (request as Partial<IncomingMessage>).url;
      if (typeof url !== 'string' || !SECRET_PATH.test(url)) return;
      const attributes = (span as { attributes?: Attributes }).attributes ?? {};
      for (const key of URL_ATTRIBUTES) {
        const value = attributes[key];
        if (typeof value === 'string') span.setAttribute(key, redactUrl(value));
      }
    },
  };
}
