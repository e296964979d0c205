/**
 * The audit use cases over in-memory ports: entries filtered by what the reader may read, names resolved
 * through the directory, pages, details, the export (the CSV kept as a one-time file and mailed to the
 * reader alone), and every audit record handed to the event sink.
 */
import assert from 'node:assert/strict';
import sinon from 'sinon';
import { Verbs } from '../../src/cards';
import { ErrorCodes } from '../../src/errors';
import { AuditedRequestStore } from '../../src/reset/auditEvents';
import { auditCsv } from '../../src/reset/auditCsv';
import { entriesOf } from '../../src/reset/auditEntry';
import { auditFromCard, auditFromCommand } from '../../src/reset/auditQuery';
import { startReset } from '../../src/reset/startReset';
import { submitReset } from '../../src/reset/submitReset';
import type { OutgoingAuditEvent } from '../../src/reset/ports';
import type { Actor } from '../../src/reset/types';
import { actionsOf, textOf } from '../cards/validate';
import { memoryDeps, profile, stubDirectory, user } from '../support/memoryPorts';

const HELPDESK = '729827e3-9c14-49f7-bb1b-9608f156bbb8';
const GLOBAL = '62e90394-69f5-4237-9190-012177145e10';
const TOKYO = { id: 'au-tokyo', displayName: 'Tokyo', restricted: false };

const alex = profile(user('a0000000-0000-0000-0000-000000000001', 'Alex Wilber'), [HELPDESK]);
const megan = profile(user('c0000000-0000-0000-0000-000000000003', 'Megan Bowen'), [GLOBAL]);
const taro = profile(user('10000000-0000-0000-0000-000000000010', 'Taro Tokyo'), [], {
  roleAssignments: [
    {
      roleTemplateId: HELPDESK,
      isBuiltIn: true,
      roleDisplayName: 'h',
      directoryScopeId: '/administrativeUnits/au-tokyo',
      viaGroupId: null,
    },
  ],
});
const bob = profile(user('b0000000-0000-0000-0000-000000000002', 'Bob Brown'));
const hanako = profile(user('20000000-0000-0000-0000-000000000020', 'Hanako Tanaka'), [], {
  administrativeUnits: [TOKYO],
});
const nora = profile(user('d0000000-0000-0000-0000-000000000004', 'Nora Nobody'));
const aliceA = profile(user('e0000000-0000-0000-0000-000000000005', 'Alice Adams'));
const aliceB = profile(user('f0000000-0000-0000-0000-000000000006', 'Alice Anderson'));

const actorOf = (p: typeof alex): Actor => ({
  aadObjectId: p.user.id,
  teamsUserId: `29:${p.user.id}`,
  name: p.user.displayName,
  tenantId: 'tenant-1',
});
const personal = { type: 'personal' as const, reference: '{"conversation":"personal"}' };

