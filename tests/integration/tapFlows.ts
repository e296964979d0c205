/**
 * Steps of the Temporary Access Pass integration tests: the people who may or may not create a pass
 * (picked from the seed by their roles), opening and submitting the pass form, and reading a pass from its
 * link page or its mail the way the recipient would.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Verbs } from '../../src/cards/verbs';
import type { Locale } from '../../src/i18n';
import { tapInlineMail } from '../../src/mail/tapTemplates';
import type { SecretMetadata } from '../../src/reset/model';
import { tapPassPage } from '../../src/web/tapPages';
import { fetchPage, type InvokeBody } from '../support/botClient';
import type { OutboxMessage } from '../support/tenantAdmin';
import type { OpenForm } from './flows';
import {
  cardActions,
  cardInputs,
  cardText,
  extractByTemplate,
  graphCalls,
  requestIdOf,
  SEED_PATH,
  type Harness,
  type Person,
  type SayOptions,
} from './harness';
import type { LoggedRequest } from '../support/tenantAdmin';

/** Built-in role template ids of the people below. */
const ROLE = {
  auth: 'c4e39bd9-1100-46d3-8c65-fb160da0071f',
  privAuth: '7be44c8a-adaf-4e2a-84d6-ab2649e08a13',
  global: '62e90394-69f5-4237-9190-012177145e10',
  helpdesk: '729827e3-9c14-49f7-bb1b-9608f156bbb8',
  password: '966707d0-3269-4727-9be2-8c3a10f19b9d',
  user: 'fe930be7-5e62-47db-91af-98c3a49a38b1',
} as const;

interface SeedUser {
  id: string;
  displayName: string;
  userPrincipalName: string;
  mail?: string | null;
  otherMails?: string[];
  onPremisesSyncEnabled?: boolean | null;
}

/** A seed user by UPN, as a person the tests act as or on. */
export function personByUpn(upn: string): Person {
  const seed = JSON.parse(readFileSync(SEED_PATH, 'utf8')) as { users: SeedUser[] };
  const user = seed.users.find((u) => u.userPrincipalName.toLowerCase() === upn.toLowerCase());
  assert.ok(user, `the seed has ${upn}`);
  return {
    aadObjectId: user.id,
    name: user.displayName,
    upn: user.userPrincipalName,
    displayName: user.displayName,
    mail: user.mail ?? null,
    otherMails: user.otherMails ?? [],
  };
}

/** The only tenant-wide, active holder of `role` with no other role (the seed's one per role). */
export function holderOf(role: keyof typeof ROLE): Person {
  const seed = JSON.parse(readFileSync(SEED_PATH, 'utf8')) as {
    users: SeedUser[];
    roleAssignments: {
      principalId: string;
      roleTemplateId?: string;
      directoryScopeId?: string;
      status?: string;
    }[];
  };
  const holders = seed.roleAssignments.filter(
    (a) =>
      a.roleTemplateId === ROLE[role] &&
      (a.directoryScopeId ?? '/') === '/' &&
      (a.status ?? 'active') === 'active',
  );
  const user = seed.users.find((u) => holders.some((a) => a.principalId === u.id));
  assert.ok(user, `the seed has a tenant-wide ${role} administrator`);
  return personByUpn(user.userPrincipalName);
}

/** Asks for a pass and returns the form (asserting a pass form came back). */
export async function openTapForm(
  h: Harness,
  requester: Person,
  query: string,
  options: SayOptions & { command?: string } = {},
): Promise<OpenForm> {
  const said = await h.say(requester, options.command ?? `temporary access pass for ${query}`, options);
  assert.equal(said.answer.status, 200, `bot answered HTTP ${said.answer.status}`);
  const form = said.replies.find(
    (reply) => reply.card && cardActions(reply.card).some((a) => a.verb === Verbs.tapSubmit),
  );
  assert.ok(
    form?.card,
    `no pass form for "${query}"; cards: ${said.replies.map((r) => cardText(r.card)).join(' | ')}`,
  );
  const requestId = requestIdOf(form.card);
  assert.ok(requestId);
  return { conversationId: said.conversationId, cardId: form.id, card: form.card, requestId };
}

/** Asks for a pass and returns the text of every card that came back (for refusals). */
export async function askTap(h: Harness, requester: Person, query: string): Promise<string> {
  const said = await h.say(requester, `temporary access pass for ${query}`);
  assert.equal(said.answer.status, 200);
  assert.ok(
    !said.replies.some((r) => r.card && cardActions(r.card).some((a) => a.verb === Verbs.tapSubmit)),
    'no form may come back',
  );
  return said.replies.map((r) => cardText(r.card)).join('\n');
}

/** Submits a pass form with its own values, overridden by `inputs`. */
export function submitTapForm(
  h: Harness,
  requester: Person,
  form: OpenForm,
  inputs: Record<string, string> = {},
): Promise<InvokeBody> {
  return h.press(requester, Verbs.tapSubmit, {
    replyToId: form.cardId,
    conversationId: form.conversationId,
    requestId: form.requestId,
    inputs: { ...cardInputs(form.card), ...inputs },
  });
}

/** Every POST that creates a pass, in a slice of the tenant's log. */
export function tapPosts(log: readonly LoggedRequest[]): LoggedRequest[] {
  return graphCalls(log, 'POST', /\/authentication\/temporaryAccessPassMethods$/);
}

/** Opens a pass link as the recipient would (GET, then the POST of "Show pass") and returns the pass. */
export async function revealPass(link: string, target: Person, locale: Locale = 'en'): Promise<string> {
  const page = await fetchPage(link);
  assert.equal(page.status, 200, `the link page answered HTTP ${page.status}`);
  assert.ok(page.text.includes(target.upn), 'the page names the account');
  const token = link.split('/l/')[1];
  const shown = await fetchPage(link, { method: 'POST', form: { token } });
  assert.equal(shown.status, 200);
  const marker = 'MARKER-7a6b5c4d';
  const metadata: SecretMetadata = {
    requestId: 'x',
    targetUpn: target.upn,
    targetDisplayName: target.displayName,
    locale,
    expiresAt: new Date().toISOString(),
  };
  const pass = extractByTemplate(shown.text, tapPassPage({ metadata, pass: marker }), marker);
  assert.ok(pass, 'the page shows a pass');
  assert.ok(!page.text.includes(pass), 'the GET page never shows the pass');
  return pass;
}

/** The pass an inline mail carries. */
export function passInMail(mail: OutboxMessage, target: Person, requester: Person, contact: string): string {
  const marker = 'MARKER-3c2d1e0f';
  const template = tapInlineMail({
    locale: 'en',
    targetDisplayName: target.displayName,
    targetUpn: target.upn,
    requesterName: requester.displayName,
    helpdeskContact: contact,
    startDateTime: new Date().toISOString(),
    lifetimeInMinutes: 60,
    isUsableOnce: true,
    pass: marker,
  }).html;
  const pass = extractByTemplate(mail.body, template, marker);
  assert.ok(pass, 'the mail carries the pass');
  return pass;
}
