import assert from 'node:assert/strict';
import { useTenant, type RunningTenant } from '../../support/tenant';
import { failure, graphClient, userId } from './clients';

const POLICY_PATH =
  '/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/TemporaryAccessPass';
const POLICY_REFUSAL =
  'Converged UserCredentialPolicy does not allow creating or updating this authentication method. AuthMethodType [TemporaryAccessPass].';

describe('local tenant: Temporary Access Pass through the real Graph client', function () {
  this.timeout(120_000);
  let t: RunningTenant;
  useTenant((started) => (t = started));
  beforeEach(async () => {
    await t.admin.reset();
  });

  const create = (upn: string, body: Record<string, unknown> = {}, appName = 'Password Reset Bot') =>
    graphClient(t, appName)
      .api(`/users/${userId(t, upn)}/authentication/temporaryAccessPassMethods`)
      .post(body);

  describe('the policy', () => {
    it('serves the seeded configuration with Graph’s fields: enabled, Entra’s documented defaults', async () => {
      const policy = await graphClient(t).api(POLICY_PATH).get();
      assert.equal(
        policy['@odata.type'],
        '#microsoft.graph.temporaryAccessPassAuthenticationMethodConfiguration',
      );
      assert.equal(policy.id, 'TemporaryAccessPass');
      assert.equal(policy.state, 'enabled');
      assert.deepEqual(
        [
          policy.minimumLifetimeInMinutes,
          policy.maximumLifetimeInMinutes,
          policy.defaultLifetimeInMinutes,
          policy.isUsableOnce,
          policy.defaultLength,
        ],
        [60, 480, 60, false, 8],
      );
      assert.deepEqual(policy.includeTargets, [
        { targetType: 'group', id: 'all_users', isRegistrationRequired: false },
      ]);
    });

    it('is read with Policy.Read.AuthenticationMethod, in any case of its id; without it 403', async () => {
      const lower = await graphClient(t)
        .api(POLICY_PATH.replace('TemporaryAccessPass', 'temporaryAccessPass'))
        .get();
      assert.equal(lower.id, 'TemporaryAccessPass');
      const refused = await failure(graphClient(t, 'Contoso Directory Reader').api(POLICY_PATH).get());
      assert.equal(refused.statusCode, 403);
      assert.equal(refused.code, 'accessDenied');
    });
  });

  describe('POST temporaryAccessPassMethods', () => {
    it('answers 201 with the pass, once: the tenant keeps a hash, a read never shows the pass', async () => {
      const created = await create('bob@contoso.com', { lifetimeInMinutes: 90, isUsableOnce: true });
      assert.equal(created['@odata.type'], '#microsoft.graph.temporaryAccessPassAuthenticationMethod');
      assert.equal(typeof created.temporaryAccessPass, 'string');
      assert.equal(created.temporaryAccessPass.length, 8, 'the policy’s defaultLength');
      assert.equal(created.lifetimeInMinutes, 90);
      assert.equal(created.isUsableOnce, true);
      assert.equal(created.isUsable, true);
      assert.equal(created.methodUsabilityReason, 'EnabledByPolicy');
      assert.deepEqual(
        await t.admin.verifyTemporaryAccessPass('bob@contoso.com', created.temporaryAccessPass),
        {
          match: true,
          exists: true,
          startDateTime: created.startDateTime,
          lifetimeInMinutes: 90,
          isUsableOnce: true,
        },
      );
      const listed = await graphClient(t)
        .api(`/users/${userId(t, 'bob@contoso.com')}/authentication/temporaryAccessPassMethods`)
        .get();
      assert.equal(listed.value.length, 1);
      assert.equal(listed.value[0].id, created.id);
      assert.equal(listed.value[0].temporaryAccessPass, null);
      const log = JSON.stringify(await t.admin.requests());
      assert.ok(!log.includes(created.temporaryAccessPass), 'the request log never holds a pass');
    });

    it('takes the policy’s default lifetime and a later start as asked (not yet valid)', async () => {
      const start = new Date(Date.now() + 3 * 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
      const created = await create('carol@contoso.com', { startDateTime: start });
      assert.equal(created.lifetimeInMinutes, 60);
      assert.equal(created.isUsableOnce, false);
      assert.equal(created.startDateTime, start);
      assert.equal(created.isUsable, false);
      assert.equal(created.methodUsabilityReason, 'NotYetValid');
    });

    it('a second pass replaces the first: one pass per user, the first no longer verifies', async () => {
      const first = await create('bob@contoso.com');
      const second = await create('bob@contoso.com');
      assert.notEqual(first.id, second.id);
      assert.equal(
        (await t.admin.verifyTemporaryAccessPass('bob@contoso.com', first.temporaryAccessPass)).match,
        false,
      );
      assert.equal(
        (await t.admin.verifyTemporaryAccessPass('bob@contoso.com', second.temporaryAccessPass)).match,
        true,
      );
      const listed = await graphClient(t)
        .api(`/users/${userId(t, 'bob@contoso.com')}/authentication/temporaryAccessPassMethods`)
        .get();
      assert.deepEqual(
        listed.value.map((m: { id: string }) => m.id),
        [second.id],
      );
    });

    it('refuses a lifetime outside the policy with Graph’s 400 and message, and creates nothing', async () => {
      for (const lifetimeInMinutes of [59, 481, 10, 43_200]) {
        const refused = await failure(create('bob@contoso.com', { lifetimeInMinutes }));
        assert.equal(refused.statusCode, 400, String(lifetimeInMinutes));
        assert.equal(refused.code, 'badRequest');
        assert.equal(
          refused.message,
          'Invalid LifetimeInMinutes specified. The valid range between 60 and 480.',
        );
      }
      await t.admin.setTapPolicy({ minimumLifetimeInMinutes: 10, maximumLifetimeInMinutes: 43_200 });
      assert.equal(
        (await create('bob@contoso.com', { lifetimeInMinutes: 43_200 })).lifetimeInMinutes,
        43_200,
      );
      assert.equal((await failure(create('bob@contoso.com', { lifetimeInMinutes: 43_201 }))).statusCode, 400);
    });

    it('refuses a multi-use pass when the policy allows one-time passes only', async () => {
      await t.admin.setTapPolicy({ isUsableOnce: true });
      const refused = await failure(create('bob@contoso.com', { isUsableOnce: false }));
      assert.equal(refused.statusCode, 400);
      assert.equal(refused.code, 'badRequest');
      assert.equal(
        (await create('bob@contoso.com', {})).isUsableOnce,
        true,
        'the policy decides when not asked',
      );
    });

    it('refuses every pass while the policy is disabled, and for users it does not include', async () => {
      await t.admin.setTapPolicy({ state: 'disabled' });
      const disabled = await failure(create('bob@contoso.com'));
      assert.equal(disabled.statusCode, 400);
      assert.equal(disabled.message, POLICY_REFUSAL);
      assert.equal((await t.admin.verifyTemporaryAccessPass('bob@contoso.com', 'x')).exists, false);

      const tokyoSales = t.seed.groups!.find((g) => g.displayName === 'Tokyo Sales')!.id;
      await t.admin.setTapPolicy({ state: 'enabled', includeTargets: [tokyoSales] });
      assert.equal((await failure(create('bob@contoso.com'))).message, POLICY_REFUSAL);
      assert.equal(typeof (await create('haruto.suzuki@contoso.com')).temporaryAccessPass, 'string');
      await t.admin.setTapPolicy({ includeTargets: ['all_users'], excludeTargets: [tokyoSales] });
      assert.equal((await failure(create('haruto.suzuki@contoso.com'))).statusCode, 400);
    });

    it('refuses properties a create may not set, and a start that is no date', async () => {
      for (const body of [
        { temporaryAccessPass: 'Chosen-By-Me1' },
        { startDateTime: 'tomorrow' },
        { lifetimeInMinutes: '60' },
      ]) {
        const refused = await failure(create('bob@contoso.com', body));
        assert.equal(refused.statusCode, 400, JSON.stringify(body));
      }
    });

    it('403 without the permission, and when the app’s own role may not manage that user’s methods', async () => {
      const noPermission = await failure(create('bob@contoso.com', {}, 'Contoso Helpdesk Tool'));
      assert.equal(noPermission.statusCode, 403);
      assert.equal(noPermission.code, 'accessDenied');
      // An Authentication Administrator app: plain users yes, a User Administrator or a PIM-protected
      // role-assignable group member no (Entra's table for authentication methods).
      assert.equal(
        typeof (await create('bob@contoso.com', {}, 'Contoso Onboarding Tool')).temporaryAccessPass,
        'string',
      );
      assert.equal(
        typeof (await create('debra.berger@contoso.com', {}, 'Contoso Onboarding Tool')).temporaryAccessPass,
        'string',
        'Directory Readers is in the table',
      );
      for (const upn of ['diego.siciliani@contoso.com', 'alex.wilber@contoso.com', 'lee.gu@contoso.com']) {
        const refused = await failure(create(upn, {}, 'Contoso Onboarding Tool'));
        assert.equal(refused.statusCode, 403, upn);
        assert.equal(refused.code, 'accessDenied');
      }
      // The bot (Privileged Authentication Administrator, tenant-wide) reaches admins, but not a member of
      // a restricted management unit.
      assert.equal(typeof (await create('megan.bowen@contoso.com')).temporaryAccessPass, 'string');
      assert.equal((await failure(create('johanna.lorenz@contoso.com'))).statusCode, 403);
    });

    it('404 for a user that does not exist', async () => {
      const refused = await failure(
        graphClient(t)
          .api('/users/00000000-0000-0000-0000-00000000dead/authentication/temporaryAccessPassMethods')
          .post({}),
      );
      assert.equal(refused.statusCode, 404);
    });

    it('inside $batch, like any other request', async () => {
      const answer = await graphClient(t)
        .api('/$batch')
        .post({
          requests: [
            { id: '1', method: 'GET', url: POLICY_PATH },
            {
              id: '2',
              method: 'POST',
              url: `/users/${userId(t, 'carol@contoso.com')}/authentication/temporaryAccessPassMethods`,
              headers: { 'Content-Type': 'application/json' },
              body: { lifetimeInMinutes: 120 },
            },
          ],
        });
      const byId = new Map(answer.responses.map((r: { id: string }) => [r.id, r]));
      assert.equal((byId.get('1') as { status: number }).status, 200);
      const created = byId.get('2') as { status: number; body: { temporaryAccessPass: string } };
      assert.equal(created.status, 201);
      assert.equal(
        (await t.admin.verifyTemporaryAccessPass('carol@contoso.com', created.body.temporaryAccessPass))
          .match,
        true,
      );
    });
  });
});
