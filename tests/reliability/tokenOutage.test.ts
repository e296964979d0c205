/**
 * An outage of the token endpoint, through the real bot over HTTP against the local tenant: the token
 * endpoint answers 503 (as Entra does, without Retry-After) to a bot that has no token yet. The admin is
 * told that Microsoft 365 did not answer (retryable), never that the bot is not allowed or that its
 * credentials are wrong; once the endpoint is back, the bot works again within seconds (not after
 * MSAL's default one-minute throttle). A bot that holds a token goes on working through an outage.
 */
import assert from 'node:assert/strict';
import { ErrorCodes } from '../../src/errors';
import { errorText, t } from '../../src/i18n';
import { assertConfirmation, finalCard, openForm, submitForm } from '../integration/flows';
import { cardText, startHarness, type Harness } from '../integration/harness';

/** How soon after the endpoint is back the bot must work again. */
const RECOVERY_BOUND_MS = 10_000;
const TOKEN_PATH = '/oauth2/v2\\.0/token$';

describe('reliability: the token endpoint goes down and comes back', function () {
  this.timeout(120_000);
  let h: Harness;

  before(async function () {
    this.timeout(120_000);
    h = await startHarness();
  });
  after(async () => h?.stop());

  /** What the bot answers to a reset request, as text, and whether it was the form. */
  async function ask(upn: string): Promise<{ text: string; form: boolean }> {
    const said = await h.say(h.people.helpdesk, `reset password for ${upn}`);
    assert.equal(said.answer.status, 200);
    const text = said.replies.map((reply) => cardText(reply.card)).join(' | ');
    return { text, form: text.includes(t('en', 'form.submit')) };
  }

  it('tells the admin "did not answer" during the outage and works again within seconds after it', async () => {
    const { bob, helpdesk } = h.people;
    // Nothing has asked for a token yet: the first Graph call needs one.
    await h.admin.addFault({ path: TOKEN_PATH, kind: 'status', status: 503 });

    const during = await ask(bob.upn);
    assert.equal(during.form, false, `a form came back during the outage: ${during.text}`);
    assert.ok(
      during.text.includes(errorText('en', ErrorCodes.GRAPH_UNAVAILABLE)),
      `not "Microsoft 365 did not answer": ${during.text}`,
    );
    for (const wrong of [
      ErrorCodes.GRAPH_DENIED,
      ErrorCodes.GRAPH_READ_DENIED,
      ErrorCodes.GRAPH_AUTH_FAILED,
    ]) {
      assert.ok(
        !during.text.includes(errorText('en', wrong, { permission: '' }).slice(0, 40)),
        `told ${wrong}: ${during.text}`,
      );
    }
    assert.ok(!/not allowed/i.test(during.text), during.text);
    const tokenCalls = (await h.admin.requests()).filter((r) => /oauth2\/v2\.0\/token$/.test(r.path));
    assert.ok(tokenCalls.length > 0 && tokenCalls.every((r) => r.status === 503), 'the endpoint was asked');

    await h.admin.clearFaults();
    const recovered = Date.now();
    let answer = await ask(bob.upn);
    while (!answer.form && Date.now() - recovered < 90_000) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      answer = await ask(bob.upn);
    }
    const took = Date.now() - recovered;
    assert.ok(answer.form, `no form 90 s after the endpoint came back: ${answer.text}`);
    assert.ok(took <= RECOVERY_BOUND_MS, `the bot worked again only ${took} ms after the endpoint came back`);

    // And a whole reset goes through.
    const form = await openForm(h, helpdesk, bob.upn);
    const mark = h.connector.mark();
    await submitForm(h, helpdesk, form);
    assertConfirmation(await finalCard(h, form, mark, 30_000), 'en', bob, form.requestId);
  });

  it('a bot that holds a token resets through an outage of the token endpoint', async () => {
    const { helpdesk } = h.people;
    const carol = h.people.plain[0];
    assert.ok((await ask(carol.upn)).form, 'the bot works before the outage (and holds a token)');
    await h.admin.addFault({ path: TOKEN_PATH, kind: 'status', status: 503 });
    try {
      const form = await openForm(h, helpdesk, carol.upn);
      const mark = h.connector.mark();
      await submitForm(h, helpdesk, form);
      assertConfirmation(await finalCard(h, form, mark, 30_000), 'en', carol, form.requestId);
    } finally {
      await h.admin.clearFaults();
    }
  });
});
