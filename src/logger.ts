/**
 * Structured logging: one JSON object per line (pino escapes CR/LF inside values), with redaction on by
 * default for anything that could hold a password, token or credential.
 */
import pino from 'pino';

export type Logger = pino.Logger;

/** Paths pino censors wherever they appear in a log object. */
export const REDACTED_PATHS = [
  'password',
  '*.password',
  '*.*.password',
  'customPassword',
  '*.customPassword',
  '*.*.customPassword',
  'passwordProfile',
  '*.passwordProfile',
  'secret',
  '*.secret',
  'token',
  '*.token',
  'accessToken',
  '*.accessToken',
  'authorization',
  '*.authorization',
  'Authorization',
  '*.Authorization',
  'headers.authorization',
  'req.headers.authorization',
  'clientSecret',
  '*.clientSecret',
];

/** Creates the root logger; pass a destination stream to capture lines in tests. */
export function createLogger(level = 'info', destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'password-reset-bot' },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
}

/** A logger that writes nothing, for unit tests. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
