/**
 * Application Insights through OpenTelemetry, only when a connection string is configured: nothing is
 * loaded and nothing is sent otherwise. Loaded lazily so a deployment without it pays nothing.
 */
import type { Logger } from './logger';

/** A started telemetry pipeline. */
export interface Telemetry {
  /** Flushes what is buffered and stops exporting. */
  shutdown(): Promise<void>;
}

/** Starts Azure Monitor export, or returns null when `connectionString` is empty. */
export function startTelemetry(connectionString: string, logger: Logger): Telemetry | null {
  if (!connectionString) return null;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when configured
  const monitor = require('@azure/monitor-opentelemetry') as typeof import('@azure/monitor-opentelemetry');
  monitor.useAzureMonitor({
    azureMonitorExporterOptions: { connectionString },
    // Request bodies and headers are never collected; only HTTP spans, dependencies and exceptions.
    enableLiveMetrics: false,
    // Every trace: since 1.16 the default is a rate limit (5 traces/s) that ignores samplingRatio and
    // drops spans; 0 turns it off so samplingRatio applies.
    tracesPerSecond: 0,
    samplingRatio: 1,
  });
  logger.info('Application Insights export enabled');
  return { shutdown: () => monitor.shutdownAzureMonitor() };
}
