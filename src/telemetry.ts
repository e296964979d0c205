/**
 * Application Insights through OpenTelemetry, only when a connection string is configured: nothing of
 * the SDK is loaded and nothing is sent otherwise (only the no-op `@opentelemetry/api`).
 *
 * Instrumentation patches modules as they load, so `src/telemetryBootstrap.ts` starts this before
 * restify, http, pino and the Azure SDK are loaded; started later it would record no incoming request.
 * What is recorded: incoming requests (http), Graph calls (fetch, through undici's diagnostics channel),
 * storage and token calls (the Azure SDK's own spans), and every pino log line, after pino's
 * redaction. docs/DEPLOY.md says where each lands in Azure.
 */
import { SpanStatusCode, trace } from '@opentelemetry/api';
import { sdkDiagnosticsAsJson } from './telemetryConsole';
import { httpInstrumentationOptions } from './telemetryHttp';

/** A started telemetry pipeline. */
export interface Telemetry {
  /** Flushes what is buffered and stops exporting. */
  shutdown(): Promise<void>;
}

/** The role name every item carries; the same as the logger's `service` field. */
const SERVICE_NAME = 'password-reset-bot';

let running: Telemetry | null = null;
/** The OpenTelemetry logger custom events go through (Application Insights' customEvents); null until started. */
let events: { emit(record: { body: string; attributes: Record<string, string | number> }): void } | null =
  null;

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
  const { AzureLogger } = require('@azure/logger') as typeof import('@azure/logger');
  /* eslint-enable @typescript-eslint/no-require-imports */

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
      // The distro types per-library options loosely and passes these to instrumentation-http.
      http: httpInstrumentationOptions(),
      azureSdk: { enabled: true },
      mongoDb: { enabled: false },
      mySql: { enabled: false },
      postgreSql: { enabled: false },
      redis: { enabled: false },
      redis4: { enabled: false },
    },
  });
  // The distro prints the SDKs' own diagnostics as plain text; the console stays JSON lines.
  sdkDiagnosticsAsJson(AzureLogger);
  // The distro's documented way to add instrumentations it does not bundle. Pino's sends every log
  // line (as written, so after redaction) to the distro's log exporter, and adds trace ids to the lines.
  registerInstrumentations({
    tracerProvider: trace.getTracerProvider(),
    instrumentations: [new UndiciInstrumentation(), new PinoInstrumentation()],
  });
  // Custom events are log records that carry this attribute; the exporter sends them as customEvents.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when configured
  const { logs } = require('@opentelemetry/api-logs') as typeof import('@opentelemetry/api-logs');
  events = logs.getLogger(SERVICE_NAME);
  running = { shutdown: () => monitor.shutdownAzureMonitor() };
  return running;
}

/** Attribute that makes Azure Monitor's exporter send a log record as a custom event of that name. */
const CUSTOM_EVENT_NAME = 'microsoft.custom_event.name';

/**
 * Sends a custom event to Application Insights (the customEvents table), with its properties as custom
 * dimensions. Without telemetry it does nothing.
 */
export function trackEvent(name: string, properties: Readonly<Record<string, string | number>>): void {
  events?.emit({ body: name, attributes: { ...properties, [CUSTOM_EVENT_NAME]: name } });
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

/**
 * Runs `work` in a span of its own (child of the current one, if any) that ends when the work settles,
 * failed if it throws: work that outlives its request, or starts without one (recovery), is then one
 * operation in Application Insights. Without telemetry the span is OpenTelemetry's no-op.
 */
export function inSpan<T>(
  name: string,
  attributes: Readonly<Record<string, string | undefined>>,
  work: () => Promise<T>,
): Promise<T> {
  return trace.getTracer(SERVICE_NAME).startActiveSpan(name, async (span) => {
    for (const [key, value] of Object.entries(attributes)) if (value) span.setAttribute(key, value);
    try {
      return await work();
    } catch (error) {
      span.recordException(error instanceof Error ? error : String(error));
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw error;
    } finally {
      span.end();
    }
  });
}
