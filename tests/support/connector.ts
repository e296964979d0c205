/**
 * A recording Bot Connector on loopback: the three routes botbuilder's ConnectorClient calls when the bot
 * runs anonymously (LOCAL_MODE) — send, reply and update an activity — answering each with a fresh id.
 * Tests point activities' `serviceUrl` here and read back what the bot said, and which cards it replaced.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One call the bot made to the connector. */
export interface ConnectorCall {
  readonly seq: number;
  readonly method: 'POST' | 'PUT' | string;
  /**
   * 'send' (new message), 'reply' (reply to an activity), 'update' (replace an activity), 'typing' (Teams'
   * typing indicator, sent or replied: no message), or 'other'.
   */
  readonly kind: 'send' | 'reply' | 'update' | 'typing' | 'other';
  readonly path: string;
  readonly conversationId: string;
  /** For replies: the activity replied to; for updates: the activity replaced; for sends: ''. */
  readonly activityId: string;
  /** The id the connector answered with (sends and replies) or the updated id. */
  readonly resultId: string;
  /** The raw request body as text (scanned by the canary). */
  readonly raw: string;
  readonly body: ConnectorActivity;
  readonly at: number;
}

/** The part of a Bot Framework activity the tests read. */
export interface ConnectorActivity {
  readonly type?: string;
  readonly id?: string;
  readonly text?: string;
  readonly replyToId?: string;
  readonly conversation?: { id?: string };
  readonly attachments?: { contentType?: string; content?: unknown }[];
  readonly [key: string]: unknown;
}

/** A message the bot posted, with its card (if any) in its latest version. */
export interface PostedActivity {
  readonly id: string;
  readonly conversationId: string;
  /** Latest version of the activity (an update replaces it). */
  readonly activity: ConnectorActivity;
  /** The first Adaptive Card attachment of the latest version, or null. */
  readonly card: AdaptiveCardJson | null;
  /** How many times it was updated. */
  readonly updates: number;
}

/** An Adaptive Card as JSON. */
export type AdaptiveCardJson = Record<string, unknown>;

/** The running connector. */
export interface RecordingConnector {
  /** Base URL to put into activities' `serviceUrl` (no trailing slash). */
  readonly url: string;
  /** Every call so far, in order. */
  calls(): readonly ConnectorCall[];
  /** Calls after a sequence number (exclusive), e.g. to see only what one test caused. */
  callsSince(seq: number): readonly ConnectorCall[];
  /** Sequence number of the latest call (0 before any). */
  mark(): number;
  /** Resolves with the first call (after `sinceSeq`) matching `predicate`; rejects after `timeoutMs`. */
  waitFor(
    predicate: (call: ConnectorCall) => boolean,
    timeoutMs?: number,
    sinceSeq?: number,
  ): Promise<ConnectorCall>;
  /** Messages posted into a conversation, oldest first, each in its latest version (updates replace). */
  posted(conversationId: string): PostedActivity[];
  /** Latest version of the activity with this id, or null. */
  activity(activityId: string): PostedActivity | null;
  /** Answers the next matching calls with an HTTP error instead of an id (to test connector outages). */
  failNext(status: number, count?: number): void;
  stop(): Promise<void>;
}

const ACTIVITY_PATH = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?\/?$/;

