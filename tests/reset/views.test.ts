import assert from 'node:assert/strict';
import { ErrorCodes } from '../../src/errors';
import { errorText, t } from '../../src/i18n';
import type { RequestTarget, ResetRequest } from '../../src/reset/model';
import { confirmationView, requesterCard } from '../../src/reset/views';
import { textOf } from '../cards/validate';
import { testSettings } from '../support/memoryPorts';

function target(name: string, upn: string, overrides: Partial<RequestTarget> = {}): RequestTarget {
  return {
    userId: `id-${upn}`,
    displayName: name,
    userPrincipalName: upn,
    accountEnabled: true,
    suggestedRecipients: [`${upn.split('@')[0]}.home@example.net`, 'alex@contoso.com'],
    state: 'pending',
    ...overrides,
  };
}

function request(overrides: Partial<ResetRequest> = {}): ResetRequest {
  return {
    id: 'req-views-1',
    tenantId: 't1',
    requesterId: 'r1',
    requesterName: 'Alex Wilber',
    requesterUpn: 'alex@contoso.com',
    locale: 'en',
    conversationType: 'personal',
    createdAt: '2025-03-14T09:00:00.000Z',
    expiresAt: '2025-03-14T09:30:00.000Z',
    state: 'open',
    targets: [target('Bob Brown', 'bob@contoso.com')],
    ...overrides,
  };
}

describe('reset/views', () => {
  describe('the form', () => {
    it('says how long the link works as configured (LINK_TTL_HOURS), not a fixed 24 hours', () => {
      const text = textOf(requesterCard(request(), testSettings({ linkTtlMs: 48 * 3_600_000 })));
      assert.ok(text.includes(t('en', 'form.delivery.link', { hours: 48 })), text);
    });
  });

  describe('a limit that refuses a Temporary Access Pass', () => {
    for (const locale of ['en', 'ja'] as const) {
      for (const code of [ErrorCodes.RATE_LIMITED_TARGET, ErrorCodes.RATE_LIMITED_REQUESTER]) {
        it(`speaks of passes too, not of password resets alone (${code}, ${locale})`, () => {
          const refused = (state: RequestTarget['state']) =>
            target('Bob Brown', 'bob@contoso.com', { state, failureCode: code });
          const alone = request({ kind: 'tap', locale, state: 'done', targets: [refused('refused')] });
          const text = textOf(requesterCard(alone, testSettings()));
          assert.ok(text.includes(t(locale, `tap.error.${code}`)), text);
          assert.ok(!text.includes(errorText(locale, code)), text);
          // One user of several: the confirmation's line for that user says the same.
          const created = target('Carol Cole', 'carol@contoso.com', { state: 'mailed' });
          const bulk = request({
            kind: 'tap',
            locale,
            state: 'done',
            targets: [created, refused('refused')],
          });
          assert.ok(textOf(requesterCard(bulk, testSettings())).includes(t(locale, `tap.error.${code}`)));
        });
      }
    }
  });

  describe('the cancelled card', () => {
    it('names the user and calls the id "Request id", as the form does', () => {
      const text = textOf(requesterCard(request({ state: 'cancelled' }), testSettings()));
      assert.match(text, /Bob Brown/);
      assert.match(text, /Request id: req-views-1/);
      assert.doesNotMatch(text, /Reference/);
    });

    it('names every user of a bulk request, in Japanese too', () => {
      const many = request({
        state: 'cancelled',
        locale: 'ja',
        targets: [target('Bob Brown', 'bob@contoso.com'), target('田中 花子', 'hanako@contoso.com')],
      });
      const text = textOf(requesterCard(many, testSettings()));
      assert.match(text, /Bob Brown、田中 花子/);
      assert.ok(text.includes(t('ja', 'common.requestId', { id: 'req-views-1' })));
    });

    it('a cancelled choice (no user chosen yet) says nothing was changed', () => {
      const text = textOf(requesterCard(request({ state: 'cancelled', targets: [] }), testSettings()));
      assert.match(text, /Nothing was changed/);
    });
  });

  describe('confirmationView', () => {
    it('a reset Graph did not answer is "unknown", not "not reset"; a refusal is "not reset"', () => {
      const view = confirmationView(
        request({
          state: 'done',
          targets: [
            target('Bob Brown', 'bob@contoso.com', {
              state: 'reset-failed',
              failureCode: ErrorCodes.GRAPH_UNAVAILABLE,
              steps: { reset: 'unknown' },
            }),
            target('Carol', 'carol@contoso.com', {
              state: 'reset-failed',
              failureCode: ErrorCodes.PASSWORD_REJECTED,
            }),
          ],
        }),
        testSettings(),
      );
      assert.deepEqual(
        view.targets.map((t) => t.outcome),
        ['reset-unknown', 'reset-failed'],
      );
      assert.match(view.targets[1]?.failureText ?? '', /password policy/);
    });

    it('a run stopped by a Graph outage before the reset was sent is "not reset", not "unknown"', () => {
      // E.g. the re-authorization's read timed out: nothing reached Graph that could change a password.
      for (const steps of [undefined, {}]) {
        const view = confirmationView(
          request({
            state: 'done',
            targets: [
              target('Bob Brown', 'bob@contoso.com', {
                state: 'reset-failed',
                failureCode: ErrorCodes.GRAPH_UNAVAILABLE,
                ...(steps ? { steps } : {}),
              }),
            ],
          }),
          testSettings(),
        );
        assert.deepEqual(
          view.targets.map((t) => t.outcome),
          ['reset-failed'],
        );
        assert.equal(view.targets[0]?.failureText, errorText('en', ErrorCodes.GRAPH_UNAVAILABLE));
      }
    });

    it('a reset handed to Graph whose answer was never recorded (a crash) is "unknown"', () => {
      const view = confirmationView(
        request({
          state: 'done',
          targets: [
            target('Bob Brown', 'bob@contoso.com', {
              state: 'reset-failed',
              failureCode: ErrorCodes.GRAPH_UNAVAILABLE,
              steps: { reset: 'sent' },
            }),
          ],
        }),
        testSettings(),
      );
      assert.deepEqual(
        view.targets.map((t) => t.outcome),
        ['reset-unknown'],
      );
    });
  });
});
