/**
 * GraphDirectory end to end against the real local tenant (a child process on HTTPS): every port
 * method, round trips counted from the tenant's request log, and each injected fault at each call type.
 * Needs the tenant's CA trusted at startup: `npm test` sets NODE_EXTRA_CA_CERTS.
 */
import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { createGraphCredential } from '../../src/directory/credential';
import { GraphDirectory } from '../../src/directory/graphDirectory';
import type { DirectoryPort } from '../../src/directory/port';
import { GraphError } from '../../src/errors';
import { silentLogger } from '../../src/logger';
import { startTenant, type FaultSpec, type LoggedRequest, type RunningTenant } from '../support/tenant';

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

  function app(name: string) {
    const found = tenant.seed.applications.find((a) => a.displayName === name);
    assert.ok(found, `seed has the application ${name}`);
    return found;
  }

  function directory(appName = 'Password Reset Bot'): DirectoryPort {
    const { clientId, clientSecret } = app(appName);
    const credential = createGraphCredential({
      auth: 'client-secret',
      clientId,
      clientSecret,
      certificatePath: '',
      authorityHost: tenant.url,
      endpoint: tenant.url,
      tenantId: tenant.tenantId,
    });
    return new GraphDirectory({
      credential,
      endpoint: tenant.url,
      logger: silentLogger(),
      timeoutMs: TIMEOUT_MS,
      // Waits are recorded at their full length and shortened for the test's sake.
      sleep: async (ms) => {
        waits.push(ms);
        await delay(Math.min(ms, 20));
      },
    });
  }

  function userId(upn: string): string {
    const user = tenant.seed.users.find((u) => u.userPrincipalName === upn);
    assert.ok(user, `seed has ${upn}`);
    return user.id;
  }

  /** Top-level HTTP requests to Graph (requests inside a $batch and token requests excluded). */
  async function graphCalls(pattern: RegExp, method?: string): Promise<LoggedRequest[]> {
    const log = await tenant.admin.requests();
    return log.filter(
      (r) => r.batch === undefined && pattern.test(r.path) && (!method || r.method === method),
    );
  }

  /** Like graphCalls, but waits (up to 5 s) for requests held back by latency to be logged. */
  async function settledCalls(pattern: RegExp, method: string, atLeast: number): Promise<LoggedRequest[]> {
    const deadline = Date.now() + 5_000;
    for (;;) {
      const calls = await graphCalls(pattern, method);
      if (calls.length >= atLeast || Date.now() > deadline) return calls;
      await delay(50);
    }
  }

  describe('each port method', () => {
    it('getUser by UPN (with an apostrophe in the name) and by id; null when unknown', async () => {
      const dir = directory();
      const liam = await dir.getUser('liam.obrien@contoso.com');
      assert.equal(liam?.displayName, "Liam O'Brien");
      assert.deepEqual(liam?.otherMails, ['liam.obrien@example.ie']);
      assert.equal((await dir.getUser(userId('bob@contoso.com')))?.userPrincipalName, 'bob@contoso.com');
      assert.equal(await dir.getUser('nobody@contoso.com'), null);
      const guest = await dir.getUser('ellen_fabrikam.org#EXT#@contoso.com');
      assert.equal(guest?.userType, 'Guest');
    });

    it('findUsers: both Alices by prefix, one by full name, escaped and non-Latin names', async () => {
      const dir = directory();
      const alices = await dir.findUsers('Alice', 10);
      assert.deepEqual(alices.users.map((u) => u.displayName).sort(), ['Alice Adams', 'Alice Anderson']);
      assert.equal(alices.more, false);
      assert.deepEqual(
        (await dir.findUsers('alice adams', 10)).users.map((u) => u.displayName),
        ['Alice Adams'],
      );
      assert.deepEqual(
        (await dir.findUsers("Liam O'Brien", 10)).users.map((u) => u.userPrincipalName),
        ['liam.obrien@contoso.com'],
      );
      assert.deepEqual(
        (await dir.findUsers('田中 花子', 10)).users.map((u) => u.userPrincipalName),
        ['hanako.tanaka@contoso.com'],
      );
      assert.deepEqual(
        (await dir.findUsers('carol@contoso.com', 10)).users.map((u) => u.displayName),
        ['Carol Clark'],
      );
      const few = await dir.findUsers('a', 2);
      assert.equal(few.users.length, 2);
      assert.equal(few.more, true);
    });

    // Six requests in two waves: user, memberOf, ownedObjects and the $batch of PIM eligibilities together,
    // then the $batch of role assignments and the domain.
    it('getSecurityProfile: unit-scoped role in at most 6 requests, domain cached afterwards', async () => {
      const dir = directory();
      const kenji = await dir.getSecurityProfile(userId('kenji.sato@contoso.com'));
      assert.deepEqual(kenji.roleAssignments, [
        {
          roleTemplateId: HELPDESK,
          isBuiltIn: true,
          roleDisplayName: 'Helpdesk Administrator',
          directoryScopeId: '/administrativeUnits/1d4bdc89-d09d-4693-b506-a9d389f4aace',
          viaGroupId: null,
        },
      ]);
      assert.deepEqual(kenji.eligibleRoleAssignments, []);
      const first = await graphCalls(/^\/v1\.0\//);
      assert.ok(first.length <= 6, `${first.length} round trips`);
      await tenant.admin.clearRequests();
      await dir.getSecurityProfile(userId('kenji.sato@contoso.com'));
      assert.equal((await graphCalls(/^\/v1\.0\/domains\//)).length, 0, 'domain answer cached');
      assert.ok((await graphCalls(/^\/v1\.0\//)).length <= 5);
    });

    it('getSecurityProfile: custom roles come back as custom, whatever template id they copy', async () => {
      const allan = await directory().getSecurityProfile(userId('allan.deyoung@contoso.com'));
      assert.equal(allan.roleAssignments.length, 1);
      assert.equal(allan.roleAssignments[0]?.isBuiltIn, false);
      assert.notEqual(
        allan.roleAssignments[0]?.roleTemplateId,
        HELPDESK,
        'the copied template id is not kept',
      );
    });

    it('getSecurityProfile: PIM-eligible roles and eligible role-assignable group memberships', async () => {
      const dir = directory();
      const gerhart = await dir.getSecurityProfile(userId('gerhart.moller@contoso.com'));
      assert.deepEqual(gerhart.roleAssignments, []);
      assert.deepEqual(
        gerhart.eligibleRoleAssignments.map((r) => [r.roleTemplateId, r.isBuiltIn, r.directoryScopeId]),
        [['62e90394-69f5-4237-9190-012177145e10', true, '/']],
      );
      const emily = await dir.getSecurityProfile(userId('emily.braun@contoso.com'));
      assert.deepEqual(emily.roleAssignableGroupIds, []);
      assert.deepEqual(emily.eligibleRoleAssignableGroupIds, ['bb6173be-2091-46ef-b387-4d6276c831db']);
    });

    it('getSecurityProfile: group-based roles, owners, restricted units, PIM-eligible, federation', async () => {
      const dir = directory();
      const lee = await dir.getSecurityProfile(userId('lee.gu@contoso.com'));
      assert.deepEqual(
        lee.roleAssignments.map((r) => [r.roleTemplateId, r.directoryScopeId, r.viaGroupId]),
        [[HELPDESK, '/', 'bb6173be-2091-46ef-b387-4d6276c831db']],
      );
      const joni = await dir.getSecurityProfile(userId('joni.sherman@contoso.com'));
      assert.deepEqual(joni.roleAssignableGroupIds, ['766f11bc-77c4-4923-ad62-5cd862622d0d']);
      assert.deepEqual(joni.roleAssignments, [], 'ownership grants no role');
      const johanna = await dir.getSecurityProfile(userId('johanna.lorenz@contoso.com'));
      assert.deepEqual(johanna.administrativeUnits, [
        { id: '1425ac5c-ea45-47ba-9b1d-6903ed1189e3', displayName: 'Executives', restricted: true },
      ]);
      const hanako = await dir.getSecurityProfile(userId('hanako.tanaka@contoso.com'));
      assert.deepEqual(
        hanako.administrativeUnits.map((u) => [u.displayName, u.restricted]),
        [['Tokyo', false]],
      );
      const haruto = await dir.getSecurityProfile(userId('haruto.suzuki@contoso.com'));
      assert.deepEqual(
        haruto.administrativeUnits,
        [],
        'a group in a unit does not bring its members into it',
      );
      const grady = await dir.getSecurityProfile(userId('grady.archie@contoso.com'));
      assert.deepEqual(grady.roleAssignments, [], 'PIM-eligible is not active');
      assert.deepEqual(
        grady.eligibleRoleAssignments.map((r) => r.roleTemplateId),
        ['fe930be7-5e62-47db-91af-98c3a49a38b1'],
        'but it is read as eligible',
      );
      assert.equal((await dir.getSecurityProfile(userId('sven@fabrikam.example'))).federated, true);
      assert.equal(lee.federated, false);
    });

    it('getSecurityProfile refuses (GRAPH_DENIED) for an app that may not read roles and memberships', async () => {
      await assert.rejects(
        directory('Contoso Directory Reader').getSecurityProfile(userId('alex.wilber@contoso.com')),
        (e: unknown) => e instanceof GraphError && e.code === 'GRAPH_DENIED',
      );
    });

    it('resetPassword sets the password and the must-change flag; Graph refusals keep their code', async () => {
      const dir = directory();
      const password = 'Vq8#tLm3!pWz6$Rk';
      const receipt = await dir.resetPassword(userId('bob@contoso.com'), password, false);
      assert.ok(receipt.requestId);
      assert.deepEqual(await tenant.admin.verifyPassword('bob@contoso.com', password), {
        match: true,
        forceChangePasswordNextSignIn: false,
      });
      await assert.rejects(dir.resetPassword(userId('bob@contoso.com'), 'password', true), (e: unknown) => {
        return (
          e instanceof GraphError && e.code === 'GRAPH_BAD_REQUEST' && e.graphCode === 'Request_BadRequest'
        );
      });
      await assert.rejects(
        dir.resetPassword(userId('johanna.lorenz@contoso.com'), password, true),
        (e: unknown) =>
          e instanceof GraphError &&
          e.code === 'GRAPH_DENIED' &&
          e.graphCode === 'Authorization_RequestDenied',
      );
    });

    it('revokeSessions and sendMail reach the tenant; the mail lands in the outbox', async () => {
      const dir = directory();
      assert.ok((await dir.revokeSessions(userId('carol@contoso.com'))).requestId);
      await dir.sendMail('helpdesk@contoso.com', {
        to: ['carol.home@example.com'],
        subject: 'Hello',
        html: '<p>Hi</p>',
      });
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
      getUser: { method: 'GET', path: /^\/v1\.0\/users\/[^/]+$/, run: (d) => d.getUser('carol@contoso.com') },
      findUsers: { method: 'GET', path: /^\/v1\.0\/users$/, run: (d) => d.findUsers('Carol', 5) },
      'getSecurityProfile (memberOf)': {
        method: 'GET',
        path: /\/memberOf$/,
        run: (d) => d.getSecurityProfile(userId('lee.gu@contoso.com')),
      },
      'getSecurityProfile ($batch)': {
        method: 'POST',
        path: /^\/v1\.0\/\$batch$/,
        run: (d) => d.getSecurityProfile(userId('lee.gu@contoso.com')),
      },
      resetPassword: {
        method: 'PATCH',
        path: /^\/v1\.0\/users\/[^/]+$/,
        run: (d) => d.resetPassword(userId('carol@contoso.com'), password, true),
        verify: async () =>
          assert.equal((await tenant.admin.verifyPassword('carol@contoso.com', password)).match, true),
      },
      revokeSessions: {
        method: 'POST',
        path: /\/revokeSignInSessions$/,
        run: (d) => d.revokeSessions(userId('carol@contoso.com')),
      },
    };

    for (const [callName, call] of Object.entries(CALLS)) {
      for (const [faultName, fault] of Object.entries(FAULTS)) {
        it(`${callName} survives ${faultName} with one retry`, async () => {
          const dir = directory();
          await tenant.admin.addFault({ ...fault, method: call.method, path: call.path.source });
          await call.run(dir);
          await call.verify?.();
          // A request held back by latency is logged when it finishes: give it the time.
          const attempts = await settledCalls(call.path, call.method, 2);
          assert.ok(attempts.length >= 2, `${attempts.length} attempts`);
          if (fault.kind === 'status' && fault.status === 429)
            assert.ok(
              waits.some((w) => w >= 1_000),
              `waited ${waits.join(', ')} ms`,
            );
        });
      }
    }

    it('PATCH after a 503 succeeds on the retry with the same password (exactly two PATCHes)', async () => {
      const dir = directory();
      await tenant.admin.addFault({
        method: 'PATCH',
        path: '^/v1\\.0/users/[^/]+$',
        kind: 'status',
        status: 503,
        count: 1,
      });
      await dir.resetPassword(userId('alice.adams@contoso.com'), password, true);
      assert.equal((await graphCalls(/^\/v1\.0\/users\/[^/]+$/, 'PATCH')).length, 2);
      assert.deepEqual(await tenant.admin.verifyPassword('alice.adams@contoso.com', password), {
        match: true,
        forceChangePasswordNextSignIn: true,
      });
    });

    const mail = { to: ['bob.home@example.com'], subject: 'Your account', html: '<p>Hello</p>' };

    for (const faultName of ['503', '504', 'a dropped connection', 'latency beyond the timeout']) {
      it(`sendMail after ${faultName}: attempted exactly once, MAIL_UNKNOWN (ambiguous)`, async () => {
        const dir = directory();
        const fault = FAULTS[faultName]!;
        await tenant.admin.addFault({ ...fault, method: 'POST', path: '/sendMail$' });
        await assert.rejects(
          dir.sendMail('helpdesk@contoso.com', mail),
          (e: unknown) => e instanceof GraphError && e.code === 'MAIL_UNKNOWN' && e.ambiguous,
        );
        await settledCalls(/\/sendMail$/, 'POST', 1);
        // Time for a retry to show up, were there one.
        await delay(300);
        assert.equal((await graphCalls(/\/sendMail$/, 'POST')).length, 1, 'sendMail attempted exactly once');
      });
    }

    it('sendMail after 429 waits Retry-After, retries, and the mail is queued once', async () => {
      const dir = directory();
      await tenant.admin.addFault({
        method: 'POST',
        path: '/sendMail$',
        kind: 'status',
        status: 429,
        retryAfterSeconds: 2,
        count: 1,
      });
      await dir.sendMail('helpdesk@contoso.com', mail);
      assert.equal((await graphCalls(/\/sendMail$/, 'POST')).length, 2);
      assert.deepEqual(waits, [2_000]);
      assert.equal((await tenant.admin.outbox()).length, 1);
    });

    it('gives up after maxAttempts when Graph keeps answering 503', async () => {
      const dir = directory();
      await tenant.admin.addFault({
        method: 'POST',
        path: '/revokeSignInSessions$',
        kind: 'status',
        status: 503,
      });
      await assert.rejects(
        dir.revokeSessions(userId('carol@contoso.com')),
        (e: unknown) => e instanceof GraphError && e.code === 'GRAPH_UNAVAILABLE' && e.status === 503,
      );
      assert.equal((await graphCalls(/\/revokeSignInSessions$/, 'POST')).length, 4);
    });
  });
});
