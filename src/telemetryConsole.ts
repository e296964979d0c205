/**
 * The SDKs' own diagnostics (the Azure SDK's logger, OpenTelemetry's diag) as JSON lines on stderr, in
 * the shape of the logger's lines, so the console stays one JSON object per line: the distro prints
 * them as plain text otherwise. They do not go through pino: pino's lines are exported, and a warning
 * about exporting would feed itself.
 */
import { diag, DiagLogLevel } from '@opentelemetry/api';
import { format } from 'node:util';

/** The `service` field of every line, as in src/logger.ts. */
const SERVICE_NAME = 'password-reset-bot';

type LineLevel = 'error' | 'warn' | 'info' | 'debug';

/** One JSON line on stderr. */
function sdkLine(level: LineLevel, component: string, args: readonly unknown[]): void {
  const msg = format(...args);
  process.stderr.write(
    `${JSON.stringify({ level, time: new Date().toISOString(), service: SERVICE_NAME, component, msg })}\n`,
  );
}

/** Azure SDK lines start with "azure:<package>:<level>"; their level becomes the line's. */
function azureLevel(args: readonly unknown[]): LineLevel {
  const level = /^azure:[^ ]*:(error|warning|info|verbose)\b/.exec(String(args[0] ?? ''))?.[1];
  return level === 'error' ? 'error' : level === 'info' ? 'info' : level === 'verbose' ? 'debug' : 'warn';
}

/** Sends the Azure SDK's log (`AzureLogger` of @azure/logger) and OpenTelemetry's diag to JSON lines. */
export function sdkDiagnosticsAsJson(azureLogger: { log: (...args: unknown[]) => void }): void {
  azureLogger.log = (...args: unknown[]) => sdkLine(azureLevel(args), 'azure-sdk', args);
  diag.setLogger(
    {
      error: (...args) => sdkLine('error', 'opentelemetry', args),
      warn: (...args) => sdkLine('warn', 'opentelemetry', args),
      info: (...args) => sdkLine('info', 'opentelemetry', args),
      debug: (...args) => sdkLine('debug', 'opentelemetry', args),
      verbose: (...args) => sdkLine('debug', 'opentelemetry', args),
    },
    { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true },
  );
}
