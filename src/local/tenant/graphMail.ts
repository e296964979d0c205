/**
 * POST /users/{sender}/sendMail into the outbox, with Outlook's limit of four concurrent requests per
 * mailbox answered by 429 ApplicationThrottled, as Graph does.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { type GraphContext, graphError, type GraphRequest, type GraphResponse } from './graphCore';

const MAIL_SEND = ['Mail.Send'];
const MAILBOX_CONCURRENCY = 4;
const ADDRESS = /^[^@\s<>"]+@[^@\s<>"]+\.[^@\s<>"]+$/;

interface Recipient {
  emailAddress?: { address?: unknown; name?: unknown };
}

/** POST /users/{sender}/sendMail */
export async function sendMail(ctx: GraphContext, req: GraphRequest, key: string): Promise<GraphResponse> {
  if (!(ctx.roles ?? []).some((r) => MAIL_SEND.includes(r))) {
    return graphError(ctx, 403, 'ErrorAccessDenied', 'Access is denied. Check credentials and try again.');
  }
  const dir = ctx.state.directory;
  const lower = key.toLowerCase();
  const sender = dir.findUser(key) ?? [...dir.users.values()].find((u) => u.mail?.toLowerCase() === lower);
  if (!sender) return graphError(ctx, 404, 'ErrorInvalidUser', `The requested user '${key}' is invalid.`);
  if (!sender.hasMailbox) {
    return graphError(
      ctx,
      404,
      'MailboxNotEnabledForRESTAPI',
      'The mailbox is either inactive, soft-deleted, or is hosted on-premise.',
    );
  }
  const body = req.body as { message?: unknown; saveToSentItems?: unknown } | null;
  if (!body || typeof body !== 'object')
    return graphError(ctx, 400, 'BadRequest', 'Empty Payload. JSON content expected.');
  const message = body.message as
    | {
        subject?: unknown;
        body?: { contentType?: unknown; content?: unknown };
        toRecipients?: unknown;
        ccRecipients?: unknown;
        bccRecipients?: unknown;
      }
    | undefined;
  if (!message || typeof message !== 'object') {
    return graphError(ctx, 400, 'ErrorInvalidParameter', "The value of the parameter 'Message' is empty.");
  }
  const addresses = (list: unknown): string[] | null => {
    if (list === undefined || list === null) return [];
    if (!Array.isArray(list)) return null;
    const out: string[] = [];
    for (const r of list as Recipient[]) {
      const address = r?.emailAddress?.address;
      if (typeof address !== 'string') return null;
      out.push(address);
    }
    return out;
  };
  const to = addresses(message.toRecipients);
  const cc = addresses(message.ccRecipients);
  const bcc = addresses(message.bccRecipients);
  if (!to || !cc || !bcc)
    return graphError(ctx, 400, 'ErrorInvalidRecipients', 'At least one recipient is not valid.');
  const all = [...to, ...cc, ...bcc];
  if (all.length === 0) {
    return graphError(
      ctx,
      400,
      'ErrorInvalidRecipients',
      "At least one recipient isn't valid., A message can't be sent because it contains no recipients.",
    );
  }
  const bad = all.find((a) => !ADDRESS.test(a));
  if (bad) {
    return graphError(
      ctx,
      400,
      'ErrorInvalidRecipients',
      `At least one recipient isn't valid., Recipient '${bad}' isn't resolved. All recipients must be resolved before a message can be submitted.`,
    );
  }
  const contentType = String(message.body?.contentType ?? 'text').toLowerCase();
  if (contentType !== 'text' && contentType !== 'html') {
    return graphError(
      ctx,
      400,
      'RequestBodyRead',
      `Requested value '${String(message.body?.contentType)}' was not found.`,
    );
  }

  const mailbox = sender.id;
  const inFlight = ctx.state.mailInFlight.get(mailbox) ?? 0;
  if (inFlight >= MAILBOX_CONCURRENCY) {
    return graphError(ctx, 429, 'ApplicationThrottled', 'Application is over its MailboxConcurrency limit.', {
      'Retry-After': '1',
    });
  }
  ctx.state.mailInFlight.set(mailbox, inFlight + 1);
  const outbox = ctx.state.outbox;
  try {
    // A real submission takes a while; holding the slot is what makes the concurrency limit observable.
    await delay(ctx.state.sendMailLatencyMs);
    // A reset during the wait replaces the outbox; the message then belongs to the old one.
    outbox.unshift({
      id: randomUUID(),
      from: sender.mail ?? sender.userPrincipalName,
      to,
      cc,
      bcc,
      subject: typeof message.subject === 'string' ? message.subject : '',
      bodyType: contentType,
      body: typeof message.body?.content === 'string' ? message.body.content : '',
      receivedAt: new Date().toISOString(),
      savedToSentItems: body.saveToSentItems !== false,
    });
  } finally {
    const now = ctx.state.mailInFlight.get(mailbox) ?? 1;
    if (now <= 1) ctx.state.mailInFlight.delete(mailbox);
    else ctx.state.mailInFlight.set(mailbox, now - 1);
  }
  return { status: 202, headers: {} };
}
