/**
 * GraphDirectory end to end against the real local tenant (a child process on HTTPS): every port
 * method, round trips counted from the tenant's request log, and each injected fault at each kind of
 * request, inside a $batch or on the $batch itself.
 * Needs the tenant's CA trusted at startup: `npm test` sets NODE_EXTRA_CA_CERTS.
 */
import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import type { Change, DirectoryPort } from '../../src/reset/ports';
import { GraphError } from '../../src/errors';
import { startTenant, type FaultSpec, type LoggedRequest, type RunningTenant } from '../support/tenant';
import { seedUserId, tenantDirectory } from './tenantDirectory';

const HELPDESK = '729827e3-9c14-49f7-bb1b-9608f156bbb8';
const TIMEOUT_MS = 600;

describe('directory/GraphDirectory against the local tenant', function () {
  this.timeout(60_000);
  let tenant: RunningTenant;
  let waits: number[];

  before(async function () {
    if (!process.env.NODE_EXTRA_CA_CERTS) {
      throw new Error(
        'Run with NODE_EXTRA_CA_CERTS=.local/certs/ca.pem (npm test does): the tenant speaks HTTPS.',
      );
    }
    tenant = await startTenant();
  });

  after(async () => tenant?.stop());

  beforeEach(async () => {
    waits = [];
    await tenant.admin.reset();
  });

  function directory(appName = 'Password Reset Bot'): DirectoryPort {
    return tenantDirectory(tenant, { appName, timeoutMs: TIMEOUT_MS, onWait: (ms) => waits.push(ms) });
  }

  const userId = (upn: string): string => seedUserId(tenant, upn);

  /** Top-level HTTP requests to Graph (requests inside a $batch and token requests excluded). */
  async function graphCalls(pattern: RegExp, method?: string): Promise<LoggedRequest[]> {
    const log = await tenant.admin.requests();
    return log.filter(
      (r) => r.batch === undefined && pattern.test(r.path) && (!method || r.method === method),
    );
  }

  /** Users found by the names, in one search as the requester Alex (no group hints yet). */
  async function found(dir: DirectoryPort, queries: string[], limit = 10) {
    return (await dir.search(userId('alex.wilber@contoso.com'), queries, limit)).results;
  }

  /** A target's fresh profile. */
  async function targetProfile(dir: DirectoryPort, upn: string) {
    const { targets } = await dir.readProfiles({ targets: [{ id: userId(upn), upn }] });
    const profile = targets.get(userId(upn));
    assert.ok(profile, `a profile for ${upn}`);
    return profile;
  }

  const change = {
    reset: (password: string, forceChange = true): Change => ({
      kind: 'reset-password',
      password,
      forceChange,
    }),
    revoke: (): Change => ({ kind: 'revoke-sessions' }),
    mail: (to = 'bob.home@example.com'): Change => ({
      kind: 'send-mail',
      sender: 'helpdesk@contoso.com',
      mail: { to: [to], subject: 'Your account', html: '<p>Hello</p>' },
    }),
  };

  describe('each port method', () => {
    it('search: the requester and every name in one round trip; both Alices by prefix, exact names win, escaped and non-Latin names', async () => {
      const dir = directory();
      const results = await found(dir, [
        'Alice',
        'alice adams',
        "Liam O'Brien",
        '田中 花子',
        'carol@contoso.com',
      ]);
      assert.deepEqual(results[0]!.users.map((u) => u.displayName).sort(), ['Alice Adams', 'Alice Anderson']);
      assert.equal(results[0]!.more, false);
      assert.deepEqual(
        results[1]!.users.map((u) => u.displayName),
        ['Alice Adams'],
      );
      assert.deepEqual(
        results[2]!.users.map((u) => u.userPrincipalName),
        ['liam.obrien@contoso.com'],
      );
      assert.deepEqual(
        results[3]!.users.map((u) => u.userPrincipalName),
        ['hanako.tanaka@contoso.com'],
      );
      assert.deepEqual(
        results[4]!.users.map((u) => u.displayName),
        ['Carol Clark'],
      );
      const calls = await graphCalls(/^\/v1\.0\//);
      assert.deepEqual(
        calls.map((c) => `${c.method} ${c.path}`),
        ['POST /v1.0/$batch'],
        'one round trip',
      );
      const few = (await found(dir, ['a'], 2))[0]!;
      assert.equal(few.users.length, 2);
      assert.equal(few.more, true);
    });

    it('readProfiles: a unit-scoped role in one round trip; the domain is cached afterwards', async () => {
      const dir = directory();
      const { requester } = await dir.readProfiles({ requester: { id: userId('kenji.sato@contoso.com') } });
      assert.deepEqual(requester?.roleAssignments, [
        {
          roleTemplateId: HELPDESK,
          isBuiltIn: true,
          roleDisplayName: 'Helpdesk Administrator',
          directoryScopeId: '/administrativeUnits/1d4bdc89-d09d-4693-b506-a9d389f4aace',
          viaGroupId: null,
        },
      ]);
      assert.equal(requester?.groupRolesRead, true);
      assert.equal((await graphCalls(/^\/v1\.0\//)).length, 1, 'one round trip');
      await targetProfile(dir, 'bob@contoso.com');
      await tenant.admin.clearRequests();
      await targetProfile(dir, 'carol@contoso.com');
      const log = await tenant.admin.requests();
      assert.equal(log.filter((r) => r.path.startsWith('/v1.0/domains/')).length, 0, 'domain answer cached');
      assert.equal((await graphCalls(/^\/v1\.0\//)).length, 1);
    });

    it("readProfiles: a requester's group-based roles (a second round trip only the first time), owners, restricted units, PIM-eligible, federation", async () => {
      const dir = directory();
      const lee = (await dir.readProfiles({ requester: { id: userId('lee.gu@contoso.com') } })).requester!;
      assert.deepEqual(
        lee.roleAssignments.map((r) => [r.roleTemplateId, r.directoryScopeId, r.viaGroupId]),
        [[HELPDESK, '/', 'bb6173be-2091-46ef-b387-4d6276c831db']],
      );
      assert.equal(lee.groupRolesRead, true);
      assert.equal((await graphCalls(/^\/v1\.0\//)).length, 2, "memberships, then the group's roles");
      await tenant.admin.clearRequests();
      await dir.readProfiles({ requester: { id: userId('lee.gu@contoso.com') } });
      assert.equal((await graphCalls(/^\/v1\.0\//)).length, 1, 'the group is known now: one round trip');

      const joni = await targetProfile(dir, 'joni.sherman@contoso.com');
      assert.deepEqual(joni.roleAssignableGroupIds, ['766f11bc-77c4-4923-ad62-5cd862622d0d']);
      assert.deepEqual(joni.roleAssignments, [], 'ownership grants no role');
      const johanna = await targetProfile(dir, 'johanna.lorenz@contoso.com');
      assert.deepEqual(johanna.administrativeUnits, [
        { id: '1425ac5c-ea45-47ba-9b1d-6903ed1189e3', displayName: 'Executives', restricted: true },
      ]);
      const hanako = await targetProfile(dir, 'hanako.tanaka@contoso.com');
      assert.deepEqual(
        hanako.administrativeUnits.map((u) => [u.displayName, u.restricted]),
        [['Tokyo', false]],
      );
      const haruto = await targetProfile(dir, 'haruto.suzuki@contoso.com');
      assert.deepEqual(
        haruto.administrativeUnits,
        [],
        'a group in a unit does not bring its members into it',
      );
      const grady = (await dir.readProfiles({ requester: { id: userId('grady.archie@contoso.com') } }))
        .requester!;
      assert.deepEqual(grady.roleAssignments, [], 'PIM-eligible is not active');
      assert.deepEqual(grady.eligibleRoleAssignments, [], "a requester's eligibilities are not read");
      const asTarget = await targetProfile(dir, 'grady.archie@contoso.com');
      assert.deepEqual(
        asTarget.eligibleRoleAssignments.map((r) => r.roleTemplateId),
        ['fe930be7-5e62-47db-91af-98c3a49a38b1'],
        'but a target is read as eligible',
      );
      assert.equal((await targetProfile(dir, 'sven@fabrikam.example')).federated, true);
      assert.equal(joni.federated, false);
    });

    it('readProfiles: custom roles come back as custom, whatever template id they copy', async () => {
      const { requester } = await directory().readProfiles({
        requester: { id: userId('allan.deyoung@contoso.com') },
      });
      assert.equal(requester?.roleAssignments.length, 1);
      assert.equal(requester?.roleAssignments[0]?.isBuiltIn, false);
      assert.notEqual(
        requester?.roleAssignments[0]?.roleTemplateId,
        HELPDESK,
        'the copied template id is not kept',
      );
    });

    it("readProfiles: a target's PIM-eligible roles and eligible role-assignable group memberships, in the same round trip", async () => {
      const dir = directory();
      const gerhart = await targetProfile(dir, 'gerhart.moller@contoso.com');
      assert.deepEqual(gerhart.roleAssignments, []);
      assert.deepEqual(
        gerhart.eligibleRoleAssignments.map((r) => [r.roleTemplateId, r.isBuiltIn, r.directoryScopeId]),
        [['62e90394-69f5-4237-9190-012177145e10', true, '/']],
      );
      await tenant.admin.clearRequests();
      const emily = await targetProfile(dir, 'emily.braun@contoso.com');
      assert.deepEqual(emily.roleAssignableGroupIds, []);
      assert.deepEqual(emily.eligibleRoleAssignableGroupIds, ['bb6173be-2091-46ef-b387-4d6276c831db']);
      assert.equal((await graphCalls(/^\/v1\.0\//)).length, 1, 'one round trip');
    });

    it('readProfiles refuses (GRAPH_READ_DENIED, naming the permission) for an app that may not read roles and memberships', async () => {
      await assert.rejects(
        directory('Contoso Directory Reader').readProfiles({
          requester: { id: userId('alex.wilber@contoso.com') },
        }),
        (e: unknown) =>
          e instanceof GraphError &&
          e.code === 'GRAPH_READ_DENIED' &&
          /^(GroupMember|RoleManagement|AdministrativeUnit|Domain)\./.test(e.permission ?? ''),
      );
    });

    it('applyChanges sets the password and the must-change flag in one round trip; Graph refusals keep their code', async () => {
      const dir = directory();
      const password = 'Vq8#tLm3!pWz6$Rk';
      const [done] = await dir.applyChanges(userId('bob@contoso.com'), [change.reset(password, false)]);
      assert.equal(done?.status, 'done');
      assert.deepEqual(await tenant.admin.verifyPassword('bob@contoso.com', password), {
        match: true,
        forceChangePasswordNextSignIn: false,
      });
      const [weak, notRun] = await dir.applyChanges(userId('bob@contoso.com'), [
        change.reset('password'),
        change.mail(),
      ]);
      assert.ok(
        weak?.status === 'failed' &&
          weak.error.code === 'GRAPH_BAD_REQUEST' &&
          weak.error.graphCode === 'Request_BadRequest',
      );
      assert.equal(notRun?.status, 'not-run', 'nothing follows a reset that failed');
      const [restricted] = await dir.applyChanges(userId('johanna.lorenz@contoso.com'), [
        change.reset(password),
      ]);
      assert.ok(
        restricted?.status === 'failed' &&
          restricted.error.code === 'GRAPH_DENIED' &&
          restricted.error.graphCode === 'Authorization_RequestDenied',
      );
      assert.equal((await tenant.admin.outbox()).length, 0);
    });

    it('applyChanges: reset, sign-out and mail in one round trip, in that order; the mail lands in the outbox', async () => {
      const dir = directory();
      const outcomes = await dir.applyChanges(userId('carol@contoso.com'), [
        change.reset('Wq7#mXp2!Lt9$Zr4'),
        change.revoke(),
        change.mail('carol.home@example.com'),
      ]);
      assert.deepEqual(
        outcomes.map((o) => o.status),
        ['done', 'done', 'done'],
      );
      const log = await tenant.admin.requests();
      assert.equal(log.filter((r) => r.batch === undefined && r.path.startsWith('/v1.0/')).length, 1);
      assert.deepEqual(
        log.filter((r) => r.batch !== undefined).map((r) => r.method),
        ['PATCH', 'POST', 'POST'],
        'in order, each after the one before',
      );
      const outbox = await tenant.admin.outbox();
      assert.equal(outbox.length, 1);
      assert.deepEqual(outbox[0]?.to, ['carol.home@example.com']);
    });
  });

  describe('faults', () => {
    const FAULTS: Record<string, Omit<FaultSpec, 'path' | 'method'>> = {
      '429 with Retry-After': { kind: 'status', status: 429, retryAfterSeconds: 1, count: 1 },
      '503': { kind: 'status', status: 503, count: 1 },
      '504': { kind: 'status', status: 504, count: 1 },
      'a dropped connection': { kind: 'drop', count: 1 },
      'latency beyond the timeout': { kind: 'latency', latencyMs: TIMEOUT_MS + 400, count: 1 },
    };

    interface CallType {
      readonly method: string;
      readonly path: RegExp;
      readonly run: (dir: DirectoryPort) => Promise<unknown>;
      readonly verify?: () => Promise<void>;
    }

    const password = 'Hn4#qRt8!vXm2$Lp';
    const CALLS: Record<string, CallType> = {
      'a search (in the batch)': { method: 'GET', path: /^\/v1\.0\/users$/, run: (d) => found(d, ['Carol']) },
      'a user (in the batch)': {
        method: 'GET',
        path: /^\/v1\.0\/users\/[^/]+$/,
        run: (d) => targetProfile(d, 'carol@contoso.com'),
      },
      'memberships (in the batch)': {
        method: 'GET',
        path: /\/memberOf$/,
        run: (d) => d.readProfiles({ requester: { id: userId('lee.gu@contoso.com') } }),
      },
      'the $batch itself': {
        method: 'POST',
        path: /^\/v1\.0\/\$batch$/,
        run: (d) => d.readProfiles({ requester: { id: userId('lee.gu@contoso.com') } }),
      },
      'the reset (in the batch)': {
        method: 'PATCH',
        path: /^\/v1\.0\/users\/[^/]+$/,
        run: async (d) => {
          const [outcome] = await d.applyChanges(userId('carol@contoso.com'), [change.reset(password)]);
          assert.equal(outcome?.status, 'done', JSON.stringify(outcome));
        },
        verify: async () =>
          assert.equal((await tenant.admin.verifyPassword('carol@contoso.com', password)).match, true),
      },
      'the sign-out (in the batch)': {
        method: 'POST',
        path: /\/revokeSignInSessions$/,
        run: async (d) => {
          const outcomes = await d.applyChanges(userId('carol@contoso.com'), [
            change.reset(password),
            change.revoke(),
          ]);
          assert.deepEqual(
            outcomes.map((o) => o.status),
            ['done', 'done'],
            JSON.stringify(outcomes),
          );
        },
      },
    };

    /** Every attempt of a call, inside a batch or not (a 424 was never attempted). */
    async function attemptsOf(call: CallType, atLeast: number): Promise<LoggedRequest[]> {
      const deadline = Date.now() + 5_000;
      for (;;) {
        const log = await tenant.admin.requests();
        const attempts = log.filter(
          (r) => r.method === call.method && call.path.test(r.path) && r.status !== 424,
        );
        if (attempts.length >= atLeast || Date.now() > deadline) return attempts;
        await delay(50);
      }
    }

    for (const [callName, call] of Object.entries(CALLS)) {
      for (const [faultName, fault] of Object.entries(FAULTS)) {
        it(`${callName} survives ${faultName} with one retry`, async () => {
          const dir = directory();
          await dir.readProfiles({
            targets: [{ id: userId('carol@contoso.com'), upn: 'carol@contoso.com' }],
          }); // token, domain
          await tenant.admin.clearRequests();
          await tenant.admin.addFault({ ...fault, method: call.method, path: call.path.source });
          await call.run(dir);
          await call.verify?.();
          // A request held back by latency is logged when it finishes: give it the time.
          const attempts = await attemptsOf(call, 2);
          assert.ok(attempts.length >= 2, `${attempts.length} attempts`);
          if (fault.kind === 'status' && fault.status === 429)
            assert.ok(
              waits.some((w) => w >= 1_000),
              `waited ${waits.join(', ')} ms`,
            );
        });
      }
    }

    it('a reset answered 503 goes again with the same password (exactly two PATCHes)', async () => {
      const dir = directory();
      await tenant.admin.addFault({
        method: 'PATCH',
        path: '^/v1\\.0/users/[^/]+$',
        kind: 'status',
        status: 503,
        count: 1,
      });
      const [outcome] = await dir.applyChanges(userId('alice.adams@contoso.com'), [change.reset(password)]);
      assert.equal(outcome?.status, 'done');
      assert.equal((await tenant.admin.requests()).filter((r) => r.method === 'PATCH').length, 2);
      assert.deepEqual(await tenant.admin.verifyPassword('alice.adams@contoso.com', password), {
        match: true,
        forceChangePasswordNextSignIn: true,
      });
    });

    for (const faultName of ['503', '504', 'a dropped connection']) {
      it(`a mail answered ${faultName} inside the batch: attempted exactly once, unknown (MAIL_UNKNOWN)`, async () => {
        const dir = directory();
        await tenant.admin.addFault({ ...FAULTS[faultName]!, method: 'POST', path: '/sendMail$' });
        const [reset, mail] = await dir.applyChanges(userId('bob@contoso.com'), [
          change.reset(password),
          change.mail(),
        ]);
        assert.equal(reset?.status, 'done');
        assert.ok(
          mail?.status === 'unknown' && mail.error.code === 'MAIL_UNKNOWN' && mail.error.ambiguous,
          JSON.stringify(mail),
        );
        await delay(300); // time for a retry to show up, were there one
        const sends = (await tenant.admin.requests()).filter((r) => r.path.endsWith('/sendMail'));
        assert.equal(sends.length, 1, 'sendMail attempted exactly once');
      });
    }

    it('a batch that times out as a whole: the reset goes again, the mail is unknown and never sent again', async () => {
      const dir = directory();
      await tenant.admin.addFault({
        ...FAULTS['latency beyond the timeout']!,
        method: 'POST',
        path: '/sendMail$',
      });
      const [reset, mail] = await dir.applyChanges(userId('bob@contoso.com'), [
        change.reset(password),
        change.mail(),
      ]);
      assert.equal(reset?.status, 'done');
      assert.ok(mail?.status === 'unknown' && mail.error.code === 'MAIL_UNKNOWN', JSON.stringify(mail));
      await delay(TIMEOUT_MS + 600); // the slow mail lands meanwhile
      const log = await tenant.admin.requests();
      assert.equal(log.filter((r) => r.path.endsWith('/sendMail')).length, 1, 'one sendMail');
      assert.equal(log.filter((r) => r.method === 'PATCH').length, 2, 'the reset went again (same password)');
      assert.equal((await tenant.admin.verifyPassword('bob@contoso.com', password)).match, true);
    });

    it('a mail answered 429 waits Retry-After, goes again, and is queued once', async () => {
      const dir = directory();
      await tenant.admin.addFault({
        method: 'POST',
        path: '/sendMail$',
        kind: 'status',
        status: 429,
        retryAfterSeconds: 2,
        count: 1,
      });
      const outcomes = await dir.applyChanges(userId('bob@contoso.com'), [
        change.reset(password),
        change.mail(),
      ]);
      assert.deepEqual(
        outcomes.map((o) => o.status),
        ['done', 'done'],
      );
      const log = await tenant.admin.requests();
      assert.deepEqual(
        log.filter((r) => r.path.endsWith('/sendMail')).map((r) => r.status),
        [429, 202],
      );
      assert.equal(
        log.filter((r) => r.method === 'PATCH').length,
        1,
        'the reset is not repeated for the mail',
      );
      assert.deepEqual(waits, [2_000]);
      assert.equal((await tenant.admin.outbox()).length, 1);
    });

    it('gives up after maxAttempts when Graph keeps answering 503 to a sign-out, and says so', async () => {
      const dir = directory();
      await tenant.admin.addFault({
        method: 'POST',
        path: '/revokeSignInSessions$',
        kind: 'status',
        status: 503,
      });
      const [reset, revoke] = await dir.applyChanges(userId('carol@contoso.com'), [
        change.reset(password),
        change.revoke(),
      ]);
      assert.equal(reset?.status, 'done');
      assert.ok(
        revoke?.status === 'unknown' &&
          revoke.error.code === 'GRAPH_UNAVAILABLE' &&
          revoke.error.status === 503,
        JSON.stringify(revoke),
      );
      assert.equal(
        (await tenant.admin.requests()).filter((r) => r.path.endsWith('/revokeSignInSessions')).length,
        4,
      );
    });
  });
});
