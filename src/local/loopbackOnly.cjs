/**
 * Preloaded into the Microsoft 365 Agents Playground by src/local/stack.ts (NODE_OPTIONS=--require).
 * The Playground has no option for the address it listens on and binds every interface, which would put
 * an unauthenticated Teams client for the local bot on the network. This makes any listen() that names
 * no host bind 127.0.0.1 instead; a listen() that names a host or a socket path is left alone.
 * Plain CommonJS because it runs before any TypeScript loader; never loaded in production.
 */
'use strict';

const net = require('node:net');

const LOOPBACK = '127.0.0.1';
const originalListen = net.Server.prototype.listen;

/** listen(port[, host][, backlog][, callback]), listen(options[, callback]), listen([callback]). */
function withLoopback(args) {
  const [first, ...rest] = args;
  if (first === undefined || typeof first === 'function')
    return [0, LOOPBACK, ...args.slice(first === undefined ? 1 : 0)];
  if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    return typeof rest[0] === 'string' ? args : [first, LOOPBACK, ...rest];
  }
  const isOptions =
    first !== null &&
    typeof first === 'object' &&
    !('_handle' in first) &&
    !('fd' in first) &&
    !('path' in first);
  if (isOptions && first.host === undefined) return [{ ...first, host: LOOPBACK }, ...rest];
  return args;
}

net.Server.prototype.listen = function listenOnLoopback(...args) {
  return originalListen.apply(this, withLoopback(args));
};
