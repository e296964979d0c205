/**
 * Request bodies at the HTTP server, on the real bot process: each route parses only what it needs, in
 * memory (JSON of at most 256 KiB on /api/messages, a small url-encoded form on the link page), anything
 * else is answered 415 before any other work, and nothing is ever written to disk. The bot runs with a
 * temporary directory of its own (TMPDIR), which must stay exactly as it was.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { cardText, startHarness, type Harness } from './harness';

/** Every file under `dir` (relative paths), recursively. */
function filesUnder(dir: string): string[] {
  const found: string[] = [];
  const walk = (at: string): void => {
    for (const name of readdirSync(at)) {
      const full = path.join(at, name);
      if (statSync(full).isDirectory()) walk(full);
      else found.push(path.relative(dir, full));
    }
  };
  walk(dir);
  return found.sort();
}

/** A raw HTTP POST; `chunked` sends no Content-Length. */
function postRaw(
  url: string,
  headers: Record<string, string>,
  body: Buffer,
  chunked = false,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        headers: chunked ? headers : { ...headers, 'Content-Length': String(body.length) },
        timeout: 20_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    req.on('timeout', () => req.destroy(new Error('no answer')));
    // The server may answer (and close) before the whole upload is sent: that is the point.
    req.on('error', (error: NodeJS.ErrnoException) =>
      error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error),
    );
    if (chunked) {
      for (let at = 0; at < body.length; at += 64 * 1024) req.write(body.subarray(at, at + 64 * 1024));
      req.end();
    } else {
      req.end(body);
    }
  });
}

/** A multipart/form-data body with one file part of `size` bytes holding `marker`. */
function multipart(marker: string, size: number): { headers: Record<string, string>; body: Buffer } {
  const boundary = `----pwreset${randomBytes(8).toString('hex')}`;
  const content = Buffer.alloc(size, marker);
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="token"\r\n\r\nx\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="upload.bin"\r\n` +
        'Content-Type: application/octet-stream\r\n\r\n',
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}` }, body };
}

describe('integration: request bodies are parsed per route, in memory only', function () {
  this.timeout(60_000);
  let h: Harness;
  let tmp: string;
  let baseline: string[];
  const marker = `UPLOAD-${randomBytes(6).toString('hex')}`;

  before(async function () {
    this.timeout(120_000);
    tmp = mkdtempSync(path.join(os.tmpdir(), 'pwreset-bot-tmp-'));
    // tsx would keep its compile cache in the temporary directory; without it, nothing of ours belongs there.
    h = await startHarness({ TMPDIR: tmp, TSX_DISABLE_CACHE: '1' });
    baseline = filesUnder(tmp);
  });

  after(async function () {
    this.timeout(30_000);
    await h?.stop();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  /** Nothing new under the bot's temporary directory, and no file there holds the upload. */
  function assertNothingWritten(): void {
    assert.deepEqual(filesUnder(tmp), baseline, 'the bot wrote to its temporary directory');
    for (const file of filesUnder(tmp)) {
      assert.equal(readFileSync(path.join(tmp, file), 'latin1').includes(marker), false, file);
    }
  }

  it('an anonymous multipart upload to /api/messages (200 KB) is answered 415 and nothing is written', async () => {
    const upload = multipart(marker, 200 * 1024);
    const answer = await postRaw(`${h.stack.botUrl}/api/messages`, upload.headers, upload.body);
    assert.equal(answer.status, 415, answer.text);
    assertNothingWritten();
  });

  it('a multipart upload to the link page (3 MB) is answered 415 and nothing is written', async () => {
    const upload = multipart(marker, 3 * 1024 * 1024);
    const token = randomBytes(32).toString('base64url');
    const answer = await postRaw(`${h.stack.botUrl}/l/${token}`, upload.headers, upload.body);
    assert.equal(answer.status, 415, answer.text.slice(0, 300));
    const chunked = await postRaw(`${h.stack.botUrl}/l/${token}`, upload.headers, upload.body, true);
    assert.equal(chunked.status, 415);
    assertNothingWritten();
  });

  it('/api/messages takes JSON only, and at most 256 KiB of it, even without a Content-Length', async () => {
    const url = `${h.stack.botUrl}/api/messages`;
    const form = await postRaw(
      url,
      { 'Content-Type': 'application/x-www-form-urlencoded' },
      Buffer.from('a=b'),
    );
    assert.equal(form.status, 415);
    const text = await postRaw(url, { 'Content-Type': 'text/plain' }, Buffer.from('{}'));
    assert.equal(text.status, 415);
    const none = await postRaw(url, {}, Buffer.from('{}'));
    assert.equal(none.status, 415);
    const zipped = await postRaw(
      url,
      { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' },
      gzipSync(Buffer.from(JSON.stringify({ type: 'message', text: 'x'.repeat(10_000_000) }))),
    );
    assert.equal(zipped.status, 415, 'compressed bodies are not inflated');
    // Not even read: on the old global parser, 20 bytes that are not gzip stopped the whole process.
    const notGzip = await postRaw(
      url,
      { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' },
      Buffer.alloc(20, 'x'),
    );
    assert.equal(notGzip.status, 415);
    const big = Buffer.from(JSON.stringify({ type: 'message', text: marker.repeat(30_000) }));
    assert.ok(big.length > 256 * 1024);
    assert.equal((await postRaw(url, { 'Content-Type': 'application/json' }, big)).status, 413);
    assert.equal((await postRaw(url, { 'Content-Type': 'application/json' }, big, true)).status, 413);
    const broken = await postRaw(url, { 'Content-Type': 'application/json' }, Buffer.from('{"type":'));
    assert.equal(broken.status, 400);
    assertNothingWritten();
  });

  it('the link page POST takes a small url-encoded form only', async () => {
    const url = `${h.stack.botUrl}/l/${randomBytes(32).toString('base64url')}`;
    const json = await postRaw(url, { 'Content-Type': 'application/json' }, Buffer.from('{"token":"x"}'));
    assert.equal(json.status, 415);
    const huge = await postRaw(
      url,
      { 'Content-Type': 'application/x-www-form-urlencoded' },
      Buffer.from(`token=${'a'.repeat(64 * 1024)}`),
    );
    assert.equal(huge.status, 413);
    // A well-formed form for an unknown link is simply "gone": the route itself still works.
    const form = await postRaw(
      url,
      { 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8' },
      Buffer.from('token=unknown'),
    );
    assert.equal(form.status, 400);
    assertNothingWritten();
  });

  it('JSON activities are still served after all of it: the process is still up', async () => {
    assert.equal(h.stack.botProcess().exitCode, null, 'the bot process exited');
    const said = await h.say(h.people.helpdesk, 'help');
    assert.equal(said.answer.status, 200);
    assert.ok(said.replies.length > 0 && cardText(said.replies[0].card).length > 0);
    assertNothingWritten();
  });
});
