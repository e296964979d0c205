/**
 * Application Insights through OpenTelemetry, only when a connection string is configured: nothing of
 * the SDK is loaded and nothing is sent otherwise (only the no-op `@opentelemetry/api`).
 *
 * Instrumentation patches modules as they load, so `src/telemetryBootstrap.ts` starts this before
 * restify, http, pino and the Azure SDK are loaded; started later it would record no incoming request.
 * What is recorded: incoming requests (http), Graph calls (fetch, through undici's diagnostics channel),
 * storage and token calls (http and the Azure SDK's own spans), and every pino log line, after pino's
 * redaction. docs/DEPLOY.md says where each lands in Azure.
 */
import { trace, type Attributes } from '@opentelemetry/api';
import type { IncomingMessage } from 'node:http';

/** A started telemetry pipeline. */
export interface Telemetry {
  /** Flushes what is buffered and stops exporting. */
  shutdown(): Promise<void>;
}

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

/** The role name every item carries; the same as the logger's `service` field. */
const SERVICE_NAME = 'password-reset-bot';

/** True for requests sent through the Azure SDK's pipeline (its User-Agent starts with azsdk-js). */
function isAzureSdkRequest(headers: unknown): boolean {
  if (!headers || typeof headers !== 'object' || Array.isArray(headers)) return false;
  const agent = Object.entries(headers).find(([name]) => name.toLowerCase() === 'user-agent')?.[1];
  return /\bazsdk-js-/.test(String(agent ?? ''));
}

let running: Telemetry | null = null;

/**
 * Starts Azure Monitor export once per process; returns the running pipeline, or null when
 * `connectionString` is empty.
 */
export function startTelemetry(connectionString: string): Telemetry | null {
  if (running || !connectionString) return running;
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded only when configured */
  const monitor = require('@azure/monitor-opentelemetry') as typeof import('@azure/monitor-opentelemetry');
  const { registerInstrumentations } =
    require('@opentelemetry/instrumentation') as typeof import('@opentelemetry/instrumentation');
  const { UndiciInstrumentation } =
    require('@opentelemetry/instrumentation-undici') as typeof import('@opentelemetry/instrumentation-undici');
  const { PinoInstrumentation } =
    require('@opentelemetry/instrumentation-pino') as typeof import('@opentelemetry/instrumentation-pino');
  const { resourceFromAttributes } =
    require('@opentelemetry/resources') as typeof import('@opentelemetry/resources');
  /* eslint-enable @typescript-eslint/no-require-imports */

  // The distro types its per-library options loosely; these are instrumentation-http's own.
  const http = {
    enabled: true,
    ignoreIncomingRequestHook: (request: IncomingMessage) =>
      UNRECORDED_PATHS.has(new URL(request.url ?? '/', 'http://localhost').pathname),
    // The Azure SDK (storage, the token requests of @azure/identity, the Bot Connector client) records
    // its own HTTP spans, with query strings redacted; recording the same requests again only doubles them.
    ignoreOutgoingRequestHook: (options: { headers?: unknown }) => isAzureSdkRequest(options.headers),
    requestHook: (span: { setAttribute(key: string, value: string): unknown }, request: unknown) => {
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
  monitor.useAzureMonitor({
    azureMonitorExporterOptions: { connectionString },
    // Application Insights' cloud role name (otherwise "unknown_service:node").
    resource: resourceFromAttributes({ 'service.name': SERVICE_NAME }),
    enableLiveMetrics: false,
    // Every reset is worth its trace and there are few: record all of them. The distro's default is a
    // limit of 5 traces per second, which drops the first spans of a quiet process.
    samplingRatio: 1,
    tracesPerSecond: 0,
    instrumentationOptions: {
      http,
      azureSdk: { enabled: true },
      mongoDb: { enabled: false },
      mySql: { enabled: false },
      postgreSql: { enabled: false },
      redis: { enabled: false },
      redis4: { enabled: false },
    },
  });
  // The distro's documented way to add instrumentations it does not bundle. Pino's sends every log
  // line (as written, so after redaction) to the distro's log exporter, and adds trace ids to the lines.
  registerInstrumentations({
    tracerProvider: trace.getTracerProvider(),
    instrumentations: [new UndiciInstrumentation(), new PinoInstrumentation()],
  });
  running = { shutdown: () => monitor.shutdownAzureMonitor() };
  return running;
}

/** The pipeline started in this process, if any. */
export function runningTelemetry(): Telemetry | null {
  return running;
}

/**
 * Puts ids on the span of the current request (or the current Graph or storage call), so a trace can
 * be found from an audit record: `annotateActiveSpan({ correlationId, requestId })`. Without telemetry,
 * or outside any span, it does nothing.
 */
export function annotateActiveSpan(attributes: Readonly<Record<string, string | undefined>>): void {
  const span = trace.getActiveSpan();
  if (!span) return;
  for (const [key, value] of Object.entries(attributes)) if (value) span.setAttribute(key, value);
}
