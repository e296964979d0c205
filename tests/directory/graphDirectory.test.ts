import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import sinon from 'sinon';
import { GraphDirectory, type GraphDirectoryOptions } from '../../src/directory/graphDirectory';
import { GraphError } from '../../src/errors';
import { createLogger, silentLogger } from '../../src/logger';
import { fakeCredential, fakeFetch, graphError, json, type Handler, type SeenRequest } from './fakeGraph';

const ENDPOINT = 'https://127.0.0.1:4443';
const PASSWORD = 'Kx9#mQ2v!Lp7$wZr';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function userJson(id: string, displayName: string, upn: string): Record<string, unknown> {
  return {
    id,
    displayName,
    givenName: displayName.split(' ')[0] ?? null,
    surname: null,
    userPrincipalName: upn,
    mail: upn,
    otherMails: [],
    userType: 'Member',
    accountEnabled: true,
    onPremisesSyncEnabled: null,
    preferredLanguage: null,
  };
}

const mail = { to: ['a@example.com', 'b@example.com'], subject: 'Your account', html: '<p>hello</p>' };

async function rejectsWith(promise: Promise<unknown>, expected: Partial<GraphError>): Promise<GraphError> {
  let caught: unknown;
  await assert.rejects(promise, (e: unknown) => {
    caught = e;
    return e instanceof GraphError;
  });
  const error = caught as GraphError;
  for (const [key, value] of Object.entries(expected)) {
    assert.deepEqual((error as unknown as Record<string, unknown>)[key], value, `${key} of ${error.message}`);
  }
  return error;
}

