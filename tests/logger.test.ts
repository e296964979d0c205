/**
 * Structured logs (issue #4 item 6): pino with redaction of passwords, tokens, credentials and the
 * Authorization header at the depths the code logs them, and one JSON object per line whatever a display
 * name holds.
 */
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { createLogger, REDACTED_PATHS } from '../src/logger';

/** A destination that keeps every line pino writes. */
function capture(): { stream: Writable; text: () => string; lines: () => string[] } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString('utf8');
      done();
    },
  });
  return { stream, text: () => text, lines: () => text.split('\n').filter((line) => line.length > 0) };
}

/** Logs one object at info and returns the single line it produced, parsed. */
function logOnce(
  object: Record<string, unknown>,
  msg = 'event',
): { raw: string; parsed: Record<string, unknown> } {
  const sink = capture();
  createLogger('trace', sink.stream).info(object, msg);
  const lines = sink.lines();
  assert.equal(lines.length, 1, `exactly one line: ${sink.text()}`);
  return { raw: lines[0], parsed: JSON.parse(lines[0]) as Record<string, unknown> };
}

const SECRET = 'Canary-7Qw!zX9#secret';

describe('logger: redaction', () => {
  const cases: [string, Record<string, unknown>, (parsed: Record<string, unknown>) => unknown][] = [
    ['password at the top', { password: SECRET }, (p) => p.password],
    [
      'password one level down',
      { target: { password: SECRET } },
      (p) => (p.target as Record<string, unknown>).password,
    ],
    [
      'password two levels down',
      { request: { body: { password: SECRET } } },
      (p) => (p.request as Record<string, Record<string, unknown>>).body.password,
    ],
    ['customPassword (a card input)', { customPassword: SECRET }, (p) => p.customPassword],
    [
      'customPassword inside inputs',
      { action: { inputs: { customPassword: SECRET } } },
      (p) => (p.action as Record<string, Record<string, unknown>>).inputs.customPassword,
    ],
    [
      'passwordProfile at the top',
      { passwordProfile: { password: SECRET, forceChangePasswordNextSignIn: true } },
      (p) => p.passwordProfile,
    ],
    [
      'passwordProfile in a Graph body',
      { body: { passwordProfile: { password: SECRET } } },
      (p) => (p.body as Record<string, unknown>).passwordProfile,
    ],
    ['token', { token: SECRET }, (p) => p.token],
    ['token nested', { link: { token: SECRET } }, (p) => (p.link as Record<string, unknown>).token],
    ['accessToken', { accessToken: SECRET }, (p) => p.accessToken],
    [
      'accessToken nested',
      { credential: { accessToken: SECRET } },
      (p) => (p.credential as Record<string, unknown>).accessToken,
    ],
    ['authorization', { authorization: `Bearer ${SECRET}` }, (p) => p.authorization],
    ['Authorization', { Authorization: `Bearer ${SECRET}` }, (p) => p.Authorization],
    [
      'headers.authorization',
      { headers: { authorization: `Bearer ${SECRET}` } },
      (p) => (p.headers as Record<string, unknown>).authorization,
    ],
    [
      'headers.Authorization',
      { headers: { Authorization: `Bearer ${SECRET}` } },
      (p) => (p.headers as Record<string, unknown>).Authorization,
    ],
    [
      'req.headers.authorization',
      { req: { headers: { authorization: `Bearer ${SECRET}` } } },
      (p) => (p.req as Record<string, Record<string, unknown>>).headers.authorization,
    ],
    ['clientSecret', { clientSecret: SECRET }, (p) => p.clientSecret],
    [
      'clientSecret in a config',
      { graph: { clientSecret: SECRET } },
      (p) => (p.graph as Record<string, unknown>).clientSecret,
    ],
    ['secret', { secret: SECRET }, (p) => p.secret],
    ['secret nested', { vault: { secret: SECRET } }, (p) => (p.vault as Record<string, unknown>).secret],
  ];

  for (const [name, object, read] of cases) {
    it(`prints [redacted] for ${name}`, () => {
      const { raw, parsed } = logOnce(object);
      assert.equal(read(parsed), '[redacted]');
      assert.equal(raw.includes(SECRET), false, raw);
    });
  }

  it('keeps the fields next to a redacted one', () => {
    const { parsed } = logOnce({ target: { password: SECRET, upn: 'bob@contoso.com' }, requestId: 'r-1' });
    assert.deepEqual(parsed.target, { password: '[redacted]', upn: 'bob@contoso.com' });
    assert.equal(parsed.requestId, 'r-1');
  });

  it('redacts in child loggers too (the bot, Graph and reset loggers are children)', () => {
    const sink = capture();
    createLogger('trace', sink.stream)
      .child({ name: 'graph' })
      .warn({ headers: { Authorization: `Bearer ${SECRET}` } }, 'call');
    assert.equal(sink.text().includes(SECRET), false);
    assert.match(sink.text(), /\[redacted\]/);
  });

  it('names every sensitive key at the top level and under one parent', () => {
    for (const key of [
      'password',
      'customPassword',
      'passwordProfile',
      'token',
      'accessToken',
      'authorization',
      'Authorization',
      'clientSecret',
      'secret',
    ]) {
      assert.ok(REDACTED_PATHS.includes(key), key);
      assert.ok(REDACTED_PATHS.includes(`*.${key}`), `*.${key}`);
    }
  });
});

describe('logger: one JSON object per line', () => {
  const hostile = 'Mallory\r\n{"level":"fatal","msg":"forged"}\n\u2028\u2029\u0000\u001b[31m';

  it('a display name with CR/LF and a JSON fragment stays inside one line that parses', () => {
    const sink = capture();
    createLogger('trace', sink.stream).info(
      { targetDisplayName: hostile, requester: { name: hostile } },
      `reset for ${hostile}`,
    );
    const lines = sink.lines();
    assert.equal(lines.length, 1, sink.text());
    const parsed = JSON.parse(lines[0]) as Record<string, unknown>;
    assert.equal(parsed.targetDisplayName, hostile);
    assert.equal((parsed.requester as Record<string, unknown>).name, hostile);
    assert.equal(parsed.msg, `reset for ${hostile}`);
    assert.equal(parsed.level, 'info', 'the forged level did not win');
  });

  it('an error whose message holds CR/LF is still one line', () => {
    const sink = capture();
    createLogger('trace', sink.stream).error({ err: new Error(`boom\r\n{"level":"fatal"}`) }, 'failed');
    const lines = sink.lines();
    assert.equal(lines.length, 1, sink.text());
    assert.equal((JSON.parse(lines[0]) as { level: string }).level, 'error');
  });

  it('many hostile lines: each line one JSON object, as many lines as calls', () => {
    const sink = capture();
    const logger = createLogger('trace', sink.stream);
    for (let i = 0; i < 50; i++) logger.info({ name: `${hostile}${i}` }, hostile);
    const lines = sink.lines();
    assert.equal(lines.length, 50);
    for (const line of lines) assert.equal(typeof JSON.parse(line), 'object');
  });
});
