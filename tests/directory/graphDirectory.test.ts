/**
 * GraphDirectory against a scripted Graph (fetch replaced at the bottom of the middleware chain): how
 * every read and change is composed into $batch requests, and what each inner status and each failure
 * of a batch as a whole becomes. The same adapter against the real local tenant is in
 * graphDirectory.tenant.test.ts.
 */
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import sinon from 'sinon';
import { GraphDirectory, type GraphDirectoryOptions } from '../../src/directory/graphDirectory';
import { GraphError } from '../../src/errors';
import { createLogger, silentLogger } from '../../src/logger';
import type { DirectoryUser } from '../../src/policy/profile';
import type { Change, ChangeOutcome } from '../../src/reset/ports';
import {
  fakeCredential,
  fakeFetch,
  graphError,
  json,
  type Handler,
  type Reply,
  type SeenRequest,
} from './fakeGraph';

const ENDPOINT = 'https://127.0.0.1:4443';
const PASSWORD = 'Kx9#mQ2v!Lp7$wZr';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

interface InnerRequest {
  readonly id: string;
  readonly method: string;
  readonly url: string;
  readonly headers?: Record<string, string>;
  readonly body?: Record<string, unknown>;
  readonly dependsOn?: string[];
}
interface InnerReply {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

/** A Graph that answers each request of a $batch through `inner` (424 after a failure in a sequence). */
function batchGraph(inner: (request: InnerRequest, batch: number) => InnerReply | 'drop' | 'hang'): {
  handler: Handler;
  batches: InnerRequest[][];
} {
  const batches: InnerRequest[][] = [];
  const handler: Handler = (seen: SeenRequest): Reply => {
    assert.equal(seen.url.pathname, '/v1.0/$batch', 'everything goes through $batch');
    const requests = (seen.body as { requests: InnerRequest[] }).requests;
    const index = batches.push(requests) - 1;
    const statuses = new Map<string, number>();
    const responses: unknown[] = [];
    for (const request of requests) {
      const before = request.dependsOn?.[0];
      if (before && (statuses.get(before) ?? 0) >= 300) {
        statuses.set(request.id, 424);
        responses.push({
          id: request.id,
          status: 424,
          body: { error: { code: 'FailedDependency', message: '' } },
        });
        continue;
      }
      const reply = inner(request, index);
      if (reply === 'drop' || reply === 'hang') return reply;
      statuses.set(request.id, reply.status);
      responses.push({
        id: request.id,
        status: reply.status,
        headers: { 'request-id': `inner-${index}-${request.id}`, ...reply.headers },
        ...(reply.body !== undefined ? { body: reply.body } : {}),
      });
    }
    return json(200, { responses }, { 'request-id': `batch-${index}` });
  };
  return { handler, batches };
}

function userJson(id: string, displayName: string, upn = `${id}@contoso.com`): Record<string, unknown> {
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

const HELPDESK = '729827e3-9c14-49f7-bb1b-9608f156bbb8';

/** Graph's answers for the reads of a plain tenant: every user exists, nobody holds anything. */
function plainRead(request: InnerRequest): InnerReply {
  const url = new URL(request.url, 'https://x');
  if (/^\/users\/[^/]+$/.test(url.pathname)) {
    const id = decodeURIComponent(url.pathname.split('/')[2]!);
    return { status: 200, body: userJson(id, `User ${id}`) };
  }
  if (url.pathname === '/users') return { status: 200, body: { value: [] } };
  if (url.pathname.startsWith('/domains/'))
    return { status: 200, body: { id: 'contoso.com', authenticationType: 'Managed' } };
  return { status: 200, body: { value: [] } };
}

const change = {
  reset: (): Change => ({ kind: 'reset-password', password: PASSWORD, forceChange: true }),
  revoke: (): Change => ({ kind: 'revoke-sessions' }),
  mail: (afterPrevious = false): Change => ({
    kind: 'send-mail',
    sender: 'helpdesk@contoso.com',
    mail: { to: ['a@example.com', 'b@example.com'], subject: 'Your account', html: '<p>hello</p>' },
    ...(afterPrevious ? { afterPrevious } : {}),
  }),
};

const statuses = (outcomes: readonly ChangeOutcome[]) => outcomes.map((o) => o.status);

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
    it('sends the token to a custom host and a UUID client-request-id; refuses a non-https endpoint', async () => {
      const graph = batchGraph(plainRead);
      const { dir, seen } = directory(graph.handler);
      await dir.readProfiles({ requester: { id: 'u1' } });
      assert.equal(seen.length, 1);
      assert.equal(seen[0]?.headers.authorization, 'Bearer test-token');
      assert.match(seen[0]?.headers['client-request-id'] ?? '', UUID);
      assert.throws(
        () =>
          new GraphDirectory({
            credential: fakeCredential(),
            endpoint: 'http://127.0.0.1:1',
            logger: silentLogger(),
          }),
        /https/,
      );
    });

    it('asks the credential once for concurrent calls, and reuses the token', async () => {
      const graph = batchGraph(plainRead);
      const { dir, credential } = directory(graph.handler);
      await Promise.all([1, 2, 3].map((i) => dir.readProfiles({ requester: { id: `u${i}` } })));
      await dir.readProfiles({ requester: { id: 'u4' } });
      assert.equal(credential.calls, 1);
    });

    it('a token endpoint that does not answer is "unavailable" (retried, then GRAPH_UNAVAILABLE), never "denied"', async () => {
      const graph = batchGraph(plainRead);
      const { dir, seen } = directory(graph.handler, {
        credential: {
          getToken: async () => {
            throw Object.assign(new Error('server_error: AADSTS90033 A transient error has occurred'), {
              name: 'AuthenticationRequiredError',
            });
          },
        },
      });
      await assert.rejects(
        dir.readProfiles({ requester: { id: 'u1' } }),
        (e: unknown) => e instanceof GraphError && e.code === 'GRAPH_UNAVAILABLE',
      );
      assert.equal(seen.length, 0, 'nothing reached Graph');
      assert.ok(sleep.callCount >= 1, 'retried with backoff');
    });

    it('a refused app credential is GRAPH_AUTH_FAILED at once', async () => {
      const { dir } = directory(batchGraph(plainRead).handler, {
        credential: {
          getToken: async () => {
            throw Object.assign(new Error('invalid_client: AADSTS7000215 Invalid client secret provided.'), {
              name: 'AuthenticationRequiredError',
            });
          },
        },
      });
      await assert.rejects(
        dir.readProfiles({ requester: { id: 'u1' } }),
        (e: unknown) => e instanceof GraphError && e.code === 'GRAPH_AUTH_FAILED',
      );
      sinon.assert.notCalled(sleep);
    });
  });

  describe('reads', () => {
    it('search: the requester and every name in one $batch, advanced queries with ConsistencyLevel, quotes escaped', async () => {
      const graph = batchGraph((request) => {
        const url = new URL(request.url, 'https://x');
        if (url.pathname === '/users') {
          const filter = url.searchParams.get('$filter') ?? '';
          if (filter.includes("O''Brien"))
            return { status: 200, body: { value: [userJson('liam', "Liam O'Brien")] } };
          return { status: 200, body: { value: [] } };
        }
        return plainRead(request);
      });
      const { dir } = directory(graph.handler);
      const { requester, results } = await dir.search('admin', ["Liam O'Brien", 'carol@contoso.com'], 10);
      assert.equal(graph.batches.length, 1, 'one round trip');
      const urls = graph.batches[0]!.map((r) => `${r.method} ${decodeURIComponent(r.url).split('?')[0]}`);
      assert.deepEqual(urls, [
        'GET /users/admin',
        'GET /users/admin/memberOf',
        'GET /roleManagement/directory/roleAssignments',
        'GET /users',
        'GET /users',
        'GET /users',
      ]);
      const searches = graph.batches[0]!.filter((r) => r.url.startsWith('/users?'));
      for (const s of searches) {
        assert.equal(s.headers?.ConsistencyLevel, 'eventual');
        assert.match(decodeURIComponent(s.url), /\$count=true/);
        assert.match(decodeURIComponent(s.url), /\$top=11/);
      }
      assert.match(
        decodeURIComponent(searches[2]!.url),
        /userPrincipalName eq 'carol@contoso.com' or mail eq 'carol@contoso.com'/,
      );
      assert.deepEqual(
        results[0]!.users.map((u) => u.id),
        ['liam'],
      );
      assert.equal(requester.user.id, 'admin');
      assert.equal(requester.groupRolesRead, true, 'no role-assignable group: nothing left to read');
    });

    it('readProfiles: targets (user, memberships, owned groups, roles, domain) in one $batch; users known from a search are not read again', async () => {
      const graph = batchGraph(plainRead);
      const { dir } = directory(graph.handler);
      const bob = userJson('bob', 'Bob Brown', 'bob@contoso.com') as unknown as DirectoryUser;
      const { targets } = await dir.readProfiles({
        targets: [{ id: 'bob' }, { id: 'carol', upn: 'carol@fabrikam.example' }],
        knownUsers: [bob],
      });
      assert.equal(graph.batches.length, 1);
      const paths = graph.batches[0]!.map((r) => decodeURIComponent(r.url).split('?')[0]);
      assert.ok(!paths.includes('/users/bob'), 'bob was read by the search');
      assert.ok(paths.includes('/users/carol'));
      assert.ok(paths.includes('/users/bob/ownedObjects/microsoft.graph.group'));
      assert.ok(paths.includes('/domains/contoso.com') && paths.includes('/domains/fabrikam.example'));
      assert.equal(targets.size, 2);
    });

    it('reads the roles of a requester’s role-assignable groups: in the same round trip when known, else one more', async () => {
      const graph = batchGraph((request) => {
        const url = decodeURIComponent(request.url);
        if (url.startsWith('/users/lee/memberOf'))
          return {
            status: 200,
            body: {
              value: [
                {
                  '@odata.type': '#microsoft.graph.group',
                  id: 'g1',
                  displayName: 'Helpdesk',
                  isAssignableToRole: true,
                },
              ],
            },
          };
        if (url.includes("principalId eq 'g1'"))
          return {
            status: 200,
            body: {
              value: [
                {
                  roleDefinitionId: HELPDESK,
                  directoryScopeId: '/',
                  roleDefinition: {
                    id: HELPDESK,
                    templateId: HELPDESK,
                    displayName: 'Helpdesk Administrator',
                  },
                },
              ],
            },
          };
        return plainRead(request);
      });
      const { dir } = directory(graph.handler);
      const first = (await dir.readProfiles({ requester: { id: 'lee' } })).requester!;
      assert.equal(graph.batches.length, 2, 'memberships first, then the new group’s roles');
      assert.deepEqual(
        first.roleAssignments.map((r) => [r.roleTemplateId, r.viaGroupId]),
        [[HELPDESK, 'g1']],
      );
      assert.equal(first.groupRolesRead, true);
      await dir.readProfiles({ requester: { id: 'lee' } });
      assert.equal(graph.batches.length, 3, 'the group is remembered: one round trip');
      const hinted = (await dir.readProfiles({ requester: { id: 'lee', knownGroupIds: ['g1'] } })).requester!;
      assert.equal(graph.batches.length, 4);
      assert.equal(hinted.roleAssignments.length, 1);
    });

    it('a hint is never trusted: a group the fresh read no longer lists grants nothing', async () => {
      const graph = batchGraph((request) => {
        if (decodeURIComponent(request.url).includes("principalId eq 'g-old'"))
          return {
            status: 200,
            body: {
              value: [
                {
                  roleDefinitionId: HELPDESK,
                  directoryScopeId: '/',
                  roleDefinition: { templateId: HELPDESK },
                },
              ],
            },
          };
        return plainRead(request);
      });
      const { dir } = directory(graph.handler);
      const { requester } = await dir.readProfiles({ requester: { id: 'ex', knownGroupIds: ['g-old'] } });
      assert.deepEqual(requester?.roleAssignments, []);
    });

    describe('PIM eligibilities of a target', () => {
      const GLOBAL = '62e90394-69f5-4237-9190-012177145e10';
      const ROLE_ELIGIBILITY = '/roleManagement/directory/roleEligibilitySchedules';
      const GROUP_ELIGIBILITY = '/identityGovernance/privilegedAccess/group/eligibilitySchedules';
      const pathOf = (request: InnerRequest): string => decodeURIComponent(request.url).split('?')[0]!;

      it('reads eligible roles (built-in flag included) and eligible groups with the target, in the same $batch; never for the requester', async () => {
        const graph = batchGraph((request) => {
          if (pathOf(request) === ROLE_ELIGIBILITY)
            return {
              status: 200,
              body: {
                value: [
                  {
                    roleDefinitionId: GLOBAL,
                    directoryScopeId: '/',
                    roleDefinition: {
                      id: GLOBAL,
                      templateId: GLOBAL,
                      displayName: 'Global',
                      isBuiltIn: true,
                    },
                  },
                ],
              },
            };
          if (pathOf(request) === GROUP_ELIGIBILITY)
            return {
              status: 200,
              body: {
                value: [
                  {
                    groupId: 'g-admins',
                    accessId: 'member',
                    group: { id: 'g-admins', displayName: 'Admins', isAssignableToRole: true },
                  },
                  {
                    groupId: 'g-plain',
                    accessId: 'owner',
                    group: { id: 'g-plain', displayName: 'Staff', isAssignableToRole: false },
                  },
                ],
              },
            };
          return plainRead(request);
        });
        const { dir } = directory(graph.handler);
        const { requester, targets } = await dir.readProfiles({
          requester: { id: 'lee', knownGroupIds: [] },
          targets: [{ id: 'gerhart', upn: 'gerhart@contoso.com' }],
        });
        assert.equal(graph.batches.length, 1);
        const urls = graph.batches[0]!.map((r) => decodeURIComponent(r.url));
        const eligibility = urls.filter(
          (u) => u.startsWith(ROLE_ELIGIBILITY) || u.startsWith(GROUP_ELIGIBILITY),
        );
        assert.equal(eligibility.length, 2, 'the target only');
        assert.ok(eligibility.every((u) => u.includes("principalId eq 'gerhart'")));
        assert.ok(
          urls
            .filter((u) => u.startsWith('/roleManagement/'))
            .every((u) => u.includes('roleDefinition($select=id,templateId,displayName,isBuiltIn)')),
        );
        const gerhart = targets.get('gerhart')!;
        assert.deepEqual(
          gerhart.eligibleRoleAssignments.map((r) => [r.roleTemplateId, r.isBuiltIn, r.directoryScopeId]),
          [[GLOBAL, true, '/']],
        );
        assert.deepEqual(gerhart.eligibleRoleAssignableGroupIds, ['g-admins']);
        assert.deepEqual(requester?.eligibleRoleAssignments, []);
        assert.deepEqual(requester?.eligibleRoleAssignableGroupIds, []);
      });

      it('a custom role keeps no template id, whatever built-in one it copies', async () => {
        const graph = batchGraph((request) =>
          pathOf(request) === '/roleManagement/directory/roleAssignments'
            ? {
                status: 200,
                body: {
                  value: [
                    {
                      roleDefinitionId: 'custom-1',
                      directoryScopeId: '/',
                      roleDefinition: { id: 'custom-1', templateId: HELPDESK, isBuiltIn: false },
                    },
                  ],
                },
              }
            : plainRead(request),
        );
        const { requester } = await directory(graph.handler).dir.readProfiles({
          requester: { id: 'allan', knownGroupIds: [] },
        });
        assert.deepEqual(
          requester?.roleAssignments.map((r) => [r.roleTemplateId, r.isBuiltIn]),
          [['custom-1', false]],
        );
      });

      it('a tenant without the licence PIM needs (400 AadPremiumLicenseRequired) has no eligibilities', async () => {
        const graph = batchGraph((request) =>
          pathOf(request) === ROLE_ELIGIBILITY || pathOf(request) === GROUP_ELIGIBILITY
            ? {
                status: 400,
                body: {
                  error: {
                    code: 'AadPremiumLicenseRequired',
                    message:
                      'The tenant needs to have Microsoft Entra ID P2 or Microsoft Entra ID Governance license.',
                  },
                },
              }
            : plainRead(request),
        );
        const { targets } = await directory(graph.handler).dir.readProfiles({
          targets: [{ id: 'bob', upn: 'bob@contoso.com' }],
        });
        assert.deepEqual(targets.get('bob')?.eligibleRoleAssignments, []);
        assert.deepEqual(targets.get('bob')?.eligibleRoleAssignableGroupIds, []);
      });

      it('any other refusal of an eligibility read fails the read, naming the permission (any doubt is "no")', async () => {
        const graph = batchGraph((request) =>
          pathOf(request) === GROUP_ELIGIBILITY
            ? {
                status: 403,
                body: { error: { code: 'UnknownError', message: 'PermissionScopeNotGranted' } },
              }
            : plainRead(request),
        );
        await assert.rejects(
          directory(graph.handler).dir.readProfiles({ targets: [{ id: 'bob', upn: 'bob@contoso.com' }] }),
          (e: unknown) =>
            e instanceof GraphError &&
            e.code === 'GRAPH_READ_DENIED' &&
            e.permission === 'PrivilegedEligibilitySchedule.Read.AzureADGroup',
        );
        const stub = batchGraph((request) =>
          pathOf(request) === GROUP_ELIGIBILITY
            ? { status: 200, body: { value: [{ groupId: 'g1', accessId: 'member', group: { id: 'g1' } }] } }
            : plainRead(request),
        );
        await assert.rejects(
          directory(stub.handler).dir.readProfiles({ targets: [{ id: 'bob', upn: 'bob@contoso.com' }] }),
          (e: unknown) => e instanceof GraphError && e.code === 'GRAPH_READ_DENIED',
        );
      });
    });

    for (const status of [429, 502, 503, 504]) {
      it(`repeats only the requests answered ${status} (after Retry-After), in the next round`, async () => {
        let throttled = false;
        const graph = batchGraph((request) => {
          if (!throttled && request.url.includes('/memberOf')) {
            throttled = true;
            return {
              status,
              headers: { 'Retry-After': '3' },
              body: { error: { code: 'Busy', message: '' } },
            };
          }
          return plainRead(request);
        });
        const { dir } = directory(graph.handler);
        await dir.readProfiles({ requester: { id: 'u1' } });
        assert.equal(graph.batches.length, 2);
        assert.deepEqual(
          graph.batches[1]!.map((r) => r.url.split('?')[0]),
          ['/users/u1/memberOf'],
        );
        if (status === 429) assert.deepEqual(sleep.firstCall.args, [3_000]);
      });
    }

    it('fails the whole read on any other inner failure (any doubt is "no"); a missing target is left out', async () => {
      const denied = batchGraph((request) =>
        request.url.includes('/memberOf')
          ? { status: 403, body: { error: { code: 'Authorization_RequestDenied', message: 'no' } } }
          : plainRead(request),
      );
      await assert.rejects(
        directory(denied.handler).dir.readProfiles({ requester: { id: 'u1' } }),
        (e: unknown) =>
          e instanceof GraphError &&
          e.code === 'GRAPH_READ_DENIED' &&
          e.permission === 'GroupMember.Read.All',
      );
      const gone = batchGraph((request) =>
        request.url.startsWith('/users/ghost?')
          ? { status: 404, body: { error: { code: 'Request_ResourceNotFound', message: '' } } }
          : plainRead(request),
      );
      const { targets } = await directory(gone.handler).dir.readProfiles({
        targets: [
          { id: 'ghost', upn: 'ghost@contoso.com' },
          { id: 'bob', upn: 'bob@contoso.com' },
        ],
      });
      assert.deepEqual([...targets.keys()], ['bob']);
    });

    for (const status of [400, 414, 431]) {
      it(`a ${status} to a search is GRAPH_SEARCH_REJECTED (about the name, never the password), not retried`, async () => {
        const graph = batchGraph((request) =>
          request.url.startsWith('/users?')
            ? { status, body: { error: { code: 'Request_UnsupportedQuery', message: '' } } }
            : plainRead(request),
        );
        await assert.rejects(
          directory(graph.handler).dir.search('admin', ['x'.repeat(200)], 5),
          (e: unknown) =>
            e instanceof GraphError && e.code === 'GRAPH_SEARCH_REJECTED' && e.status === status,
        );
        assert.equal(graph.batches.length, 1, 'not retried');
      });
    }

    it('a 400 to any other read is GRAPH_BAD_REQUEST, naming no permission', async () => {
      const graph = batchGraph((request) =>
        request.url.includes('/memberOf')
          ? { status: 400, body: { error: { code: 'Request_BadRequest', message: '' } } }
          : plainRead(request),
      );
      await assert.rejects(
        directory(graph.handler).dir.readProfiles({ requester: { id: 'u1' } }),
        (e: unknown) =>
          e instanceof GraphError && e.code === 'GRAPH_BAD_REQUEST' && e.permission === undefined,
      );
    });

    it('follows @odata.nextLink on its host only', async () => {
      let pages = 0;
      const handler: Handler = (seen) => {
        if (seen.url.pathname === '/v1.0/$batch') {
          return batchGraph((request) =>
            request.url.includes('/memberOf')
              ? {
                  status: 200,
                  body: { value: [], '@odata.nextLink': `${ENDPOINT}/v1.0/users/u1/memberOf?$skiptoken=x` },
                }
              : plainRead(request),
          ).handler(seen, 0);
        }
        pages += 1;
        return json(200, { value: [] });
      };
      await directory(handler).dir.readProfiles({ requester: { id: 'u1' } });
      assert.equal(pages, 1);
      const foreign: Handler = (seen) =>
        batchGraph((request) =>
          request.url.includes('/memberOf')
            ? { status: 200, body: { value: [], '@odata.nextLink': 'https://evil.example/v1.0/x' } }
            : plainRead(request),
        ).handler(seen, 0);
      await assert.rejects(directory(foreign).dir.readProfiles({ requester: { id: 'u1' } }), GraphError);
    });
  });

  describe('log levels', () => {
    /** The parsed lines a GraphDirectory logs at `level` while `run` executes. */
    async function logged(level: string, handler: Handler, run: (dir: GraphDirectory) => Promise<unknown>) {
      const lines: Record<string, unknown>[] = [];
      const sink = new Writable({
        write(chunk: Buffer, _enc, done) {
          for (const line of chunk.toString().split('\n'))
            if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
          done();
        },
      });
      await run(directory(handler, { logger: createLogger(level, sink) }).dir).catch(() => undefined);
      return lines;
    }

    it('logs a successful call (and each request inside a batch) at debug only: info stays quiet', async () => {
      const read = (dir: GraphDirectory) => dir.readProfiles({ requester: { id: 'u1' } });
      assert.deepEqual(await logged('info', batchGraph(plainRead).handler, read), []);
      const debug = await logged('debug', batchGraph(plainRead).handler, read);
      assert.ok(debug.length >= 4);
      assert.ok(debug.every((line) => line.level === 'debug'));
      assert.ok(debug.some((line) => line.route === 'GET /users/{id}/memberOf (in $batch)'));
    });

    it('names the missing permission in the warning of a refused read, for the operator', async () => {
      const refused = batchGraph((request) =>
        request.url.includes('/memberOf')
          ? { status: 403, body: { error: { code: 'Authorization_RequestDenied', message: 'no' } } }
          : plainRead(request),
      ).handler;
      const lines = await logged('info', refused, (dir) => dir.readProfiles({ requester: { id: 'u1' } }));
      assert.equal(lines.length, 1, JSON.stringify(lines));
      assert.equal(lines[0]?.level, 'warn');
      assert.equal(lines[0]?.permission, 'GroupMember.Read.All');
      assert.match(String(lines[0]?.msg), /needs GroupMember\.Read\.All/);
    });
  });

  describe('changes', () => {
    it('composes one sequential $batch: reset, sign-out, mail, each depending on the one before', async () => {
      const graph = batchGraph((request) => ({ status: request.method === 'PATCH' ? 204 : 202 }));
      const { dir } = directory(graph.handler);
      const outcomes = await dir.applyChanges('u1', [change.reset(), change.revoke(), change.mail()]);
      assert.deepEqual(statuses(outcomes), ['done', 'done', 'done']);
      assert.deepEqual(
        outcomes.map((o) => (o.status === 'done' ? o.requestId : '')),
        ['inner-0-1', 'inner-0-2', 'inner-0-3'],
        'each outcome carries its own request-id',
      );
      const [patch, revoke, mail] = graph.batches[0]!;
      assert.deepEqual([patch!.method, patch!.url, patch!.dependsOn], ['PATCH', '/users/u1', undefined]);
      assert.deepEqual(patch!.body, {
        passwordProfile: { password: PASSWORD, forceChangePasswordNextSignIn: true },
      });
      assert.equal(patch!.headers?.['Content-Type'], 'application/json');
      assert.deepEqual(
        [revoke!.method, revoke!.url, revoke!.dependsOn],
        ['POST', '/users/u1/revokeSignInSessions', ['1']],
      );
      assert.deepEqual(
        [mail!.method, mail!.url, mail!.dependsOn],
        ['POST', '/users/helpdesk%40contoso.com/sendMail', ['2']],
      );
      assert.deepEqual(mail!.body, {
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

    it('a refused reset stops everything after it (not-run), with Graph’s code and never the password in the error', async () => {
      const graph = batchGraph((request) =>
        request.method === 'PATCH'
          ? {
              status: 400,
              body: {
                error: { code: 'Request_BadRequest', message: `The password ${PASSWORD} does not comply` },
              },
            }
          : { status: 202 },
      );
      const outcomes = await directory(graph.handler).dir.applyChanges('u1', [change.reset(), change.mail()]);
      assert.deepEqual(statuses(outcomes), ['failed', 'not-run']);
      const error = (outcomes[0] as { error: GraphError }).error;
      assert.equal(error.code, 'GRAPH_BAD_REQUEST');
      assert.equal(error.graphCode, 'Request_BadRequest');
      assert.ok(!error.message.includes(PASSWORD));
      assert.equal(graph.batches.length, 1);
    });

    it('a reset answered 429 waits Retry-After and goes again with what follows it', async () => {
      let first = true;
      const graph = batchGraph((request) => {
        if (request.method === 'PATCH' && first) {
          first = false;
          return {
            status: 429,
            headers: { 'Retry-After': '5' },
            body: { error: { code: 'TooManyRequests', message: '' } },
          };
        }
        return { status: request.method === 'PATCH' ? 204 : 202 };
      });
      const outcomes = await directory(graph.handler).dir.applyChanges('u1', [change.reset(), change.mail()]);
      assert.deepEqual(statuses(outcomes), ['done', 'done']);
      assert.deepEqual(sleep.firstCall.args, [5_000]);
      assert.deepEqual(
        graph.batches.map((b) => b.map((r) => r.method)),
        [
          ['PATCH', 'POST'],
          ['PATCH', 'POST'],
        ],
      );
    });

    it('a reset answered 503 goes again (same password); gives up after the attempts with the reset "unknown"', async () => {
      let failures = 1;
      const flaky = batchGraph((request) => {
        if (request.method === 'PATCH' && failures-- > 0)
          return { status: 503, body: { error: { code: 'ServiceUnavailable', message: '' } } };
        return { status: 204 };
      });
      assert.deepEqual(statuses(await directory(flaky.handler).dir.applyChanges('u1', [change.reset()])), [
        'done',
      ]);
      assert.deepEqual(flaky.batches[1]![0]!.body, flaky.batches[0]![0]!.body, 'the same password again');
      const down = batchGraph(() => ({
        status: 503,
        body: { error: { code: 'ServiceUnavailable', message: '' } },
      }));
      const outcomes = await directory(down.handler).dir.applyChanges('u1', [change.reset(), change.mail()]);
      assert.deepEqual(statuses(outcomes), ['unknown', 'not-run']);
      assert.equal(down.batches.length, 4, 'maxAttempts');
    });

    it('a sign-out refused does not hold back the mail: it goes in the next round', async () => {
      const graph = batchGraph((request) =>
        request.url.endsWith('/revokeSignInSessions')
          ? { status: 403, body: { error: { code: 'Authorization_RequestDenied', message: '' } } }
          : { status: 204 },
      );
      const outcomes = await directory(graph.handler).dir.applyChanges('u1', [
        change.reset(),
        change.revoke(),
        change.mail(),
      ]);
      assert.deepEqual(statuses(outcomes), ['done', 'failed', 'done']);
      assert.deepEqual(
        graph.batches.map((b) => b.map((r) => r.url.split('/').pop())),
        [['u1', 'revokeSignInSessions', 'sendMail'], ['sendMail']],
      );
    });

    for (const status of [500, 502, 503, 504]) {
      it(`a mail answered ${status} is never sent again: unknown (MAIL_UNKNOWN); a notice that follows it is not sent`, async () => {
        const graph = batchGraph((request) =>
          request.url.endsWith('/sendMail')
            ? { status, body: { error: { code: 'Oops', message: '' } } }
            : { status: 204 },
        );
        const outcomes = await directory(graph.handler).dir.applyChanges('u1', [
          change.reset(),
          change.mail(),
          change.mail(true),
        ]);
        assert.deepEqual(statuses(outcomes), ['done', 'unknown', 'not-run']);
        const error = (outcomes[1] as { error: GraphError }).error;
        assert.ok(error.code === 'MAIL_UNKNOWN' && error.ambiguous);
        assert.equal(graph.batches.length, 1);
      });
    }

    it('a mail refused by a busy mailbox (429) keeps going again within the deadline: nothing was sent, and instances share the mailbox', async () => {
      let refusals = 0;
      const graph = batchGraph((request) => {
        if (request.url.endsWith('/sendMail') && refusals < 6) {
          refusals += 1;
          return {
            status: 429,
            headers: { 'Retry-After': '1' },
            body: { error: { code: 'ApplicationThrottled', message: 'MailboxConcurrency' } },
          };
        }
        return { status: request.method === 'PATCH' ? 204 : 202 };
      });
      const outcomes = await directory(graph.handler).dir.applyChanges('u1', [change.reset(), change.mail()]);
      assert.deepEqual(statuses(outcomes), ['done', 'done']);
      assert.equal(graph.batches.length, 7, 'six refusals, then the mail went');
      const endless = batchGraph((request) =>
        request.url.endsWith('/sendMail')
          ? {
              status: 429,
              headers: { 'Retry-After': '20' },
              body: { error: { code: 'ApplicationThrottled', message: '' } },
            }
          : { status: 204 },
      );
      // A clock that the waits move on, so the 60 s deadline is reached.
      let clock = 0;
      const waited = directory(endless.handler, {
        now: () => clock,
        sleep: async (ms: number) => {
          clock += ms;
        },
      });
      const given = await waited.dir.applyChanges('u1', [change.reset(), change.mail()]);
      assert.equal(given[1]?.status, 'failed', 'the deadline still holds');
      assert.equal(endless.batches.length, 3, 'at 0, 20 and 40 s; 60 s is past the deadline');
    });

    it('a mail answered 429 goes again once Retry-After has passed; a 4xx mail fails (MAIL_FAILED)', async () => {
      let first = true;
      const graph = batchGraph((request) => {
        if (request.url.endsWith('/sendMail') && first) {
          first = false;
          return {
            status: 429,
            headers: { 'Retry-After': '2' },
            body: { error: { code: 'ApplicationThrottled', message: '' } },
          };
        }
        return { status: request.method === 'PATCH' ? 204 : 202 };
      });
      const outcomes = await directory(graph.handler).dir.applyChanges('u1', [change.reset(), change.mail()]);
      assert.deepEqual(statuses(outcomes), ['done', 'done']);
      assert.deepEqual(
        graph.batches.map((b) => b.map((r) => r.method)),
        [['PATCH', 'POST'], ['POST']],
        'the reset is not repeated',
      );
      assert.deepEqual(sleep.firstCall.args, [2_000]);
      const refused = batchGraph((request) =>
        request.url.endsWith('/sendMail')
          ? { status: 400, body: { error: { code: 'ErrorInvalidRecipients', message: '' } } }
          : { status: 204 },
      );
      const failed = await directory(refused.handler).dir.applyChanges('u1', [change.reset(), change.mail()]);
      assert.equal((failed[1] as { error: GraphError }).error.code, 'MAIL_FAILED');
    });

    for (const lost of ['drop', 'hang'] as const) {
      it(`a batch lost as a whole (${lost === 'drop' ? 'dropped connection' : 'timeout'}): the reset and sign-out go again, the mail is unknown`, async () => {
        let calls = 0;
        const graph = batchGraph((request) => {
          if (calls === 0) return lost;
          return { status: request.method === 'PATCH' ? 204 : 200 };
        });
        const handler: Handler = (seen, index) => {
          const reply = graph.handler(seen, index);
          calls += 1;
          return reply;
        };
        const outcomes = await directory(handler, { timeoutMs: 50 }).dir.applyChanges('u1', [
          change.reset(),
          change.revoke(),
          change.mail(),
        ]);
        assert.deepEqual(statuses(outcomes), ['done', 'done', 'unknown']);
        assert.deepEqual(
          graph.batches.at(-1)!.map((r) => r.method),
          ['PATCH', 'POST'],
          'no mail in the second batch',
        );
      });
    }

    it('a 403 to a change is GRAPH_DENIED and names what the change needs', async () => {
      const refusal = {
        status: 403,
        body: { error: { code: 'Authorization_RequestDenied', message: 'no' } },
      };
      const patch = batchGraph((request) => (request.method === 'PATCH' ? refusal : { status: 202 }));
      const [reset] = await directory(patch.handler).dir.applyChanges('u1', [change.reset()]);
      assert.ok(reset?.status === 'failed');
      assert.equal(reset.error.code, 'GRAPH_DENIED');
      assert.equal(
        reset.error.permission,
        'User-PasswordProfile.ReadWrite.All and a directory role of the bot that may reset this user',
      );
      const revoke = batchGraph((request) =>
        request.url.endsWith('/revokeSignInSessions') ? refusal : { status: 204 },
      );
      const [, signOut] = await directory(revoke.handler).dir.applyChanges('u1', [
        change.reset(),
        change.revoke(),
      ]);
      assert.ok(signOut?.status === 'failed');
      assert.equal(signOut.error.permission, 'User.RevokeSessions.All');
    });

    it('a batch refused as a whole (400) changes nothing and says so for every change', async () => {
      const { dir } = directory(() => graphError(400, 'BadRequest', 'Invalid batch payload format.'));
      const outcomes = await dir.applyChanges('u1', [change.reset(), change.mail()]);
      assert.deepEqual(statuses(outcomes), ['failed', 'failed']);
      assert.equal((outcomes[1] as { error: GraphError }).error.code, 'MAIL_FAILED');
    });

    it('never writes the password to the log, even when Graph echoes it', async () => {
      const lines: string[] = [];
      const logger = createLogger(
        'trace',
        new Writable({
          write(chunk: Buffer, _encoding, done) {
            lines.push(chunk.toString('utf8'));
            done();
          },
        }),
      );
      const graph = batchGraph(() => ({
        status: 400,
        body: { error: { code: 'Request_BadRequest', message: `bad ${PASSWORD}` } },
      }));
      await directory(graph.handler, { logger }).dir.applyChanges('u1', [change.reset()]);
      assert.ok(lines.length > 0);
      assert.ok(!lines.join('').includes(PASSWORD));
    });
  });
});
