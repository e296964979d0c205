/**
 * The preload that keeps the Agents Playground on loopback: in a real Node process, every form of
 * listen() that names no host ends up on 127.0.0.1, and an explicit host or socket path is kept.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const PRELOAD = path.resolve(__dirname, '..', '..', 'src', 'local', 'loopbackOnly.cjs');

/** Listens in the ways the Playground and its libraries do, prints each address, then closes. */
const SCRIPT = `
const http = require('node:http');
const net = require('node:net');
const forms = {
  'port, callback': (s, done) => s.listen(0, done),
  'port only': (s, done) => { s.once('listening', done); s.listen(0); },
  'options': (s, done) => s.listen({ port: 0 }, done),
  'no arguments': (s, done) => { s.once('listening', done); s.listen(); },
  'explicit host': (s, done) => s.listen(0, '0.0.0.0', done),
  'explicit host in options': (s, done) => s.listen({ port: 0, host: '0.0.0.0' }, done),
};
(async () => {
  const out = {};
  for (const [name, listen] of Object.entries(forms)) {
    for (const make of [() => http.createServer(), () => net.createServer()]) {
      const server = make();
      await new Promise((resolve) => listen(server, resolve));
      out[name] = server.address().address;
      await new Promise((resolve) => server.close(resolve));
    }
  }
  process.stdout.write(JSON.stringify(out));
})();
`;

describe('local/loopbackOnly (the Playground preload)', () => {
  it('puts every host-less listen() on 127.0.0.1 and keeps an explicit host', async () => {
    const { stdout } = await run(process.execPath, ['--require', PRELOAD, '-e', SCRIPT]);
    assert.deepEqual(JSON.parse(stdout), {
      'port, callback': '127.0.0.1',
      'port only': '127.0.0.1',
      options: '127.0.0.1',
      'no arguments': '127.0.0.1',
      'explicit host': '0.0.0.0',
      'explicit host in options': '0.0.0.0',
    });
  });

  it('without the preload the same listen() binds every interface (what the Playground does alone)', async () => {
    const { stdout } = await run(process.execPath, [
      '-e',
      "const s = require('node:http').createServer(); s.listen(0, () => { process.stdout.write(s.address().address); s.close(); });",
    ]);
    assert.notEqual(stdout, '127.0.0.1');
  });
});
