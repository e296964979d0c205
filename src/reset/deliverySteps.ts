/**
 * The two steps every kind of request ends with, defined once: the mail that carries the secret (or its
 * one-time link) to the recipients, and the notice to the user's own addresses. Neither is ever sent
 * again when its fate is unknown. Each kind gives only its texts (src/reset/steps.ts for a password,
 * src/reset/tapSteps.ts for a Temporary Access Pass).
 */
import type { RenderedMail } from '../mail/layout';
import type { Locale } from '../i18n';
import type { RequestTarget } from './model';
import type { RequestRun } from './run';
import type { StepDefinition, StepSecrets } from './steps';

/** What every mail about a user says, whatever the kind. */
export interface MailFields {
  readonly locale: Locale;
  readonly targetDisplayName: string;
  readonly targetUpn: string;
  readonly requesterName: string;
  readonly helpdeskContact: string;
}

/** What a notice says: whose secret changed, when, and whom to ask. */
export interface NoticeFields {
  readonly locale: Locale;
  readonly targetDisplayName: string;
  readonly at: string;
  readonly helpdeskContact: string;
}

/** The mail to the recipients, rendered by the kind from the run, the user and the secrets. */
export function mailStep(
  render: (run: RequestRun, target: RequestTarget, secrets: StepSecrets) => RenderedMail,
): StepDefinition {
  return {
    name: 'mail',
    intent: 'mail-intent',
    done: 'mail-accepted',
    failed: 'mail-failed',
    repeatable: false,
    applies: () => true,
    change: (run, target, secrets) => ({
      kind: 'send-mail',
      sender: run.deps.settings.mailSender,
      mail: { to: target.recipients ?? [], ...render(run, target, secrets) },
    }),
  };
}

/** The notice to the user's own addresses (when the tenant wants one and the user has any). */
export function noticeStep(render: (fields: NoticeFields) => RenderedMail): StepDefinition {
  return {
    name: 'notice',
    intent: 'notice-intent',
    done: 'notice-sent',
    failed: 'notice-failed',
    repeatable: false,
    applies: (run, target) => run.deps.settings.notifyTarget && (target.noticeTo?.length ?? 0) > 0,
    change: (run, target) => ({
      kind: 'send-mail',
      sender: run.deps.settings.mailSender,
      mail: {
        to: target.noticeTo ?? [],
        ...render({
          locale: run.request.locale,
          targetDisplayName: target.displayName,
          at: run.deps.now().toISOString(),
          helpdeskContact: helpdeskContact(run),
        }),
      },
    }),
  };
}

/** The fields every mail about `target` starts from. */
export function mailFields(run: RequestRun, target: RequestTarget): MailFields {
  return {
    locale: run.request.locale,
    targetDisplayName: target.displayName,
    targetUpn: target.userPrincipalName,
    requesterName: run.request.requesterName,
    helpdeskContact: helpdeskContact(run),
  };
}

/** The one-time link of a token. */
export function linkOf(run: RequestRun, token: string | null): string {
  return `${run.deps.settings.publicUrl}/l/${required(token)}`;
}

/** A secret a step cannot run without. */
export function required(value: string | null): string {
  if (value === null) throw new Error('a step ran without the secret it needs');
  return value;
}

function helpdeskContact(run: RequestRun): string {
  return run.deps.settings.helpdeskContact || run.deps.settings.mailSender;
}
