/**
 * "reset password for alice and bob" with two Alices: the form asks which Alice (or none), bob goes on;
 * the submit carries the choice, which is accepted only among the users stored for that name, and the
 * engine authorizes the chosen user on fresh roles like any other target.
 */
import assert from 'node:assert/strict';
import sinon from 'sinon';
import { ErrorCodes } from '../../src/errors';
import { t } from '../../src/i18n';
import { startReset } from '../../src/reset/startReset';
import { submitReset } from '../../src/reset/submitReset';
import type { Actor, CardAction } from '../../src/reset/types';
import { actionsOf, inputsOf, textOf } from '../cards/validate';
import { memoryDeps, profile, stubDirectory, user } from '../support/memoryPorts';

const HELPDESK = '729827e3-9c14-49f7-bb1b-9608f156bbb8';
const GLOBAL = '62e90394-69f5-4237-9190-012177145e10';

const alex = profile(user('a0000000-0000-0000-0000-000000000001', 'Alex Wilber'), [HELPDESK]);
const bob = profile(user('b0000000-0000-0000-0000-000000000002', 'Bob Brown'));
const aliceA = profile(user('e0000000-0000-0000-0000-000000000005', 'Alice Adams'));
const aliceB = profile(user('f0000000-0000-0000-0000-000000000006', 'Alice Anderson'), [GLOBAL]);
const megan = profile(user('c0000000-0000-0000-0000-000000000003', 'Megan Bowen'));

const actor: Actor = {
  aadObjectId: alex.user.id,
  teamsUserId: '29:alex',
  name: 'Alex',
  tenantId: 'tenant-1',
};
const conversation = { type: 'personal' as const, reference: '{}' };

describe('several users, several matches: the choice on the bulk form', () => {
  let sandbox: sinon.SinonSandbox;
  beforeEach(() => (sandbox = sinon.createSandbox()));
  afterEach(() => sandbox.restore());

  async function open() {
    const directory = stubDirectory(sandbox, [alex, bob, aliceA, aliceB, megan]);
    const ports = memoryDeps(directory);
    const cards = await startReset(ports.deps, {
      actor,
      conversation,
      locale: 'en',
      queries: ['alice', 'Bob Brown'],
      correlationId: 'c1',
    });
    return { directory, ...ports, cards };
  }

  const submit = (deps: Awaited<ReturnType<typeof open>>['deps'], requestId: string, choice?: string) => {
    const action: CardAction = {
      verb: 'reset.submit',
      requestId,
      inputs: {
        passwordMode: 'auto',
        recipients: 'alex.wilber@contoso.com',
        ...(choice !== undefined ? { choice1: choice } : {}),
      },
      trigger: 'manual',
      locale: 'en',
    };
    return submitReset(deps, actor, action, 'c2');
  };

  it('answers with one form: bob as a user, "alice" as a choice between both Alices or nobody; no refusal', async () => {
    const { cards, requests } = await open();
    assert.equal(cards.length, 1, 'no "too many users match" card');
    const form = cards[0]!.card;
    const choice = inputsOf(form).find((input) => input.id === 'choice1');
    assert.ok(choice, 'the form asks which alice');
    assert.equal(choice.isRequired, true);
    assert.deepEqual(
      (choice.choices as { value: string }[]).map((c) => c.value),
      [aliceA.user.userPrincipalName, aliceB.user.userPrincipalName, 'none'],
    );
    assert.match(textOf(form), new RegExp(t('en', 'form.title.many', { count: 2 })));
    assert.match(textOf(form), /Bob Brown/);
    assert.ok(!actionsOf(form).some((a) => (a.data as Record<string, unknown>)?.passwordMode === 'custom'));
    const stored = (await requests.get(cards[0]!.requestId!))!.value;
    assert.equal(stored.state, 'open');
    assert.deepEqual(
      stored.choices?.map((c) => c.candidates.map((u) => u.userId)),
      [[aliceA.user.id, aliceB.user.id]],
    );
    assert.deepEqual(
      requests.allRecords().map((r) => [r.action, r.targetUpn ?? '-']),
      [
        ['requested', bob.user.userPrincipalName],
        ['requested', '-'],
      ],
    );
  });

  it('resets the Alice chosen and bob, each authorized by the engine on fresh roles', async () => {
    const { deps, directory, cards, requests } = await open();
    const requestId = cards[0]!.requestId!;
    const result = await submit(deps, requestId, aliceA.user.userPrincipalName.toUpperCase());
    await result.continuation?.();
    const done = (await requests.get(requestId))!.value;
    assert.deepEqual(
      done.targets.map((target) => [target.userPrincipalName, target.state]),
      [
        [bob.user.userPrincipalName, 'mailed'],
        [aliceA.user.userPrincipalName, 'mailed'],
      ],
    );
    assert.equal(done.choices?.[0]?.chosen, aliceA.user.userPrincipalName);
    const read = directory.readProfiles.lastCall.args[0].targets?.map((target) => target.id);
    assert.ok(read?.includes(aliceA.user.id), 'the chosen Alice was read fresh at submit');
    sinon.assert.calledWith(directory.resetPassword, aliceA.user.id);
    sinon.assert.neverCalledWith(directory.resetPassword, aliceB.user.id);
    assert.ok(done.targets[1]!.reach, 'her reach is kept for the audit');
  });

  it('refuses the chosen user the requester may not reset, and resets the others', async () => {
    const { deps, directory, cards, requests } = await open();
    const requestId = cards[0]!.requestId!;
    const result = await submit(deps, requestId, aliceB.user.userPrincipalName);
    await result.continuation?.();
    const done = (await requests.get(requestId))!.value;
    assert.deepEqual(
      done.targets.map((target) => [target.userPrincipalName, target.state, target.failureCode ?? '']),
      [
        [bob.user.userPrincipalName, 'mailed', ''],
        [aliceB.user.userPrincipalName, 'refused', ErrorCodes.TARGET_PRIVILEGED],
      ],
    );
    sinon.assert.neverCalledWith(directory.resetPassword, aliceB.user.id);
  });

  it('takes "none" as the name left out, and refuses anyone not offered for the name', async () => {
    const { deps, directory, cards, requests } = await open();
    const requestId = cards[0]!.requestId!;
    for (const forged of [megan.user.userPrincipalName, megan.user.id, '', undefined]) {
      const again = await submit(deps, requestId, forged);
      assert.equal(again.continuation, undefined, `nothing runs for ${String(forged)}`);
      assert.equal(again.answer.kind, 'card');
      assert.match(
        textOf((again.answer as { card: object }).card),
        new RegExp(t('en', 'choice.form.required')),
      );
      assert.equal((await requests.get(requestId))!.value.state, 'open');
    }
    const result = await submit(deps, requestId, 'none');
    await result.continuation?.();
    const done = (await requests.get(requestId))!.value;
    assert.deepEqual(
      done.targets.map((target) => target.userPrincipalName),
      [bob.user.userPrincipalName],
    );
    assert.equal(done.choices?.[0]?.chosen, null);
    sinon.assert.calledOnce(directory.resetPassword);
  });
});