describe('directory/GraphDirectory (scripted Graph)', () => {
  let sandbox: sinon.SinonSandbox;
  let sleep: sinon.SinonStub<[number], Promise<void>>;

  beforeEach(() => {
    sandbox = sinon.createSandbox();
    sleep = sandbox.stub<[number], Promise<void>>().resolves();
  });

  afterEach(() => sandbox.restore());

  function directory(handler: Handler, extra: Partial<GraphDirectoryOptions> = {}) {
    const { fetch, seen } = fakeFetch(handler);
    const credential = fakeCredential();
    const dir = new GraphDirectory({
      credential,
      endpoint: ENDPOINT,
      logger: silentLogger(),
      sleep,
      fetch,
      random: () => 0,
      ...extra,
    });
    return { dir, seen, credential };
  }

  describe('the edge', () => {
    it('sends the token to a custom host, a UUID client-request-id, and returns Graph’s request-id', async () => {
      const { dir, seen } = directory(
        () => new Response(null, { status: 204, headers: { 'request-id': 'graph-rid-1' } }),
      );
      const receipt = await dir.revokeSessions('u1');
      assert.equal(receipt.requestId, 'graph-rid-1');
      assert.equal(seen.length, 1);
      assert.equal(seen[0]?.url.href, `${ENDPOINT}/v1.0/users/u1/revokeSignInSessions`);
      assert.equal(seen[0]?.headers.authorization, 'Bearer test-token');
      assert.match(seen[0]?.headers['client-request-id'] ?? '', UUID);
    });

    it('refuses a non-https endpoint at construction', () => {
      assert.throws(
        () =>
          new GraphDirectory({
            credential: fakeCredential(),
            endpoint: 'http://127.0.0.1:1',
            logger: silentLogger(),
          }),
      );
    });

    const mapping: [number, string, string, boolean][] = [
      [400, 'Request_BadRequest', 'GRAPH_BAD_REQUEST', false],
      [401, 'InvalidAuthenticationToken', 'GRAPH_DENIED', false],
      [403, 'Authorization_RequestDenied', 'GRAPH_DENIED', false],
      [404, 'Request_ResourceNotFound', 'GRAPH_NOT_FOUND', false],
      [409, 'Conflict', 'GRAPH_BAD_REQUEST', false],
      [500, 'InternalServerError', 'GRAPH_UNAVAILABLE', true],
    ];
    for (const [status, graphCode, code, ambiguous] of mapping) {
      it(`maps ${status} to ${code} without retrying`, async () => {
        const { dir, seen } = directory(() =>
          graphError(status, graphCode, 'nope', { 'request-id': `rid-${status}` }),
        );
        await rejectsWith(dir.revokeSessions('u1'), {
          code: code as GraphError['code'],
          status,
          graphCode,
          ambiguous,
          requestId: `rid-${status}`,
        });
        assert.equal(seen.length, 1);
        assert.equal(sleep.callCount, 0);
      });
    }

    it('maps 429 after the last attempt to GRAPH_THROTTLED with Retry-After', async () => {
      const { dir, seen } = directory(() =>
        graphError(429, 'TooManyRequests', 'slow down', { 'retry-after': '2' }),
      );
      await rejectsWith(dir.revokeSessions('u1'), {
        code: 'GRAPH_THROTTLED',
        status: 429,
        retryAfterMs: 2_000,
        ambiguous: false,
      });
      assert.equal(seen.length, 4);
      assert.deepEqual(
        sleep.args.map((a) => a[0]),
        [2_000, 2_000, 2_000],
      );
    });

    it('bounds retries of 503 by maxAttempts and reports GRAPH_UNAVAILABLE (ambiguous)', async () => {
      const { dir, seen } = directory(() => graphError(503, 'ServiceUnavailable', 'busy'), {
        maxAttempts: 3,
      });
      await rejectsWith(dir.revokeSessions('u1'), {
        code: 'GRAPH_UNAVAILABLE',
        status: 503,
        ambiguous: true,
      });
      assert.equal(seen.length, 3);
    });

    it('gives up when Retry-After lies beyond the overall deadline', async () => {
      const { dir, seen } = directory(() =>
        graphError(429, 'TooManyRequests', 'later', { 'retry-after': '120' }),
      );
      await rejectsWith(dir.revokeSessions('u1'), { code: 'GRAPH_THROTTLED', retryAfterMs: 120_000 });
      assert.equal(seen.length, 1);
      assert.equal(sleep.callCount, 0);
    });

    it('maps a refused token to GRAPH_DENIED without touching Graph', async () => {
      const { fetch, seen } = fakeFetch(() => json(200, {}));
      const credential = {
        getToken: sandbox
          .stub()
          .rejects(
            Object.assign(new Error('invalid_client'), { name: 'AuthenticationError', statusCode: 401 }),
          ),
      };
      const dir = new GraphDirectory({
        credential,
        endpoint: ENDPOINT,
        logger: silentLogger(),
        sleep,
        fetch,
      });
      await rejectsWith(dir.revokeSessions('u1'), { code: 'GRAPH_DENIED', ambiguous: false });
      assert.equal(seen.length, 0);
      assert.equal(credential.getToken.callCount, 1);
    });

    it('stops at once when the caller aborts', async () => {
      const controller = new AbortController();
      const { dir, seen } = directory(() => {
        controller.abort();
        return 'hang';
      });
      await rejectsWith(dir.resetPassword('u1', PASSWORD, true, { signal: controller.signal }), {
        code: 'GRAPH_UNAVAILABLE',
        ambiguous: true,
      });
      assert.equal(seen.length, 1);
    });
  });

  describe('resetPassword', () => {
    it('PATCHes passwordProfile and returns the request id', async () => {
      const { dir, seen } = directory(
        () => new Response(null, { status: 204, headers: { 'request-id': 'rid-reset' } }),
      );
      const receipt = await dir.resetPassword('u 1/x', PASSWORD, false);
      assert.equal(receipt.requestId, 'rid-reset');
      assert.equal(seen[0]?.method, 'PATCH');
      assert.equal(seen[0]?.url.pathname, '/v1.0/users/u%201%2Fx');
      assert.deepEqual(seen[0]?.body, {
        passwordProfile: { password: PASSWORD, forceChangePasswordNextSignIn: false },
      });
    });

    it('retries 503 with the same body and the same client-request-id', async () => {
      const { dir, seen } = directory((_r, i) =>
        i === 0 ? graphError(503, 'ServiceUnavailable', 'busy') : new Response(null, { status: 204 }),
      );
      await dir.resetPassword('u1', PASSWORD, true);
      assert.equal(seen.length, 2);
      assert.deepEqual(seen[1]?.body, seen[0]?.body);
      assert.equal(seen[1]?.headers['client-request-id'], seen[0]?.headers['client-request-id']);
      assert.equal(sleep.callCount, 1);
    });

    it('waits exactly Retry-After after 429, never less', async () => {
      const { dir, seen } = directory((_r, i) =>
        i === 0
          ? graphError(429, 'TooManyRequests', 'slow', { 'retry-after': '3' })
          : new Response(null, { status: 204 }),
      );
      await dir.resetPassword('u1', PASSWORD, true);
      assert.equal(seen.length, 2);
      assert.deepEqual(sleep.args, [[3_000]]);
    });

    it('retries after a dropped connection and after a timeout', async () => {
      const { dir, seen } = directory(
        (_r, i) => (i === 0 ? 'drop' : i === 1 ? 'hang' : new Response(null, { status: 204 })),
        { timeoutMs: 50 },
      );
      await dir.resetPassword('u1', PASSWORD, true);
      assert.equal(seen.length, 3);
    });

    it('keeps Graph’s code on a policy refusal and never repeats the password in the error', async () => {
      const { dir } = directory(() =>
        graphError(
          400,
          'Request_BadRequest',
          `The specified password ${PASSWORD} does not comply with password complexity requirements.`,
        ),
      );
      const error = await rejectsWith(dir.resetPassword('u1', PASSWORD, true), {
        code: 'GRAPH_BAD_REQUEST',
        graphCode: 'Request_BadRequest',
      });
      assert.equal(error.message.includes(PASSWORD), false);
      assert.equal(JSON.stringify(error.details).includes(PASSWORD), false);
    });

    it('never writes the password to the log, even when Graph echoes it', async () => {
      const lines: string[] = [];
      const sink = new Writable({
        write(chunk: Buffer, _enc, done) {
          lines.push(chunk.toString());
          done();
        },
      });
      const { dir } = directory(
        (_r, i) =>
          i === 0
            ? graphError(503, 'ServiceUnavailable', `echo ${PASSWORD}`)
            : graphError(400, 'Request_BadRequest', `echo ${PASSWORD}`),
        { logger: createLogger('trace', sink) },
      );
      await assert.rejects(dir.resetPassword('u1', PASSWORD, true));
      assert.ok(lines.length >= 2, 'attempts were logged');
      assert.equal(lines.join('').includes(PASSWORD), false);
    });
  });

  describe('sendMail', () => {
    function lastMailOnly(seen: SeenRequest[]): void {
      assert.equal(
        seen.filter((r) => r.url.pathname.endsWith('/sendMail')).length,
        1,
        'sendMail attempted exactly once',
      );
    }

    it('posts the message with HTML body, recipients and saveToSentItems false', async () => {
      const { dir, seen } = directory(
        () => new Response(null, { status: 202, headers: { 'request-id': 'rid-mail' } }),
      );
      const receipt = await dir.sendMail('helpdesk@contoso.com', mail);
      assert.equal(receipt.requestId, 'rid-mail');
      assert.equal(seen[0]?.url.pathname, '/v1.0/users/helpdesk%40contoso.com/sendMail');
      assert.deepEqual(seen[0]?.body, {
        message: {
          subject: 'Your account',
          body: { contentType: 'HTML', content: '<p>hello</p>' },
          toRecipients: [
            { emailAddress: { address: 'a@example.com' } },
            { emailAddress: { address: 'b@example.com' } },
          ],
        },
        saveToSentItems: false,
      });
    });

    for (const status of [500, 502, 503, 504]) {
      it(`is never retried after ${status}: MAIL_UNKNOWN, ambiguous`, async () => {
        const { dir, seen } = directory(() =>
          graphError(status, 'ServiceUnavailable', 'busy', { 'retry-after': '1' }),
        );
        await rejectsWith(dir.sendMail('helpdesk@contoso.com', mail), {
          code: 'MAIL_UNKNOWN',
          ambiguous: true,
          status,
        });
        lastMailOnly(seen);
        assert.equal(sleep.callCount, 0);
      });
    }

    it('is never retried after a dropped connection', async () => {
      const { dir, seen } = directory(() => 'drop');
      await rejectsWith(dir.sendMail('helpdesk@contoso.com', mail), {
        code: 'MAIL_UNKNOWN',
        ambiguous: true,
        graphCode: 'ConnectionLost',
      });
      lastMailOnly(seen);
    });

    it('is never retried after a timeout', async () => {
      const { dir, seen } = directory(() => 'hang', { timeoutMs: 30 });
      await rejectsWith(dir.sendMail('helpdesk@contoso.com', mail), {
        code: 'MAIL_UNKNOWN',
        ambiguous: true,
        graphCode: 'Timeout',
      });
      lastMailOnly(seen);
    });

    it('is retried after 429, only once Retry-After has passed', async () => {
      const { dir, seen } = directory((_r, i) =>
        i === 0
          ? graphError(429, 'ApplicationThrottled', 'slow', { 'retry-after': '2' })
          : new Response(null, { status: 202 }),
      );
      await dir.sendMail('helpdesk@contoso.com', mail);
      assert.equal(seen.length, 2);
      assert.deepEqual(sleep.args, [[2_000]]);
    });

    it('is retried when the connection was refused (nothing was sent)', async () => {
      const { dir, seen } = directory((_r, i) => (i === 0 ? 'refused' : new Response(null, { status: 202 })));
      await dir.sendMail('helpdesk@contoso.com', mail);
      assert.equal(seen.length, 2);
    });

    it('fails with MAIL_FAILED on 4xx and after 429s run out', async () => {
      const bad = directory(() => graphError(400, 'ErrorInvalidRecipients', 'bad'));
      await rejectsWith(bad.dir.sendMail('helpdesk@contoso.com', mail), {
        code: 'MAIL_FAILED',
        ambiguous: false,
        status: 400,
      });
      const throttled = directory(() =>
        graphError(429, 'ApplicationThrottled', 'slow', { 'retry-after': '1' }),
      );
      await rejectsWith(throttled.dir.sendMail('helpdesk@contoso.com', mail), {
        code: 'MAIL_FAILED',
        status: 429,
        retryAfterMs: 1_000,
      });
      assert.equal(throttled.seen.length, 4);
    });
  });

  describe('getUser', () => {
    it('reads a user by UPN with the selected properties, encoding the UPN', async () => {
      const { dir, seen } = directory(() =>
        json(200, userJson('u1', "Liam O'Brien", "liam.o'brien#x@contoso.com")),
      );
      const user = await dir.getUser("liam.o'brien#x@contoso.com");
      assert.equal(user?.displayName, "Liam O'Brien");
      assert.equal(seen[0]?.url.pathname, '/v1.0/users/liam.o%27brien%23x%40contoso.com');
      assert.equal(
        seen[0]?.url.searchParams.get('$select'),
        'id,displayName,givenName,surname,userPrincipalName,mail,otherMails,userType,accountEnabled,onPremisesSyncEnabled,preferredLanguage',
      );
    });

    it('returns null on 404 and throws on 403', async () => {
      const missing = directory(() => graphError(404, 'Request_ResourceNotFound', 'no such user'));
      assert.equal(await missing.dir.getUser('nobody@contoso.com'), null);
      const denied = directory(() =>
        graphError(403, 'Authorization_RequestDenied', 'Insufficient privileges'),
      );
      await rejectsWith(denied.dir.getUser('u1'), { code: 'GRAPH_DENIED' });
    });
  });

  describe('findUsers', () => {
    const adams = userJson('1', 'Alice Adams', 'alice.adams@contoso.com');
    const anderson = userJson('2', 'Alice Anderson', 'alice.anderson@contoso.com');
    const alice = userJson('3', 'Alice', 'alice@contoso.com');

    it('sends an advanced query with $top = limit + 1, $count and ConsistencyLevel', async () => {
      const { dir, seen } = directory(() => json(200, { value: [adams, anderson] }));
      const result = await dir.findUsers('  Alice ', 5);
      assert.deepEqual(
        result.users.map((u) => u.id),
        ['1', '2'],
      );
      assert.equal(result.more, false);
      const params = seen[0]?.url.searchParams;
      assert.equal(params?.get('$top'), '6');
      assert.equal(params?.get('$count'), 'true');
      assert.match(params?.get('$filter') ?? '', /^startswith\(displayName,'Alice'\) or /);
      assert.equal(seen[0]?.headers.consistencylevel, 'eventual');
    });

    it('returns only the exact match when one user’s name equals the query', async () => {
      const { dir } = directory(() => json(200, { value: [adams, alice, anderson] }));
      const result = await dir.findUsers('alice', 10);
      assert.deepEqual(
        result.users.map((u) => u.id),
        ['3'],
      );
      assert.equal(result.more, false);
    });

    it('says "more" when prefix matches overflow and no exact match exists', async () => {
      const many = Array.from({ length: 4 }, (_v, i) => userJson(`m${i}`, `Alice ${i}`, `a${i}@contoso.com`));
      const { dir, seen } = directory(() => json(200, { value: many }));
      const result = await dir.findUsers('Ali', 3);
      assert.equal(result.users.length, 3);
      assert.equal(result.more, true);
      assert.equal(seen.length, 2, 'a second query looked for an exact name');
      assert.equal(
        seen[1]?.url.searchParams.get('$filter'),
        "displayName eq 'Ali' or startswith(userPrincipalName,'Ali@')",
      );
    });

    it('finds an exact match beyond the first page with a second query', async () => {
      const many = Array.from({ length: 3 }, (_v, i) => userJson(`m${i}`, `Alice ${i}`, `a${i}@contoso.com`));
      const { dir } = directory((_r, i) => json(200, { value: i === 0 ? many : [alice] }));
      const result = await dir.findUsers('Alice', 2);
      assert.deepEqual(
        result.users.map((u) => u.id),
        ['3'],
      );
      assert.equal(result.more, false);
    });

    it('escapes quotes in names and searches addresses on UPN and mail', async () => {
      const { dir, seen } = directory(() => json(200, { value: [] }));
      await dir.findUsers("O'Brien", 5);
      await dir.findUsers('liam@contoso.com', 5);
      assert.match(seen[0]?.url.searchParams.get('$filter') ?? '', /startswith\(displayName,'O''Brien'\)/);
      assert.equal(
        seen[1]?.url.searchParams.get('$filter'),
        "userPrincipalName eq 'liam@contoso.com' or mail eq 'liam@contoso.com'",
      );
    });
  });

  describe('getSecurityProfile', () => {
    const HELPDESK = '729827e3-9c14-49f7-bb1b-9608f156bbb8';
    const USER_ADMIN = 'fe930be7-5e62-47db-91af-98c3a49a38b1';

    const GLOBAL = '62e90394-69f5-4237-9190-012177145e10';
    /** The $batch of PIM eligibilities (its first inner request reads roleEligibilitySchedules). */
    const isEligibilityBatch = (req: SeenRequest): boolean =>
      (req.body as { requests?: { url: string }[] } | undefined)?.requests?.[0]?.url.startsWith(
        '/roleManagement/directory/roleEligibilitySchedules?',
      ) === true;
    const empty = { value: [] };

    function tenant(
      overrides: {
        batch?: (req: SeenRequest, n: number) => Response;
        eligibility?: (req: SeenRequest) => Response;
        domainType?: string;
      } = {},
    ): Handler {
      let batches = 0;
      return (req) => {
        const path = req.url.pathname;
        if (path === '/v1.0/users/u1') return json(200, userJson('u1', 'Ken Sato', 'ken@contoso.com'));
        if (path === '/v1.0/users/u1/memberOf') {
          if (req.url.searchParams.get('$skiptoken') === 'p2') {
            return json(200, {
              value: [
                {
                  '@odata.type': '#microsoft.graph.administrativeUnit',
                  id: 'au-tokyo',
                  displayName: 'Tokyo',
                  isMemberManagementRestricted: false,
                },
              ],
            });
          }
          return json(200, {
            value: [
              {
                '@odata.type': '#microsoft.graph.group',
                id: 'g-ra',
                displayName: 'Helpdesk team',
                isAssignableToRole: true,
              },
              {
                '@odata.type': '#microsoft.graph.group',
                id: 'g-plain',
                displayName: 'All staff',
                isAssignableToRole: false,
              },
              {
                '@odata.type': '#microsoft.graph.directoryRole',
                id: 'dr',
                displayName: 'Helpdesk Administrator',
              },
            ],
            '@odata.nextLink': `${ENDPOINT}/v1.0/users/u1/memberOf?$skiptoken=p2`,
          });
        }
        if (path === '/v1.0/users/u1/ownedObjects/microsoft.graph.group') {
          return json(200, {
            value: [
              {
                '@odata.type': '#microsoft.graph.group',
                id: 'g-owned',
                displayName: 'Admins',
                isAssignableToRole: true,
              },
            ],
          });
        }
        if (path === '/v1.0/$batch' && isEligibilityBatch(req)) {
          if (overrides.eligibility) return overrides.eligibility(req);
          return json(200, {
            responses: [
              { id: '1', status: 200, headers: {}, body: empty },
              { id: '2', status: 200, headers: {}, body: empty },
            ],
          });
        }
        if (path === '/v1.0/$batch') {
          batches += 1;
          if (overrides.batch) return overrides.batch(req, batches);
          return json(200, {
            responses: [
              {
                id: '2',
                status: 200,
                headers: {},
                body: {
                  value: [
                    {
                      roleDefinitionId: HELPDESK,
                      directoryScopeId: '/',
                      roleDefinition: {
                        templateId: HELPDESK,
                        displayName: 'Helpdesk Administrator',
                        isBuiltIn: true,
                      },
                    },
                  ],
                },
              },
              {
                id: '1',
                status: 200,
                headers: {},
                body: {
                  value: [
                    {
                      roleDefinitionId: USER_ADMIN,
                      directoryScopeId: '/administrativeUnits/au-tokyo',
                      roleDefinition: {
                        templateId: USER_ADMIN,
                        displayName: 'User Administrator',
                        isBuiltIn: true,
                      },
                    },
                  ],
                },
              },
            ],
          });
        }
        if (path === '/v1.0/domains/contoso.com')
          return json(200, { id: 'contoso.com', authenticationType: overrides.domainType ?? 'Managed' });
        return graphError(404, 'Request_ResourceNotFound', `unexpected ${path}`);
      };
    }

    it('assembles roles (direct and via group), units and role-assignable groups in few round trips', async () => {
      const { dir, seen } = directory(tenant());
      const profile = await dir.getSecurityProfile('u1');
      assert.equal(profile.user.id, 'u1');
      assert.deepEqual(profile.roleAssignments, [
        {
          roleTemplateId: USER_ADMIN,
          isBuiltIn: true,
          roleDisplayName: 'User Administrator',
          directoryScopeId: '/administrativeUnits/au-tokyo',
          viaGroupId: null,
        },
        {
          roleTemplateId: HELPDESK,
          isBuiltIn: true,
          roleDisplayName: 'Helpdesk Administrator',
          directoryScopeId: '/',
          viaGroupId: 'g-ra',
        },
      ]);
      assert.deepEqual(profile.eligibleRoleAssignments, []);
      assert.deepEqual(profile.eligibleRoleAssignableGroupIds, []);
      assert.deepEqual(profile.administrativeUnits, [
        { id: 'au-tokyo', displayName: 'Tokyo', restricted: false },
      ]);
      assert.deepEqual(profile.roleAssignableGroupIds, ['g-ra', 'g-owned']);
      assert.equal(profile.federated, false);
      // user, 2 pages of memberships, owned groups, the $batch of eligibilities, one $batch of roles, the domain.
      assert.equal(seen.length, 7);
      const batch = seen.find((r) => r.url.pathname === '/v1.0/$batch' && !isEligibilityBatch(r));
      const requests = (batch?.body as { requests: { id: string; method: string; url: string }[] }).requests;
      assert.equal(requests.length, 2, 'roles for the user and the member group only, not the owned group');
      assert.ok(
        requests.every(
          (r) => r.method === 'GET' && r.url.startsWith('/roleManagement/directory/roleAssignments?'),
        ),
      );
      assert.equal(
        new URLSearchParams(requests[1]?.url.split('?')[1]).get('$filter'),
        "principalId eq 'g-ra'",
      );
    });

    it('caches the domain answer for ten minutes', async () => {
      let now = 1_000_000;
      const { dir, seen } = directory(tenant({ domainType: 'Federated' }), { now: () => now });
      assert.equal((await dir.getSecurityProfile('u1')).federated, true);
      await dir.getSecurityProfile('u1');
      now += 10 * 60_000 + 1;
      await dir.getSecurityProfile('u1');
      assert.equal(seen.filter((r) => r.url.pathname.startsWith('/v1.0/domains/')).length, 2);
    });

    it('fails the whole profile when any inner answer of the batch failed', async () => {
      const { dir } = directory(
        tenant({
          batch: () =>
            json(200, {
              responses: [
                { id: '1', status: 200, body: { value: [] } },
                {
                  id: '2',
                  status: 403,
                  body: { error: { code: 'Authorization_RequestDenied', message: 'no' } },
                },
              ],
            }),
        }),
      );
      await rejectsWith(dir.getSecurityProfile('u1'), { code: 'GRAPH_DENIED', status: 403 });
    });

    it('repeats the read-only batch when an inner request was throttled', async () => {
      const { dir, seen } = directory(
        tenant({
          batch: (_req, n) =>
            n === 1
              ? json(200, {
                  responses: [
                    {
                      id: '1',
                      status: 429,
                      headers: { 'Retry-After': '4' },
                      body: { error: { code: 'TooManyRequests', message: 'slow' } },
                    },
                    { id: '2', status: 200, body: { value: [] } },
                  ],
                })
              : json(200, {
                  responses: [
                    { id: '1', status: 200, body: { value: [] } },
                    { id: '2', status: 200, body: { value: [] } },
                  ],
                }),
        }),
      );
      const profile = await dir.getSecurityProfile('u1');
      assert.deepEqual(profile.roleAssignments, []);
      assert.equal(seen.filter((r) => r.url.pathname === '/v1.0/$batch' && !isEligibilityBatch(r)).length, 2);
      assert.deepEqual(sleep.args, [[4_000]]);
    });

    it('refuses when a batch answer is missing', async () => {
      const { dir } = directory(
        tenant({ batch: () => json(200, { responses: [{ id: '1', status: 200, body: { value: [] } }] }) }),
      );
      await rejectsWith(dir.getSecurityProfile('u1'), { code: 'GRAPH_UNAVAILABLE' });
    });

    describe('PIM eligibilities', () => {
      it('reads eligible roles (with their definitions) and eligible role-assignable groups in one $batch', async () => {
        const { dir, seen } = directory(
          tenant({
            eligibility: () =>
              json(200, {
                responses: [
                  {
                    id: '1',
                    status: 200,
                    body: {
                      value: [
                        {
                          principalId: 'u1',
                          roleDefinitionId: GLOBAL,
                          directoryScopeId: '/',
                          status: 'Provisioned',
                          roleDefinition: { id: GLOBAL, templateId: GLOBAL, isBuiltIn: true },
                        },
                        {
                          principalId: 'u1',
                          roleDefinitionId: 'custom-1',
                          directoryScopeId: '/',
                          roleDefinition: { id: 'custom-1', templateId: HELPDESK, isBuiltIn: false },
                        },
                      ],
                    },
                  },
                  {
                    id: '2',
                    status: 200,
                    body: {
                      value: [
                        {
                          groupId: 'g-pim',
                          accessId: 'member',
                          principalId: 'u1',
                          group: { id: 'g-pim', displayName: 'Tier 2', isAssignableToRole: true },
                        },
                        {
                          groupId: 'g-owned-pim',
                          accessId: 'owner',
                          principalId: 'u1',
                          group: { id: 'g-owned-pim', displayName: 'Admins', isAssignableToRole: true },
                        },
                        {
                          groupId: 'g-plain',
                          accessId: 'member',
                          principalId: 'u1',
                          group: { id: 'g-plain', displayName: 'Sales', isAssignableToRole: false },
                        },
                      ],
                    },
                  },
                ],
              }),
          }),
        );
        const profile = await dir.getSecurityProfile('u1');
        assert.deepEqual(profile.eligibleRoleAssignments, [
          {
            roleTemplateId: GLOBAL,
            isBuiltIn: true,
            roleDisplayName: '',
            directoryScopeId: '/',
            viaGroupId: null,
          },
          // A custom role's template id (here a copy of Helpdesk Administrator's) is not trusted.
          {
            roleTemplateId: 'custom-1',
            isBuiltIn: false,
            roleDisplayName: '',
            directoryScopeId: '/',
            viaGroupId: null,
          },
        ]);
        assert.deepEqual(profile.eligibleRoleAssignableGroupIds, ['g-pim', 'g-owned-pim']);
        const batch = seen.find(isEligibilityBatch);
        const requests = (batch?.body as { requests: { id: string; url: string }[] }).requests;
        const [roles, groups] = requests.map((r) => new URLSearchParams(r.url.split('?')[1]));
        assert.equal(roles?.get('$filter'), "principalId eq 'u1'");
        assert.equal(roles?.get('$expand'), 'roleDefinition($select=id,templateId,displayName,isBuiltIn)');
        assert.ok(
          requests[1]?.url.startsWith('/identityGovernance/privilegedAccess/group/eligibilitySchedules?'),
        );
        assert.equal(groups?.get('$filter'), "principalId eq 'u1'");
        assert.equal(groups?.get('$expand'), 'group($select=id,displayName,isAssignableToRole)');
      });

      it('fails the whole profile when the app may not read eligibility (PIM answers 403)', async () => {
        const pimDenied = {
          error: {
            code: 'UnknownError',
            message:
              '{"errorCode":"PermissionScopeNotGranted","message":"Authorization failed due to missing permission scope PrivilegedEligibilitySchedule.Read.AzureADGroup.","instanceAnnotations":[]}',
          },
        };
        const { dir } = directory(
          tenant({
            eligibility: () =>
              json(200, {
                responses: [
                  { id: '1', status: 200, body: empty },
                  { id: '2', status: 403, body: pimDenied },
                ],
              }),
          }),
        );
        await rejectsWith(dir.getSecurityProfile('u1'), { code: 'GRAPH_DENIED', status: 403 });
      });

      it('refuses an eligible group it may not see', async () => {
        const { dir } = directory(
          tenant({
            eligibility: () =>
              json(200, {
                responses: [
                  { id: '1', status: 200, body: empty },
                  {
                    id: '2',
                    status: 200,
                    body: { value: [{ groupId: 'g', accessId: 'member', group: { id: 'g' } }] },
                  },
                ],
              }),
          }),
        );
        await rejectsWith(dir.getSecurityProfile('u1'), { code: 'GRAPH_DENIED' });
      });

      it('follows @odata.nextLink of an eligibility answer', async () => {
        const base = tenant({
          eligibility: () =>
            json(200, {
              responses: [
                {
                  id: '1',
                  status: 200,
                  body: {
                    value: [],
                    '@odata.nextLink': `${ENDPOINT}/v1.0/roleManagement/directory/roleEligibilitySchedules?$skiptoken=x`,
                  },
                },
                { id: '2', status: 200, body: empty },
              ],
            }),
        });
        const { dir, seen } = directory((req, index) =>
          req.url.pathname === '/v1.0/roleManagement/directory/roleEligibilitySchedules'
            ? json(200, {
                value: [
                  {
                    roleDefinitionId: GLOBAL,
                    directoryScopeId: '/',
                    roleDefinition: { templateId: GLOBAL, isBuiltIn: true },
                  },
                ],
              })
            : base(req, index),
        );
        const profile = await dir.getSecurityProfile('u1');
        assert.equal(profile.eligibleRoleAssignments[0]?.roleTemplateId, GLOBAL);
        assert.ok(seen.some((r) => r.url.searchParams.get('$skiptoken') === 'x'));
      });
    });

    it('throws GRAPH_NOT_FOUND for an unknown user', async () => {
      const { dir } = directory(() => graphError(404, 'Request_ResourceNotFound', 'gone'));
      await rejectsWith(dir.getSecurityProfile('ghost'), { code: 'GRAPH_NOT_FOUND' });
    });
  });
});
