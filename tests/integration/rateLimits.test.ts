/**
 * Rate limits through the real bot over HTTP: a request the per-target limit refuses spends nothing of the
 * requester's own budget. (Sliding windows across hour and day boundaries need a clock the test moves:
 * they are proven on the RateLimiter contract, tests/storage/rateLimiter.contract.ts, against Table storage,
 * and on the use cases, tests/reset/resetFlow.test.ts.)
 */
import assert from 'node:assert/strict';
import { errorText } from '../../src/i18n';
import { answeredCard, assertConfirmation, finalCard, openForm, submitForm } from './flows';
import { cardText, patchesOf, useHarness, type Harness, type Person } from './harness';

describe('integration: rate limits over HTTP', function () {
  this.timeout(60_000);
  let h: Harness;

  useHarness(
    { RATE_LIMIT_REQUESTER_PER_HOUR: '2', RATE_LIMIT_TARGET_PER_DAY: '1' },
    (started) => (h = started),
  );

  /** Opens a form as the helpdesk admin and submits it; the card that came back. */
  async function resetOnce(target: Person) {
    const form = await openForm(h, h.people.helpdesk, target.upn);
    const seq = h.connector.mark();
    const answer = answeredCard(await submitForm(h, h.people.helpdesk, form, { passwordMode: 'auto' }));
    return { form, seq, answer };
  }

  it("a refusal by the target's limit leaves the requester's budget as it was", async () => {
    const [first, second, third] = h.people.plain;
    assert.ok(first && second && third, 'the seed has three plain users');
    const mark = await h.graphMark();

    const ok = await resetOnce(first);
    assertConfirmation(await finalCard(h, ok.form, ok.seq), 'en', first, ok.form.requestId);

    // The same user again: the per-target limit (1 per 24 h) refuses, three times over.
    // The submit is answered at once; the limits are counted right after, and the card says so.
    for (let i = 0; i < 3; i += 1) {
      const refused = await resetOnce(first);
      const card = cardText(await finalCard(h, refused.form, refused.seq));
      assert.ok(card.includes(errorText('en', 'RATE_LIMITED_TARGET')), card);
    }

    // The requester has used one of their two resets this hour: the next one goes ahead…
    const again = await resetOnce(second);
    assertConfirmation(await finalCard(h, again.form, again.seq), 'en', second, again.form.requestId);
    // …and only then is their own limit reached.
    const over = await resetOnce(third);
    const overCard = cardText(await finalCard(h, over.form, over.seq));
    assert.ok(overCard.includes(errorText('en', 'RATE_LIMITED_REQUESTER')), overCard);

    const log = await h.graphSince(mark);
    assert.equal(patchesOf(log, first).length, 1);
    assert.equal(patchesOf(log, second).length, 1);
    assert.equal(patchesOf(log, third).length, 0);
  });
});