describe('audit use cases', () => {
  let sandbox: sinon.SinonSandbox;
  beforeEach(() => (sandbox = sinon.createSandbox()));
  afterEach(() => sandbox.restore());

  async function world() {
    const directory = stubDirectory(sandbox, [alex, megan, taro, bob, hanako, nora, aliceA, aliceB]);
    const events: OutgoingAuditEvent[] = [];
    const sink = { emit: (event: OutgoingAuditEvent) => void events.push(event) };
    const ports = memoryDeps(directory);
    const deps = {
      ...ports.deps,
      requests: new AuditedRequestStore(ports.requests, sink),
      auditEvents: sink,
    };
    const ask = async (who: typeof alex, name: string) =>
      startReset(deps, {
        actor: actorOf(who),
        conversation: personal,
        locale: 'en',
        queries: [name],
        correlationId: 'c',
      });
    // Alex resets Bob and Hanako (Tokyo), and is refused Megan; Nora, without a role, is refused.
    for (const name of ['Bob Brown', 'Hanako Tanaka']) {
      const requestId = (await ask(alex, name)).at(-1)!.requestId!;
      const submitted = await submitReset(
        deps,
        actorOf(alex),
        {
          verb: Verbs.submit,
          requestId,
          inputs: { recipients: 'desk@example.net' },
          trigger: 'manual',
          locale: 'en',
        },
        'c',
      );
      await submitted.continuation?.();
    }
    await ask(alex, 'Megan Bowen');
    await ask(nora, 'Bob Brown');
    return { ...ports, deps, directory, events };
  }

  const list = async (deps: Awaited<ReturnType<typeof world>>['deps'], who: typeof alex, filters = {}) => {
    const { cards } = await auditFromCommand(
      deps,
      { actor: actorOf(who), conversation: personal, locale: 'en', correlationId: 'c' },
      filters,
      'UTC',
    );
    return cards[0]!.card;
  };

  it('a Global Administrator reads every entry, the refused requester without a user included', async () => {
    const { deps } = await world();
    const text = textOf(await list(deps, megan));
    for (const name of ['Bob Brown', 'Hanako Tanaka', 'Megan Bowen', 'No user'])
      assert.ok(text.includes(name), name);
    assert.match(text, /Refused: the requester held no active admin role/);
    assert.match(text, /asked by Nora Nobody/, 'the refused sender is named');
    assert.ok(!text.includes('your role may reset'));
  });

  it('a name that matched nobody in a request that reached others is an entry of its own, named', async () => {
    const { deps, requests } = await world();
    await startReset(deps, {
      actor: actorOf(alex),
      conversation: personal,
      locale: 'en',
      queries: ['Bob Brown', 'Zed Unknown'],
      correlationId: 'c',
    });
    const text = textOf(await list(deps, megan));
    assert.ok(text.includes('No user matched "Zed Unknown"'), text);
    assert.match(text, /Refused: no user matched the name/);
    // Whoever may read only entries about users their role reaches does not see it.
    assert.ok(!textOf(await list(deps, alex)).includes('Zed Unknown'));
    const [row] = auditCsv(
      entriesOf([...requests.rows.values()].map((r) => r.value).find((r) => r.unresolvedNames)!).slice(-1),
      'en',
      new Date(),
    )
      .split('\r\n')
      .slice(1);
    assert.match(row!, /,Zed Unknown,,Refused: no user matched the name,refused,TARGET_NOT_FOUND,/);

    // Its Details button opens that entry, with the name's refusal among the steps.
    const zed = [...requests.rows.values()].map((r) => r.value).find((r) => r.unresolvedNames)!;
    const presses = actionsOf(await list(deps, megan)).filter((action) => {
      const data = action.data as Record<string, unknown> | undefined;
      return action.verb === Verbs.auditDetails && data?.requestId === zed.id && !data?.targetId;
    });
    assert.equal(presses.length, 1);
    const details = await auditFromCard(
      deps,
      { actor: actorOf(megan), conversation: personal, correlationId: 'c' },
      {
        verb: Verbs.auditDetails,
        requestId: zed.id,
        inputs: presses[0]!.data as Record<string, unknown>,
        trigger: 'manual',
        locale: 'en',
      },
    );
    const detailsText = textOf((details.answer as { card: object }).card);
    assert.ok(detailsText.includes('No user matched "Zed Unknown"'), detailsText);
    assert.match(detailsText, /What happened\nRefused\n.*\nno user matched the name/, detailsText);
  });

  it('a tenant-wide Helpdesk Administrator reads entries about users it may reset, and says so', async () => {
    const { deps } = await world();
    const text = textOf(await list(deps, alex));
    assert.ok(text.includes('Bob Brown') && text.includes('Hanako Tanaka'));
    assert.ok(!text.includes('Megan Bowen'), 'a Global Administrator is beyond its role');
    assert.ok(!text.includes('No user'), 'entries without a user belong to the whole-trail readers');
    assert.match(text, /You see entries about the users your role may reset now/);
  });

  it('a Helpdesk Administrator scoped to a unit reads only entries about that unit’s users, Details included', async () => {
    const { deps, requests } = await world();
    const card = await list(deps, taro);
    const text = textOf(card);
    assert.ok(text.includes('Hanako Tanaka'));
    assert.ok(!text.includes('Bob Brown'));
    // A Details press forged for Bob's entry shows nothing of it.
    const bobRequest = [...requests.rows.values()].find(
      (r) => r.value.targets[0]?.userId === bob.user.id,
    )!.value;
    const forged = await auditFromCard(
      deps,
      { actor: actorOf(taro), conversation: personal, correlationId: 'c' },
      {
        verb: Verbs.auditDetails,
        requestId: bobRequest.id,
        inputs: { targetId: bob.user.id },
        trigger: 'manual',
        locale: 'en',
      },
    );
    const forgedText = textOf((forged.answer as { card: object }).card);
    assert.match(forgedText, /does not exist, or your role may not read it/);
    assert.ok(!forgedText.includes('Bob Brown'));
  });

  it('shows the steps of an entry on Details, and goes back to the list', async () => {
    const { deps } = await world();
    const card = await list(deps, alex, { user: 'bob' });
    const details = actionsOf(card).find((a) => a.verb === Verbs.auditDetails)!;
    const data = details.data as Record<string, unknown>;
    const { requestId, ...inputs } = data;
    const answer = await auditFromCard(
      deps,
      { actor: actorOf(alex), conversation: personal, correlationId: 'c' },
      { verb: Verbs.auditDetails, requestId: String(requestId), inputs, trigger: 'manual', locale: 'en' },
    );
    const text = textOf((answer.answer as { card: object }).card);
    for (const step of [
      'Requested',
      'Submitted',
      'Reset started',
      'Password reset',
      'Signed out',
      'E-mail accepted',
    ])
      assert.ok(text.includes(step), step);
    assert.match(text, /To: desk@example\.net/);
    const back = actionsOf((answer.answer as { card: object }).card).find((a) => a.verb === Verbs.auditMore);
    assert.deepEqual(back?.data, { user: 'bob', lang: 'en' });
  });

  it('looks a name up in the directory: one user is used as a UPN, several get a choice', async () => {
    const { deps, directory } = await world();
    const one = textOf(await list(deps, alex, { user: 'Hanako Tanaka' }));
    assert.match(one, /User: hanako\.tanaka@contoso\.com/);
    assert.ok(one.includes('Hanako Tanaka') && !one.includes('Bob Brown'));
    sinon.assert.calledWith(directory.search, alex.user.id, ['Hanako Tanaka']);
    const choice = await list(deps, alex, { user: 'Alice A' });
    assert.match(textOf(choice), /Several users match "Alice A"/);
    assert.deepEqual(
      actionsOf(choice).map((a) => (a.data as Record<string, unknown>).user),
      [aliceA.user.userPrincipalName, aliceB.user.userPrincipalName],
    );
  });

  it('neither looks up nor repeats a filter that seems to hold a password', async () => {
    const { deps, directory } = await world();
    directory.search.resetHistory();
    const card = await list(deps, alex, { user: 'Summer#2024x' });
    assert.match(textOf(card), /Passwords are never typed in chat/);
    assert.ok(!textOf(card).includes('Summer#2024x'));
    sinon.assert.notCalled(directory.search);
  });

  it('pages ten entries at a time without repeating one', async () => {
    const { deps } = await world();
    for (let i = 0; i < 12; i += 1)
      await startReset(deps, {
        actor: actorOf(alex),
        conversation: personal,
        locale: 'en',
        queries: ['Bob Brown'],
        correlationId: 'c',
      });
    const first = await list(deps, alex, { user: 'bob' });
    const more = actionsOf(first).find((a) => a.verb === Verbs.auditMore && a.title === 'More');
    assert.ok(more, 'a More button');
    const inputs = more.data as Record<string, unknown>;
    const second = await auditFromCard(
      deps,
      { actor: actorOf(alex), conversation: personal, correlationId: 'c' },
      { verb: Verbs.auditMore, requestId: null, inputs, trigger: 'manual', locale: 'en' },
    );
    const firstIds = actionsOf(first)
      .filter((a) => a.verb === Verbs.auditDetails)
      .map((a) => (a.data as Record<string, unknown>).requestId);
    const secondCard = (second.answer as { card: object }).card;
    const secondIds = actionsOf(secondCard)
      .filter((a) => a.verb === Verbs.auditDetails)
      .map((a) => (a.data as Record<string, unknown>).requestId);
    assert.equal(firstIds.length, 10);
    assert.equal(secondIds.length, 3);
    assert.equal(new Set([...firstIds, ...secondIds]).size, 13);
    assert.match(textOf(secondCard), /Entries 11–13/);
  });

  it('refuses a reader without a role, and any audit outside a personal chat', async () => {
    const { deps } = await world();
    await assert.rejects(
      list(deps, nora),
      (e: unknown) => (e as { code?: string }).code === ErrorCodes.REQUESTER_NOT_ADMIN,
    );
    const { cards } = await auditFromCommand(
      deps,
      {
        actor: actorOf(megan),
        conversation: { type: 'channel', reference: '{}' },
        locale: 'en',
        correlationId: 'c',
      },
      {},
      'UTC',
    );
    assert.match(textOf(cards[0]!.card), /only in your personal chat/);
    assert.ok(!textOf(cards[0]!.card).includes('Bob'));
  });

  it('exports the readable entries as a CSV file kept for a one-time link, mailed to the reader alone', async () => {
    const { deps, directory, secrets, cards: port, events } = await world();
    const { cards, continuation } = await auditFromCommand(
      deps,
      { actor: actorOf(alex), conversation: personal, locale: 'en', correlationId: 'c' },
      { export: true },
      'UTC',
    );
    assert.match(textOf(cards[0]!.card), new RegExp(`e-mailed to you \\(${alex.user.mail}\\)`));
    await continuation!();
    const [stored] = [...secrets.secrets.values()].filter((s) => s.metadata.file);
    assert.ok(stored, 'the file is kept in the vault');
    assert.ok(stored.secret.startsWith('\uFEFFRequested (UTC),Asked by,'));
    assert.equal(stored.secret.split('\r\n').filter(Boolean).length, 1 + 2, 'header, Bob and Hanako');
    assert.ok(!stored.secret.includes('Megan Bowen'), 'only what the reader may read');
    assert.equal(stored.metadata.file?.entries, 2);
    const mail = directory.sendMail.lastCall.args[1];
    assert.deepEqual(mail.to, [alex.user.mail]);
    assert.match(mail.subject, /Audit export: 2 entries/);
    assert.ok(mail.html.includes(`https://bot.example/l/${stored.token}`));
    assert.match(textOf(port.posted.at(-1)!.cards[0]!.card), /The export of 2 entries was e-mailed/);
    assert.deepEqual(
      events.filter((e) => e.action === 'audit-exported').map((e) => [e.entries, e.outcome]),
      [[2, 'mailed']],
    );
  });

  it('hands every audit record to the sink once written, with the outcome of its entry', async () => {
    const { events, requests } = await world();
    assert.equal(events.filter((e) => e.action !== 'audit-exported').length, requests.allRecords().length);
    const bobMail = events.find(
      (e) => e.action === 'mail-accepted' && e.targetUpn === bob.user.userPrincipalName,
    );
    assert.equal(bobMail?.outcome, 'mailed');
    assert.deepEqual(bobMail?.recipients, ['desk@example.net']);
    const refusal = events.find((e) => e.requesterId === nora.user.id);
    assert.equal(refusal?.outcome, 'refused');
    assert.equal(refusal?.reasonCode, ErrorCodes.REQUESTER_NOT_ADMIN);
  });
});
