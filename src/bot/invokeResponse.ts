/**
 * Universal Actions invoke answers: always HTTP 200 with `{statusCode, type, value}` — a replacement card,
 * a message, or an error Teams shows to the user.
 */
import type { InvokeResponse } from 'botbuilder';
import type { InvokeAnswer } from '../reset/types';

/** The invoke response for an answer of the use cases. */
export function toInvokeResponse(answer: InvokeAnswer): InvokeResponse {
  switch (answer.kind) {
    case 'card':
      return ok({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: answer.card });
    case 'message':
      return ok({ statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: answer.text });
    case 'error':
      return ok({
        statusCode: answer.status,
        type: 'application/vnd.microsoft.error',
        value: { code: answer.code, message: answer.text },
      });
  }
}

function ok(body: unknown): InvokeResponse {
  return { status: 200, body };
}