/** Starts a recording connector on 127.0.0.1, port 0. */
export async function startConnector(): Promise<RecordingConnector> {
  const calls: ConnectorCall[] = [];
  const latest = new Map<
    string,
    { conversationId: string; activity: ConnectorActivity; updates: number; order: number }
  >();
  const waiters = new Set<{
    since: number;
    predicate: (call: ConnectorCall) => boolean;
    resolve: (c: ConnectorCall) => void;
  }>();
  let failures: { status: number; left: number } | null = null;

  const record = (call: ConnectorCall): void => {
    calls.push(call);
    for (const waiter of [...waiters]) {
      if (call.seq > waiter.since && waiter.predicate(call)) {
        waiters.delete(waiter);
        waiter.resolve(call);
      }
    }
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: ConnectorActivity = {};
      try {
        body = raw ? (JSON.parse(raw) as ConnectorActivity) : {};
      } catch {
        body = {};
      }
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const match = ACTIVITY_PATH.exec(url.pathname);
      const method = req.method ?? 'GET';
      const conversationId = match ? decodeURIComponent(match[1]) : '';
      const activityId = match?.[2] ? decodeURIComponent(match[2]) : '';
      const kind: ConnectorCall['kind'] = !match
        ? 'other'
        : method === 'POST' && body.type === 'typing'
          ? 'typing'
          : method === 'POST' && !activityId
            ? 'send'
            : method === 'POST'
              ? 'reply'
              : method === 'PUT' && activityId
                ? 'update'
                : 'other';
      const failing =
        failures && failures.left > 0 && kind !== 'other' && kind !== 'typing' ? failures : null;
      if (failing) failing.left -= 1;
      const resultId =
        kind === 'update' ? activityId : kind === 'other' || failing ? '' : `act-${randomUUID()}`;
      const call: ConnectorCall = {
        seq: calls.length + 1,
        method,
        kind,
        path: url.pathname,
        conversationId,
        activityId,
        resultId,
        raw,
        body,
        at: Date.now(),
      };
      if (failing) {
        record(call);
        return json(res, failing.status, { error: { code: 'ServiceError', message: 'injected failure' } });
      }
      if (kind === 'send' || kind === 'reply') {
        latest.set(resultId, {
          conversationId,
          activity: { ...body, id: resultId },
          updates: 0,
          order: call.seq,
        });
      } else if (kind === 'update') {
        const previous = latest.get(activityId);
        if (!previous) {
          record(call);
          // The real connector answers 404 for an activity it never saw; so do we, so such a bug shows.
          return json(res, 404, { error: { code: 'ActivityNotFound', message: 'unknown activity' } });
        }
        latest.set(activityId, {
          ...previous,
          activity: { ...body, id: activityId },
          updates: previous.updates + 1,
        });
      }
      record(call);
      if (kind === 'other')
        return json(res, 404, {
          error: { code: 'NotFound', message: `not served: ${method} ${url.pathname}` },
        });
      return json(res, kind === 'update' ? 200 : 201, { id: resultId });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const toPosted = (id: string): PostedActivity | null => {
    const entry = latest.get(id);
    if (!entry) return null;
    return {
      id,
      conversationId: entry.conversationId,
      activity: entry.activity,
      card: cardOf(entry.activity),
      updates: entry.updates,
    };
  };

  return {
    url: `http://127.0.0.1:${port}`,
    calls: () => [...calls],
    callsSince: (seq) => calls.filter((call) => call.seq > seq),
    mark: () => calls.length,
    waitFor(predicate, timeoutMs = 10_000, sinceSeq = 0) {
      const found = calls.find((call) => call.seq > sinceSeq && predicate(call));
      if (found) return Promise.resolve(found);
      return new Promise<ConnectorCall>((resolve, reject) => {
        const waiter = {
          since: sinceSeq,
          predicate,
          resolve: (call: ConnectorCall) => {
            clearTimeout(timer);
            resolve(call);
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(
            new Error(
              `connector: no matching call within ${timeoutMs} ms (saw ${calls.length - sinceSeq} since #${sinceSeq})`,
            ),
          );
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
    posted(conversationId) {
      return [...latest.entries()]
        .filter(([, entry]) => entry.conversationId === conversationId)
        .sort(([, a], [, b]) => a.order - b.order)
        .map(([id]) => toPosted(id) as PostedActivity);
    },
    activity: toPosted,
    failNext(status, count = 1) {
      failures = { status, left: count };
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The first Adaptive Card attached to an activity, or null. */
export function cardOf(activity: ConnectorActivity | undefined): AdaptiveCardJson | null {
  const attachment = activity?.attachments?.find(
    (a) => a.contentType === 'application/vnd.microsoft.card.adaptive',
  );
  return attachment && typeof attachment.content === 'object' && attachment.content !== null
    ? (attachment.content as AdaptiveCardJson)
    : null;
}

function json(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}
