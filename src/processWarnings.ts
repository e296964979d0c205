/**
 * Node prints process warnings to stderr as plain text, which breaks "one JSON object per log line".
 * restify 11 loads spdy, whose http-deceiver calls process.binding('http_parser') and triggers
 * DEP0111 at every start (restify/node-restify#1876). Imported first by the composition root, this
 * replaces Node's printer with one JSON line per warning, in the same shape as the pino logger's lines.
 */
process.removeAllListeners('warning');
process.on('warning', (warning: Error & { code?: string }) => {
  process.stderr.write(
    `${JSON.stringify({
      level: 'warn',
      time: new Date().toISOString(),
      service: 'password-reset-bot',
      warning: warning.name,
      code: warning.code,
      msg: warning.message,
    })}\n`,
  );
});

export {};
