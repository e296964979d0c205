/**
 * Refusals that open nothing are recorded per sender within a budget (10 an hour, then one record that
 * says the rest are not), with who the sender is; what a request stores about its users for the audit's
 * visibility (their reach) is kept at opening and refreshed at authorization.
 */
import assert from 'node:assert/strict';
import sinon from 'sinon';
import { ErrorCodes } from '../../src/errors';
import { REFUSALS_RECORDED_PER_HOUR } from '../../src/policy/rateLimits';
import { startReset } from '../../src/reset/startReset';
import { submitReset } from '../../src/reset/submitReset';
import type { Actor } from '../../src/reset/types';
import { memoryDeps, profile, stubDirectory, user } from '../support/memoryPorts';

const HELPDESK = '729827e3-9c14-49f7-bb1b-9608f156bbb8';
const DIRECTORY_READERS = '88d8e3e3-8f55-4a1e-953a-9b9898b8876b';
const GLOBAL = '62e90394-69f5-4237-9190-012177145e10';

const alex = profile(user('a0000000-0000-0000-0000-000000000001', 'Alex Wilber'), [HELPDESK]);
const nora = profile(user('d0000000-0000-0000-0000-000000000004', 'Nora Nobody'));
const bob = profile(user('b0000000-0000-0000-0000-000000000002', 'Bob Brown'), [DIRECTORY_READERS], {
  administrativeUnits: [{ id: 'au-tokyo', displayName: 'Tokyo', restricted: false }],
});
const megan = profile(user('c0000000-0000-0000-0000-000000000003', 'Megan Bowen'), [GLOBAL]);

const actorOf = (p: typeof alex): Actor => ({
  aadObjectId: p.user.id,
  teamsUserId: `29:${p.user.id}`,
  name: p.user.displayName,
  tenantId: 'tenant-1',
});
const conversation = { type: 'personal' as const, reference: '{}' };

describe('recorded refusals and the reach kept for the audit', () => {
  let sandbox: sinon.SinonSandbox;
  beforeEach(() => (sandbox = sinon.createSandbox()));
  afterEach(() => sandbox.restore());

  const ask = (deps: ReturnType<typeof memoryDeps>['deps'], who: typeof alex, name: string) =>
    startReset(deps, {
      actor: actorOf(who),
      conversation,
      locale: 'en',
      queries: [name],
      correlationId: 'c',
    });

  it('a sender without a role who keeps asking writes at most 10 refusals and one notice an hour, each naming the sender; every answer stays the same', async () => {
    const directory = stubDirectory(sandbox, [alex, nora, bob]);
    const { deps, requests } = memoryDeps(directory);
    const answers: string[] = [];
    for (let i = 0; i < 25; i += 1)
      answers.push(JSON.stringify((await ask(deps, nora, 'Bob Brown'))[0]!.card));
    assert.equal(new Set(answers).size, 1, 'the same refusal every time');
    const records = requests.allRecords();
    assert.equal(records.length, REFUSALS_RECORDED_PER_HOUR + 1);
    for (const record of records) {
      assert.equal(record.action, 'refused');
      assert.equal(record.reasonCode, ErrorCodes.REQUESTER_NOT_ADMIN);
      assert.equal(record.requesterId, nora.user.id);
      assert.equal(record.requesterUpn, nora.user.mail, 'the sender is named');
    }
    assert.match(records.at(-1)!.detail ?? '', /not recorded/);
    assert.equal(requests.rows.size, REFUSALS_RECORDED_PER_HOUR + 1, 'no request stored beyond the budget');

    // Someone else's budget is their own, and a real request is always recorded.
    await ask(deps, alex, 'Bob Brown');
    assert.equal(requests.allRecords().at(-1)?.action, 'requested');
  });

  it('an admin whose every name is refused shares the same budget; a request that opens is never throttled', async () => {
    const directory = stubDirectory(sandbox, [alex, megan, bob]);
    const { deps, requests } = memoryDeps(directory);
    for (let i = 0; i < 15; i += 1) await ask(deps, alex, 'Megan Bowen');
    const refusals = requests.allRecords().filter((r) => r.reasonCode === ErrorCodes.TARGET_PRIVILEGED);
    assert.equal(refusals.length, REFUSALS_RECORDED_PER_HOUR + 1);
    for (let i = 0; i < 3; i += 1) await ask(deps, alex, 'Bob Brown');
    assert.equal(requests.allRecords().filter((r) => r.action === 'requested').length, 3);
  });

  it('keeps each user’s reach when a request is opened (refused users included) and reads it again at submit', async () => {
    const directory = stubDirectory(sandbox, [alex, bob, megan]);
    // Bob's Directory Readers role would make the submit wait for a second admin; this is about the reach.
    const approval = { forAdmins: false, groupIds: [], ttlMs: 30 * 60_000, channelId: '' };
    const { deps, requests } = memoryDeps(directory, { settings: { approval } });
    await ask(deps, alex, 'Megan Bowen');
    const cards = await ask(deps, alex, 'Bob Brown');
    const stored = [...requests.rows.values()].map((row) => row.value);
    const refused = stored.find((r) => r.targets[0]?.userId === megan.user.id)!;
    assert.deepEqual(
      refused.targets[0]!.reach?.roles.map((r) => r.roleTemplateId),
      [GLOBAL],
    );
    const open = stored.find((r) => r.targets[0]?.userId === bob.user.id)!;
    assert.deepEqual(open.targets[0]!.reach, {
      roles: [{ roleTemplateId: DIRECTORY_READERS, isBuiltIn: true, directoryScopeId: '/' }],
      units: [{ id: 'au-tokyo', displayName: 'Tokyo', restricted: false }],
      roleAssignableGroup: false,
    });

    // Bob leaves the unit before the submit: the request keeps what authorization read then.
    directory.readProfiles.callsFake(async (query) => ({
      requester: alex,
      targets: new Map((query.targets ?? []).map((t) => [t.id, { ...bob, administrativeUnits: [] }])),
    }));
    const requestId = cards.at(-1)!.requestId!;
    const result = await submitReset(
      deps,
      actorOf(alex),
      {
        verb: 'reset.submit',
        requestId,
        inputs: { passwordMode: 'auto', recipients: 'someone@example.net' },
        trigger: 'manual',
        locale: 'en',
      },
      'c2',
    );
    await result.continuation?.();
    const after = (await requests.get(requestId))!.value;
    assert.deepEqual(after.targets[0]!.reach?.units, []);
  });
});
