import assert from 'node:assert/strict';
import { createPublicKey, verify } from 'node:crypto';
import { PageIterator } from '@microsoft/microsoft-graph-client';
import { useTenant, type RunningTenant } from '../../support/tenant';
import { app, credential, failure, graphClient, objectId, raw, tokenFor, userId } from './clients';

describe('local tenant: Entra tokens and Graph reads through the real clients', function () {
  this.timeout(60_000);
  let t: RunningTenant;
  useTenant((started) => (t = started));

  describe('Entra', () => {
    it('issues an RS256 token through ClientSecretCredential carrying roles, tid, appid and exp, verifiable with JWKS', async () => {
      const { clientId, clientSecret } = app(t, 'Password Reset Bot');
      const token = await credential(t, clientId, clientSecret).getToken(
        'https://graph.microsoft.com/.default',
      );
      const [h, p, s] = token.token.split('.') as [string, string, string];
      const header = JSON.parse(Buffer.from(h, 'base64url').toString());
      const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
      assert.equal(header.alg, 'RS256');
      assert.equal(claims.tid, t.tenantId);
      assert.equal(claims.appid, clientId);
      assert.equal(claims.aud, 'https://graph.microsoft.com');
      assert.ok(claims.roles.includes('User-PasswordProfile.ReadWrite.All'));
      assert.ok(claims.exp * 1000 > Date.now() + 50 * 60_000);
      const jwks = (await raw(t, 'GET', `/${t.tenantId}/discovery/v2.0/keys`)).json();
      const jwk = jwks.keys.find((k: { kid: string }) => k.kid === header.kid);
      const key = createPublicKey({ key: jwk, format: 'jwk' });
      assert.ok(verify('RSA-SHA256', Buffer.from(`${h}.${p}`), key, Buffer.from(s, 'base64url')));
      const meta = (await raw(t, 'GET', `/${t.tenantId}/v2.0/.well-known/openid-configuration`)).json();
      assert.equal(meta.token_endpoint, `${t.url}/${t.tenantId}/oauth2/v2.0/token`);
    });

    it('refuses a wrong client secret with AADSTS7000215', async () => {
      const { clientId } = app(t, 'Password Reset Bot');
      await assert.rejects(
        credential(t, clientId, 'not-the-secret').getToken('https://graph.microsoft.com/.default'),
        /AADSTS7000215/,
      );
    });

    it('issues Graph tokens for Graph’s own resource, by URL or by app id, as Entra does', async () => {
      const { clientId, clientSecret } = app(t, 'Password Reset Bot');
      const cred = credential(t, clientId, clientSecret);
      for (const [scope, aud] of [
        ['https://graph.microsoft.com/.default', 'https://graph.microsoft.com'],
        ['00000003-0000-0000-c000-000000000000/.default', '00000003-0000-0000-c000-000000000000'],
      ]) {
        const token = await cred.getToken(scope);
        const claims = JSON.parse(Buffer.from(token.token.split('.')[1] ?? '', 'base64url').toString());
        assert.equal(claims.aud, aud, scope);
      }
    });

    it('refuses a scope for its own URL with Entra’s AADSTS500011 body, the resource being unknown', async () => {
      const { clientId, clientSecret } = app(t, 'Password Reset Bot');
      const res = await raw(t, 'POST', `/${t.tenantId}/oauth2/v2.0/token`, {
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: clientId,
          client_secret: clientSecret,
          scope: `${t.url}/.default`,
        }).toString(),
      });
      assert.equal(res.status, 400);
      const body = res.json();
      assert.equal(body.error, 'invalid_resource');
      assert.deepEqual(body.error_codes, [500011]);
      assert.match(
        body.error_description,
        new RegExp(
          `^AADSTS500011: The resource principal named ${t.url.replace(/[.]/g, '\\.')} was not found in the tenant named ${t.tenantId}\\. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant\\. You might have sent your authentication request to the wrong tenant\\.\\r\\nTrace ID: [0-9a-f-]{36}\\r\\nCorrelation ID: [0-9a-f-]{36}\\r\\nTimestamp: \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ$`,
        ),
      );
      assert.equal(body.error_uri, 'https://login.microsoftonline.com/error?code=500011');
      // And so through the real credential, the way a bot asking for its Graph host's URL would be.
      await assert.rejects(
        credential(t, clientId, clientSecret).getToken(`${t.url}/.default`),
        /AADSTS500011/,
      );
    });
  });

  describe('401 and 403', () => {
    it('answers a missing token with Graph’s 401 body, request-id and echoed client-request-id', async () => {
      const res = await raw(t, 'GET', '/v1.0/users', { headers: { 'client-request-id': 'abc-123' } });
      assert.equal(res.status, 401);
      const body = res.json();
      assert.equal(body.error.code, 'InvalidAuthenticationToken');
      assert.equal(body.error.message, 'Access token is empty.');
      assert.equal(body.error.innerError['client-request-id'], 'abc-123');
      assert.equal(body.error.innerError['request-id'], res.headers['request-id']);
      assert.equal(res.headers['client-request-id'], 'abc-123');
      assert.match(body.error.innerError.date, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
    });

    it('answers a tampered token and a wrong-audience token with 401', async () => {
      const token = await tokenFor(t, 'Password Reset Bot');
      const tampered = `${token.slice(0, -4)}AAAA`;
      const bad = await raw(t, 'GET', '/v1.0/users', { headers: { Authorization: `Bearer ${tampered}` } });
      assert.equal(bad.status, 401);
      assert.equal(bad.json().error.code, 'InvalidAuthenticationToken');
      const { clientId } = app(t, 'Password Reset Bot');
      const other = await tokenFor(t, 'Password Reset Bot', `api://${clientId}/.default`);
      const wrongAudience = await raw(t, 'GET', '/v1.0/users', {
        headers: { Authorization: `Bearer ${other}` },
      });
      assert.equal(wrongAudience.status, 401);
      assert.equal(wrongAudience.json().error.message, 'Access token validation failure. Invalid audience.');
    });

    it('answers a call whose permission is not granted with 403 Authorization_RequestDenied', async () => {
      const reader = graphClient(t, 'Contoso Directory Reader');
      const denied = await failure(
        reader
          .api('/roleManagement/directory/roleAssignments')
          .filter(`principalId eq '${userId(t, 'bob@contoso.com')}'`)
          .get(),
      );
      assert.equal(denied.statusCode, 403);
      assert.equal(denied.code, 'Authorization_RequestDenied');
      assert.equal(denied.message, 'Insufficient privileges to complete the operation.');
      const patch = await failure(
        reader
          .api(`/users/${userId(t, 'bob@contoso.com')}`)
          .patch({ passwordProfile: { password: 'Xk9!vQ2#mR7t' } }),
      );
      assert.equal(patch.statusCode, 403);
      const domain = await failure(reader.api('/domains/contoso.com').get());
      assert.equal(domain.statusCode, 403);
    });

    it('returns groups and units with little more than their id when the app may not read them', async () => {
      const reader = graphClient(t, 'Contoso Directory Reader');
      const res = await reader.api(`/users/${userId(t, 'hanako.tanaka@contoso.com')}/memberOf`).get();
      assert.ok(res.value.length > 0);
      for (const item of res.value) assert.deepEqual(Object.keys(item).sort(), ['@odata.type', 'id']);
    });
  });

  describe('GET /users', () => {
    it('filters with startswith, or, and, parentheses and sends Graph’s shapes', async () => {
      const c = graphClient(t);
      const res = await c
        .api('/users')
        .filter("(startswith(displayName,'Alice') or surname eq 'Brown') and accountEnabled eq true")
        .select('id,displayName,mail')
        .get();
      assert.deepEqual(res.value.map((u: { displayName: string }) => u.displayName).sort(), [
        'Alice Adams',
        'Alice Anderson',
        'Bob Brown',
      ]);
      assert.equal(res['@odata.context'], `${t.url}/v1.0/$metadata#users(id,displayName,mail)`);
      assert.deepEqual(Object.keys(res.value[0]).sort(), ['displayName', 'id', 'mail']);
    });

    it("escapes quotes OData-style ('O''Brien') and refuses an unescaped one", async () => {
      const c = graphClient(t);
      const res = await c.api('/users').filter("surname eq 'O''Brien'").get();
      assert.deepEqual(
        res.value.map((u: { displayName: string }) => u.displayName),
        ["Liam O'Brien"],
      );
      const bad = await failure(c.api('/users').filter("surname eq 'O'Brien'").get());
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.code, 'BadRequest');
    });

    it('finds by userPrincipalName, mail, id and otherMails/any', async () => {
      const c = graphClient(t);
      const bob = userId(t, 'bob@contoso.com');
      for (const filter of [
        "userPrincipalName eq 'BOB@contoso.com'",
        "mail eq 'bob@contoso.com'",
        `id eq '${bob}'`,
        "otherMails/any(m:m eq 'bob.personal@example.net')",
      ]) {
        const res = await c.api('/users').filter(filter).select('id').get();
        assert.deepEqual(
          res.value.map((u: { id: string }) => u.id),
          [bob],
          filter,
        );
      }
    });

    it('answers Graph’s 400 for a property it does not filter on and for ne without advanced query parameters', async () => {
      const c = graphClient(t);
      const city = await failure(c.api('/users').filter("city eq 'Tokyo'").get());
      assert.equal(city.statusCode, 400);
      assert.equal(city.code, 'Request_UnsupportedQuery');
      const ne = await failure(c.api('/users').filter("userType ne 'Member'").get());
      assert.equal(ne.code, 'Request_UnsupportedQuery');
      const advanced = await c
        .api('/users')
        .header('ConsistencyLevel', 'eventual')
        .query({ $count: 'true' })
        .filter("userType ne 'Member'")
        .get();
      assert.equal(advanced['@odata.count'], 1);
      assert.equal(advanced.value[0].displayName, 'Ellen Ng (Guest)');
    });

    it('serves $search only with ConsistencyLevel: eventual, tokenized on displayName', async () => {
      const c = graphClient(t);
      const refused = await failure(c.api('/users').search('"displayName:alice"').get());
      assert.equal(refused.statusCode, 400);
      assert.equal(refused.code, 'Request_UnsupportedQuery');
      assert.equal(
        refused.message,
        "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'",
      );
      const alices = await c
        .api('/users')
        .header('ConsistencyLevel', 'eventual')
        .search('"displayName:alice"')
        .get();
      assert.deepEqual(alices.value.map((u: { displayName: string }) => u.displayName).sort(), [
        'Alice Adams',
        'Alice Anderson',
      ]);
      const anderson = await c
        .api('/users')
        .header('ConsistencyLevel', 'eventual')
        .search('"displayName:ander"')
        .get();
      assert.deepEqual(
        anderson.value.map((u: { displayName: string }) => u.displayName),
        ['Alice Anderson'],
      );
      const hanako = await c
        .api('/users')
        .header('ConsistencyLevel', 'eventual')
        .search('"displayName:花子"')
        .get();
      assert.deepEqual(
        hanako.value.map((u: { displayName: string }) => u.displayName),
        ['田中 花子'],
      );
    });

    it('returns @odata.count only with ConsistencyLevel: eventual and $count=true', async () => {
      const c = graphClient(t);
      const without = await c
        .api('/users')
        .query({ $count: 'true' })
        .filter("startswith(givenName,'Alice')")
        .get();
      assert.equal(without['@odata.count'], undefined);
      const withCount = await c
        .api('/users')
        .header('ConsistencyLevel', 'eventual')
        .query({ $count: 'true' })
        .filter("startswith(givenName,'Alice')")
        .get();
      assert.equal(withCount['@odata.count'], 2);
    });

    it('pages with $top and @odata.nextLink until every user was seen exactly once', async () => {
      const c = graphClient(t);
      const first = await c.api('/users').top(7).select('id').get();
      assert.equal(first.value.length, 7);
      assert.match(first['@odata.nextLink'], new RegExp(`^${t.url.replace(/[.]/g, '\\.')}/v1\\.0/users\\?`));
      const seen: string[] = [];
      const iterator = new PageIterator(c, first, (u: { id: string }) => {
        seen.push(u.id);
        return true;
      });
      await iterator.iterate();
      assert.equal(seen.length, t.seed.users.length);
      assert.equal(new Set(seen).size, t.seed.users.length);
      const badTop = await failure(c.api('/users').top(1000).get());
      assert.equal(badTop.statusCode, 400);
    });
  });

  describe('GET /users/{id | userPrincipalName}', () => {
    it('returns v1.0’s default properties, and what $select names', async () => {
      const c = graphClient(t);
      const byUpn = await c.api('/users/liam.obrien@contoso.com').get();
      assert.equal(byUpn.id, userId(t, 'liam.obrien@contoso.com'));
      assert.equal(byUpn.otherMails, undefined, 'otherMails is not a default property');
      assert.equal(byUpn['@odata.context'], `${t.url}/v1.0/$metadata#users/$entity`);
      const select =
        'id,displayName,givenName,surname,userPrincipalName,mail,otherMails,userType,accountEnabled,onPremisesSyncEnabled,preferredLanguage';
      const synced = await c
        .api(`/users/${userId(t, 'henrietta.mueller@contoso.com')}`)
        .select(select)
        .get();
      assert.equal(synced.onPremisesSyncEnabled, true);
      const guest = await c
        .api(`/users/${encodeURIComponent('ellen_fabrikam.org#EXT#@contoso.com')}`)
        .select(select)
        .get();
      assert.equal(guest.userType, 'Guest');
      const disabled = await c.api('/users/christie.cline@contoso.com').select(select).get();
      assert.equal(disabled.accountEnabled, false);
      const hanako = await c.api('/users/hanako.tanaka@contoso.com').select(select).get();
      assert.deepEqual(
        [hanako.displayName, hanako.preferredLanguage, hanako.otherMails],
        ['田中 花子', 'ja-JP', ['hanako.tanaka@example.jp']],
      );
    });

    it('answers 404 Request_ResourceNotFound with Graph’s message', async () => {
      const c = graphClient(t);
      const missing = '0b9c1f1e-0000-4000-8000-00000000dead';
      const e = await failure(c.api(`/users/${missing}`).get());
      assert.equal(e.statusCode, 404);
      assert.equal(e.code, 'Request_ResourceNotFound');
      assert.equal(
        e.message,
        `Resource '${missing}' does not exist or one of its queried reference-property objects are not present.`,
      );
    });

    it('refuses an unknown $select property', async () => {
      const e = await failure(graphClient(t).api('/users/bob@contoso.com').select('id,shoeSize').get());
      assert.equal(e.statusCode, 400);
    });
  });

  describe('roles, groups and administrative units', () => {
    const roleNames = (res: { value: { displayName: string }[] }): string[] =>
      res.value.map((r) => r.displayName).sort();
    const directoryRoles = (c: ReturnType<typeof graphClient>, upn: string) =>
      c
        .api(`/users/${userId(t, upn)}/transitiveMemberOf/microsoft.graph.directoryRole`)
        .header('ConsistencyLevel', 'eventual')
        .query({ $count: 'true' })
        .get();

    it('needs ConsistencyLevel and $count for the directoryRole cast on transitiveMemberOf', async () => {
      const e = await failure(
        graphClient(t)
          .api(
            `/users/${userId(t, 'alex.wilber@contoso.com')}/transitiveMemberOf/microsoft.graph.directoryRole`,
          )
          .get(),
      );
      assert.equal(e.statusCode, 400);
      assert.equal(e.code, 'Request_UnsupportedQuery');
    });

    it('lists tenant-scoped active roles, group-based ones included; not unit-scoped, eligible or custom ones', async () => {
      const c = graphClient(t);
      const alex = await directoryRoles(c, 'alex.wilber@contoso.com');
      assert.deepEqual(roleNames(alex), ['Helpdesk Administrator']);
      assert.equal(alex.value[0].roleTemplateId, '729827e3-9c14-49f7-bb1b-9608f156bbb8');
      assert.equal(alex['@odata.count'], 1);
      assert.deepEqual(roleNames(await directoryRoles(c, 'lee.gu@contoso.com')), ['Helpdesk Administrator']);
      assert.deepEqual(roleNames(await directoryRoles(c, 'kenji.sato@contoso.com')), []);
      assert.deepEqual(roleNames(await directoryRoles(c, 'grady.archie@contoso.com')), []);
      assert.deepEqual(roleNames(await directoryRoles(c, 'lidia.holloway@contoso.com')), []);
      assert.deepEqual(roleNames(await directoryRoles(c, 'megan.bowen@contoso.com')), [
        'Global Administrator',
      ]);
    });

    it('returns direct role assignments with directoryScopeId, and expands roleDefinition', async () => {
      const c = graphClient(t);
      const kenji = await c
        .api('/roleManagement/directory/roleAssignments')
        .filter(`principalId eq '${userId(t, 'kenji.sato@contoso.com')}'`)
        .expand('roleDefinition($select=id,templateId,displayName)')
        .get();
      assert.equal(kenji.value.length, 1);
      assert.equal(kenji.value[0].directoryScopeId, `/administrativeUnits/${objectId(t, 'Tokyo')}`);
      assert.deepEqual(kenji.value[0].roleDefinition, {
        id: '729827e3-9c14-49f7-bb1b-9608f156bbb8',
        templateId: '729827e3-9c14-49f7-bb1b-9608f156bbb8',
        displayName: 'Helpdesk Administrator',
      });
      const grady = await c
        .api('/roleManagement/directory/roleAssignments')
        .filter(`principalId eq '${userId(t, 'grady.archie@contoso.com')}'`)
        .get();
      assert.deepEqual(grady.value, [], 'PIM-eligible assignments are not listed');
      const lee = await c
        .api('/roleManagement/directory/roleAssignments')
        .filter(`principalId eq '${userId(t, 'lee.gu@contoso.com')}'`)
        .get();
      assert.deepEqual(lee.value, [], 'group-based roles are assigned to the group, not the user');
      const group = await c
        .api('/roleManagement/directory/roleAssignments')
        .filter(`principalId eq '${objectId(t, 'Helpdesk Tier 2')}'`)
        .get();
      assert.equal(group.value[0].roleDefinitionId, '729827e3-9c14-49f7-bb1b-9608f156bbb8');
      assert.deepEqual(Object.keys(group.value[0]).sort(), [
        'directoryScopeId',
        'id',
        'principalId',
        'roleDefinitionId',
      ]);
    });

    it('lists administrative units (direct membership only) with isMemberManagementRestricted', async () => {
      const c = graphClient(t);
      const units = (upn: string) =>
        c.api(`/users/${userId(t, upn)}/memberOf/microsoft.graph.administrativeUnit`).get();
      const hanako = await units('hanako.tanaka@contoso.com');
      assert.deepEqual(
        hanako.value.map((u: { displayName: string; isMemberManagementRestricted: boolean }) => [
          u.displayName,
          u.isMemberManagementRestricted,
        ]),
        [['Tokyo', false]],
      );
      const johanna = await units('johanna.lorenz@contoso.com');
      assert.deepEqual(
        johanna.value.map((u: { displayName: string; isMemberManagementRestricted: boolean }) => [
          u.displayName,
          u.isMemberManagementRestricted,
        ]),
        [['Executives', true]],
      );
      const haruto = await units('haruto.suzuki@contoso.com');
      assert.deepEqual(haruto.value, [], 'a group in a unit does not make its members unit members');
      const all = await c.api(`/users/${userId(t, 'hanako.tanaka@contoso.com')}/memberOf`).get();
      const types = new Set(all.value.map((o: { '@odata.type': string }) => o['@odata.type']));
      assert.deepEqual([...types].sort(), ['#microsoft.graph.administrativeUnit', '#microsoft.graph.group']);
    });

    it('lists owned role-assignable groups and group membership with isAssignableToRole', async () => {
      const c = graphClient(t);
      const owned = await c
        .api(`/users/${userId(t, 'joni.sherman@contoso.com')}/ownedObjects/microsoft.graph.group`)
        .select('id,isAssignableToRole')
        .get();
      assert.deepEqual(owned.value, [
        {
          '@odata.type': '#microsoft.graph.group',
          id: objectId(t, 'Privileged Access Reviewers'),
          isAssignableToRole: true,
        },
      ]);
      const nestor = await c
        .api(`/users/${userId(t, 'nestor.wilke@contoso.com')}/transitiveMemberOf/microsoft.graph.group`)
        .header('ConsistencyLevel', 'eventual')
        .query({ $count: 'true' })
        .get();
      const reviewers = nestor.value.find(
        (g: { displayName: string }) => g.displayName === 'Privileged Access Reviewers',
      );
      assert.equal(reviewers.isAssignableToRole, true);
    });

    it('reads domains with their authentication type, and 404s an unknown one', async () => {
      const c = graphClient(t);
      assert.deepEqual(await c.api('/domains/contoso.com').select('id,authenticationType').get(), {
        '@odata.context': `${t.url}/v1.0/$metadata#domains(id,authenticationType)/$entity`,
        id: 'contoso.com',
        authenticationType: 'Managed',
      });
      assert.equal(
        (await c.api('/domains/fabrikam.example').select('id,authenticationType').get()).authenticationType,
        'Federated',
      );
      assert.equal((await failure(c.api('/domains/nowhere.example').get())).statusCode, 404);
    });
  });

  it('reads administrative units and groups by id, and refuses /me for an application token', async () => {
    const c = graphClient(t);
    const executives = await c.api(`/directory/administrativeUnits/${objectId(t, 'Executives')}`).get();
    assert.equal(executives.isMemberManagementRestricted, true);
    assert.equal(executives.displayName, 'Executives');
    const group = await c.api(`/groups/${objectId(t, 'Helpdesk Tier 2')}`).get();
    assert.equal(group.isAssignableToRole, true);
    const me = await failure(c.api('/me').get());
    assert.deepEqual(
      [me.statusCode, me.message],
      [400, '/me request is only valid with delegated authentication flow.'],
    );
    const unknown = await failure(c.api('/applicationTemplates').get());
    assert.deepEqual(
      [unknown.statusCode, unknown.message],
      [400, "Resource not found for the segment 'applicationTemplates'."],
    );
  });

  it('logs each round trip with method, path, status and duration', async () => {
    await t.admin.clearRequests();
    await graphClient(t).api('/users/bob@contoso.com').select('id').get();
    const log = await t.admin.requests();
    const graphCalls = log.filter((r) => r.path.startsWith('/v1.0/'));
    assert.equal(graphCalls.length, 1);
    assert.equal(graphCalls[0]!.path, '/v1.0/users/bob@contoso.com');
    assert.equal(graphCalls[0]!.status, 200);
    assert.ok(graphCalls[0]!.durationMs >= 0);
    const later = await t.admin.requests(graphCalls[0]!.seq);
    assert.ok(later.every((r) => r.seq > graphCalls[0]!.seq));
  });
});
