import assert from 'node:assert/strict';
import fc from 'fast-check';
import { useTenant, type RunningTenant } from '../../support/tenant';
import { failure, graphClient, raw, userId } from './clients';

const COMPLEXITY =
  'The specified password does not comply with password complexity requirements. Please provide a different password.';
const SEED_PASSWORD = 'Contoso-Local-Pa55word!';

describe('local tenant: password resets, sessions and mail through the real Graph client', function () {
  this.timeout(120_000);
  let t: RunningTenant;
  useTenant((started) => (t = started));
  beforeEach(async () => {
    await t.admin.reset();
  });

  const reset = (appName: string, upn: string, password: string, forceChange = true) =>
    graphClient(t, appName)
      .api(`/users/${userId(t, upn)}`)
      .patch({ passwordProfile: { password, forceChangePasswordNextSignIn: forceChange } });

  describe('PATCH passwordProfile', () => {
    it('answers 204, keeps only a hash, and the new password then verifies (with the must-change flag)', async () => {
      const before = await graphClient(t)
        .api('/users/bob@contoso.com')
        .select('lastPasswordChangeDateTime')
        .get();
      assert.equal(await reset('Password Reset Bot', 'bob@contoso.com', 'Kite-Orbit-7391!'), undefined);
      assert.deepEqual(await t.admin.verifyPassword('bob@contoso.com', 'Kite-Orbit-7391!'), {
        match: true,
        forceChangePasswordNextSignIn: true,
      });
      assert.equal((await t.admin.verifyPassword('bob@contoso.com', SEED_PASSWORD)).match, false);
      const after = await graphClient(t)
        .api('/users/bob@contoso.com')
        .select('lastPasswordChangeDateTime')
        .get();
      assert.notEqual(after.lastPasswordChangeDateTime, before.lastPasswordChangeDateTime);
      await reset('Password Reset Bot', 'bob@contoso.com', 'Kite-Orbit-7392!', false);
      assert.deepEqual(await t.admin.verifyPassword('bob@contoso.com', 'Kite-Orbit-7392!'), {
        match: true,
        forceChangePasswordNextSignIn: false,
      });
      const log = JSON.stringify(await t.admin.requests());
      assert.ok(!log.includes('Kite-Orbit'), 'the request log never holds a password');
    });

    it('signs the user in by ROPC as Entra does: AADSTS50055 while a change is required, AADSTS50126 for a wrong password', async () => {
      await reset('Password Reset Bot', 'carol@contoso.com', 'Lantern-Fjord-58$');
      const { clientId } = t.seed.applications[0]!;
      const ropc = (password: string) =>
        raw(t, 'POST', `/${t.tenantId}/oauth2/v2.0/token`, {
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            grant_type: 'password',
            client_id: clientId,
            username: 'carol@contoso.com',
            password,
            scope: 'https://graph.microsoft.com/.default',
          }).toString(),
        });
      assert.match((await ropc('Lantern-Fjord-58$')).json().error_description, /^AADSTS50055:/);
      assert.match((await ropc('wrong-one')).json().error_description, /^AADSTS50126:/);
      await reset('Password Reset Bot', 'carol@contoso.com', 'Lantern-Fjord-59$', false);
      assert.equal((await ropc('Lantern-Fjord-59$')).status, 200);
    });

    it('applies Entra’s rules to a generated set of valid and invalid passwords, answering Graph’s exact 400', async () => {
      const valid = fc.sample(
        fc
          .tuple(fc.stringMatching(/^[a-z]{4}[A-Z]{3}[0-9]{3}[!#%&*+=?@^_-]{2}$/), fc.nat())
          .map(([s, n]) => s + String(n % 97)),
        12,
      );
      const invalid = [
        ...fc.sample(fc.stringMatching(/^[a-zA-Z0-9]{1,7}$/), 4), // too short
        ...fc.sample(fc.stringMatching(/^[a-z]{10,20}$/), 3), // one class
        ...fc.sample(fc.stringMatching(/^[a-z]{6}[0-9]{6}$/), 3), // two classes
        'Pässword-Ö1x9', // a character outside the allowed set
        'Password1!', // banned word
        'Contoso!24', // tenant name
        'Brown!12', // the user's surname
        `Aa1!${'z'.repeat(253)}`, // 257 characters
      ];
      for (const pw of valid) {
        await assert.doesNotReject(reset('Password Reset Bot', 'bob@contoso.com', pw), pw);
        assert.equal((await t.admin.verifyPassword('bob@contoso.com', pw)).match, true, pw);
      }
      for (const pw of invalid) {
        const e = await failure(reset('Password Reset Bot', 'bob@contoso.com', pw));
        assert.equal(e.statusCode, 400, pw);
        assert.equal(e.code, 'Request_BadRequest', pw);
        assert.equal(e.message, COMPLEXITY, pw);
      }
      assert.equal((await t.admin.verifyPassword('bob@contoso.com', valid[valid.length - 1]!)).match, true);
    });

    it('refuses directory-synced users with Graph’s 400 and federated users with a 400', async () => {
      const synced = await failure(
        reset('Password Reset Bot', 'henrietta.mueller@contoso.com', 'Kite-Orbit-7391!'),
      );
      assert.equal(synced.statusCode, 400);
      assert.equal(
        synced.message,
        'Unable to update the specified properties for on-premises mastered Directory Sync objects or objects currently undergoing migration.',
      );
      const federated = await failure(
        reset('Password Reset Bot', 'sven@fabrikam.example', 'Kite-Orbit-7391!'),
      );
      assert.equal(federated.statusCode, 400);
    });

    it('answers 404 for an unknown user', async () => {
      const e = await failure(
        graphClient(t)
          .api('/users/nobody@contoso.com')
          .patch({ passwordProfile: { password: 'Kite-Orbit-7391!' } }),
      );
      assert.equal(e.statusCode, 404);
      assert.equal(e.code, 'Request_ResourceNotFound');
    });

    it("answers 403 when the application's own directory role could not reset that target", async () => {
      const denied = async (appName: string, upn: string) => {
        const e = await failure(reset(appName, upn, 'Kite-Orbit-7391!'));
        assert.equal(e.statusCode, 403, `${appName} → ${upn}`);
        assert.equal(e.code, 'Authorization_RequestDenied');
        assert.equal(e.message, 'Insufficient privileges to complete the operation.');
      };
      // The bot is a Privileged Authentication Administrator at tenant scope: everyone but restricted-unit members.
      await denied('Password Reset Bot', 'johanna.lorenz@contoso.com');
      await reset('Password Reset Bot', 'megan.bowen@contoso.com', 'Kite-Orbit-7391!');
      await reset('Password Reset Bot', 'lee.gu@contoso.com', 'Kite-Orbit-7391!');
      // A tenant-wide Helpdesk Administrator app: not admins above it, not role-assignable group members.
      await denied('Contoso Helpdesk Tool', 'megan.bowen@contoso.com');
      await denied('Contoso Helpdesk Tool', 'isaiah.langer@contoso.com');
      await denied('Contoso Helpdesk Tool', 'nestor.wilke@contoso.com');
      await denied('Contoso Helpdesk Tool', 'joni.sherman@contoso.com');
      await denied('Contoso Helpdesk Tool', 'lidia.holloway@contoso.com');
      // Custom roles are "any other role" whatever built-in template id they copy (Helpdesk, Directory Readers).
      await denied('Contoso Helpdesk Tool', 'allan.deyoung@contoso.com');
      await denied('Contoso Helpdesk Tool', 'irvin.sayers@contoso.com');
      await reset('Contoso Helpdesk Tool', 'bob@contoso.com', 'Kite-Orbit-7391!');
      await reset('Contoso Helpdesk Tool', 'alex.wilber@contoso.com', 'Kite-Orbit-7391!');
      // Helpdesk Administrator scoped to the restricted Executives unit: its members only.
      await reset('Executive Office Tool', 'johanna.lorenz@contoso.com', 'Kite-Orbit-7391!');
      await denied('Executive Office Tool', 'bob@contoso.com');
    });
  });

  it('revokes sign-in sessions with 200 {"value": true}', async () => {
    const res = await graphClient(t)
      .api(`/users/${userId(t, 'bob@contoso.com')}/revokeSignInSessions`)
      .post({});
    assert.equal(res.value, true);
    assert.equal(res['@odata.context'], `${t.url}/v1.0/$metadata#Edm.Boolean`);
    const e = await failure(
      graphClient(t, 'Contoso Directory Reader')
        .api(`/users/${userId(t, 'bob@contoso.com')}/revokeSignInSessions`)
        .post({}),
    );
    assert.equal(e.statusCode, 403);
  });

  describe('sendMail', () => {
    const mail = (subject: string) => ({
      message: {
        subject,
        body: {
          contentType: 'HTML',
          content: `<p>Hello <a href="https://example.net/x">link</a></p><script>alert(1)</script>`,
        },
        toRecipients: [{ emailAddress: { address: 'bob.personal@example.net' } }],
        ccRecipients: [{ emailAddress: { address: 'alex.wilber@contoso.com' } }],
      },
      saveToSentItems: false,
    });

    it('accepts with 202 into the outbox, newest first, and shows it on the outbox page safely', async () => {
      const c = graphClient(t);
      await c.api('/users/helpdesk@contoso.com/sendMail').post(mail('first'));
      await c.api('/users/helpdesk@contoso.com/sendMail').post(mail('second'));
      const outbox = await t.admin.outbox();
      assert.deepEqual(
        outbox.map((m) => m.subject),
        ['second', 'first'],
      );
      assert.equal(outbox[0]!.from, 'helpdesk@contoso.com');
      assert.deepEqual(outbox[0]!.to, ['bob.personal@example.net']);
      assert.deepEqual(outbox[0]!.cc, ['alex.wilber@contoso.com']);
      assert.equal(outbox[0]!.bodyType, 'html');
      const page = await raw(t, 'GET', '/outbox');
      assert.equal(page.status, 200);
      assert.ok(page.text.indexOf('<h2>second</h2>') < page.text.indexOf('<h2>first</h2>'));
      assert.match(
        page.text,
        /<iframe sandbox="allow-popups allow-popups-to-escape-sandbox"[^>]*srcdoc="[^"]*&lt;script&gt;/,
      );
      assert.ok(!page.text.includes('<script>'), 'HTML bodies never run on the page');
      await t.admin.clearOutbox();
      assert.deepEqual(await t.admin.outbox(), []);
    });

    it('answers 429 ApplicationThrottled beyond four concurrent requests per mailbox', async () => {
      const c = graphClient(t, 'Password Reset Bot', { retry: false });
      await c.api('/users/bob@contoso.com').select('id').get(); // token first, so the six calls start together
      const results = await Promise.allSettled(
        Array.from({ length: 10 }, (_, i) =>
          c.api('/users/helpdesk@contoso.com/sendMail').post(mail(`n${i}`)),
        ),
      );
      const throttled = results.filter((r) => r.status === 'rejected');
      assert.ok(
        throttled.length >= 1 && throttled.length <= 6,
        `expected some 429s, got ${throttled.length}`,
      );
      for (const r of throttled) {
        const e = (r as PromiseRejectedResult).reason as {
          statusCode: number;
          code: string;
          message: string;
        };
        assert.equal(e.statusCode, 429);
        assert.equal(e.code, 'ApplicationThrottled');
        assert.equal(e.message, 'Application is over its MailboxConcurrency limit.');
      }
      assert.equal((await t.admin.outbox()).length, 10 - throttled.length);
    });

    it('refuses unknown senders, senders without a mailbox, no recipients, and apps without Mail.Send', async () => {
      const c = graphClient(t);
      const unknown = await failure(c.api('/users/nobody@contoso.com/sendMail').post(mail('x')));
      assert.deepEqual([unknown.statusCode, unknown.code], [404, 'ErrorInvalidUser']);
      const guest = await failure(
        c.api(`/users/${userId(t, 'ellen_fabrikam.org#EXT#@contoso.com')}/sendMail`).post(mail('x')),
      );
      assert.deepEqual([guest.statusCode, guest.code], [404, 'MailboxNotEnabledForRESTAPI']);
      const none = await failure(
        c
          .api('/users/helpdesk@contoso.com/sendMail')
          .post({ message: { subject: 'x', body: { contentType: 'Text', content: 'x' } } }),
      );
      assert.deepEqual([none.statusCode, none.code], [400, 'ErrorInvalidRecipients']);
      const reader = await failure(
        graphClient(t, 'Contoso Directory Reader')
          .api('/users/helpdesk@contoso.com/sendMail')
          .post(mail('x')),
      );
      assert.deepEqual([reader.statusCode, reader.code], [403, 'ErrorAccessDenied']);
      assert.deepEqual(await t.admin.outbox(), []);
    });
  });

  it('reset reloads the seed: passwords, outbox, log and faults', async () => {
    await reset('Password Reset Bot', 'bob@contoso.com', 'Kite-Orbit-7391!');
    await t.admin.addFault({ path: '^/v1\\.0/domains', kind: 'status', status: 503 });
    await t.admin.reset();
    assert.equal((await t.admin.verifyPassword('bob@contoso.com', SEED_PASSWORD)).match, true);
    assert.deepEqual(await t.admin.requests(), []);
    const domain = await graphClient(t, 'Password Reset Bot', { retry: false })
      .api('/domains/contoso.com')
      .get();
    assert.equal(domain.id, 'contoso.com');
  });
});
