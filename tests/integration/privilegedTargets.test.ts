/**
 * Custom roles and PIM-eligible admins, over HTTP against the real stack. A custom role is never taken
 * for the built-in role whose template id it copies: it resets nobody and protects its holder like "any
 * other role". A role or a role-assignable group membership a target is only eligible for (PIM) protects
 * that target as if active; when the app may not read eligibility, every answer is "no". The requester
 * side stays active-only.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Verbs } from '../../src/cards/verbs';
import type { ErrorCode } from '../../src/errors';
import { errorText } from '../../src/i18n';
import { openForm } from './flows';
import {
  allPatches,
  cardActions,
  cardText,
  SEED_PATH,
  startHarness,
  useHarness,
  type Harness,
  type Person,
} from './harness';

/** Asks for a reset and asserts the refusal with `code`'s text, and that no form came back. */
async function expectRefusal(h: Harness, requester: Person, target: Person, code: ErrorCode): Promise<void> {
  const said = await h.say(requester, `reset password for ${target.upn}`);
  assert.equal(said.answer.status, 200);
  const texts = said.replies.map((reply) => cardText(reply.card));
  assert.ok(
    texts.some((text) => text.includes(errorText('en', code))),
    `${requester.displayName} → ${target.displayName}: expected ${code}; got: ${texts.join(' | ')}`,
  );
  for (const reply of said.replies) {
    assert.ok(
      !cardActions(reply.card).some((a) => a.verb === Verbs.submit),
      `a form came back for ${target.upn}`,
    );
  }
}

describe('integration: custom roles and PIM-eligible admins over HTTP', function () {
  this.timeout(60_000);
  let h: Harness;
  let graphStart = 0;

  useHarness({}, async (started) => {
    h = started;
    graphStart = await h.graphMark();
  });

  describe('custom roles are never taken for built-in ones', () => {
    it("a custom role copying Helpdesk Administrator's template id lets its holder reset nobody", async () => {
      await expectRefusal(h, h.people.customHelpdeskCopy, h.people.bob, 'REQUESTER_NOT_ADMIN');
    });

    it('and protects its holder as "any other role": only Privileged Authentication and Global Administrators', async () => {
      await expectRefusal(h, h.people.helpdesk, h.people.customHelpdeskCopy, 'TARGET_PRIVILEGED');
      const form = await openForm(h, h.people.privAuthAdmin, h.people.customHelpdeskCopy.upn);
      assert.ok(cardText(form.card).includes(h.people.customHelpdeskCopy.upn));
    });

    it("a custom role copying Directory Readers' template id is no Directory Readers for a Password Administrator", async () => {
      await expectRefusal(h, h.people.passwordAdmin, h.people.customReadersCopy, 'TARGET_PRIVILEGED');
      await expectRefusal(h, h.people.helpdesk, h.people.customReadersCopy, 'TARGET_PRIVILEGED');
      const form = await openForm(h, h.people.globalAdmin, h.people.customReadersCopy.upn);
      assert.ok(cardText(form.card).includes(h.people.customReadersCopy.upn));
    });
  });

  describe('PIM-eligible admins are protected as targets', () => {
    it('a Helpdesk Administrator cannot reset an eligible Global Administrator; a Global Administrator can', async () => {
      await expectRefusal(h, h.people.helpdesk, h.people.eligibleGlobalAdmin, 'TARGET_PRIVILEGED');
      await expectRefusal(h, h.people.privileged, h.people.eligibleGlobalAdmin, 'TARGET_PRIVILEGED');
      const form = await openForm(h, h.people.globalAdmin, h.people.eligibleGlobalAdmin.upn);
      assert.ok(cardText(form.card).includes(h.people.eligibleGlobalAdmin.upn));
    });

    it('nor a user eligible (PIM for Groups) for membership of a role-assignable group', async () => {
      await expectRefusal(h, h.people.helpdesk, h.people.eligibleGroupMember, 'TARGET_PRIVILEGED');
      const form = await openForm(h, h.people.privAuthAdmin, h.people.eligibleGroupMember.upn);
      assert.ok(cardText(form.card).includes(h.people.eligibleGroupMember.upn));
    });

    it('on the requester side, eligibility grants nothing', async () => {
      await expectRefusal(h, h.people.eligibleGlobalAdmin, h.people.bob, 'REQUESTER_NOT_ADMIN');
      await expectRefusal(h, h.people.eligibleGroupMember, h.people.bob, 'REQUESTER_NOT_ADMIN');
    });

    it('the bot reads both kinds of eligibility from Graph for a target', async () => {
      const mark = await h.graphMark();
      await openForm(h, h.people.helpdesk, h.people.bob.upn);
      const paths = (await h.graphSince(mark)).map((r) => decodeURIComponent(r.path));
      assert.ok(
        paths.some((p) => p.endsWith('/roleManagement/directory/roleEligibilitySchedules')),
        paths.join('\n'),
      );
      assert.ok(
        paths.some((p) => p.endsWith('/identityGovernance/privilegedAccess/group/eligibilitySchedules')),
      );
    });
  });

  describe('afterwards', () => {
    it('reset no password in this whole file', async () => {
      assert.equal(allPatches(await h.graphSince(graphStart)).length, 0);
    });
  });
});

describe('integration: when the app may not read PIM eligibility, the answer is "no"', function () {
  this.timeout(60_000);
  let h: Harness;
  let seedDir: string;

  before(async function () {
    this.timeout(120_000);
    // The Contoso seed without PrivilegedEligibilitySchedule.Read.AzureADGroup on the bot's application.
    seedDir = mkdtempSync(path.join(os.tmpdir(), 'pwreset-seed-'));
    const seed = JSON.parse(readFileSync(SEED_PATH, 'utf8')) as {
      applications: { permissions: string[] }[];
    };
    for (const app of seed.applications) {
      app.permissions = app.permissions.filter(
        (p) => p !== 'PrivilegedEligibilitySchedule.Read.AzureADGroup',
      );
    }
    const seedPath = path.join(seedDir, 'contoso-without-pim-groups.json');
    writeFileSync(seedPath, JSON.stringify(seed));
    h = await startHarness({}, { seed: seedPath });
  });

  after(async function () {
    this.timeout(30_000);
    await h?.stop();
    if (seedDir) rmSync(seedDir, { recursive: true, force: true });
  });

  it('a Helpdesk Administrator gets no form, not even for a plain user; nor does a Global Administrator', async () => {
    const mark = await h.graphMark();
    for (const [requester, target] of [
      [h.people.helpdesk, h.people.bob],
      [h.people.helpdesk, h.people.eligibleGroupMember],
      [h.people.globalAdmin, h.people.eligibleGlobalAdmin],
    ] as const) {
      const said = await h.say(requester, `reset password for ${target.upn}`);
      assert.equal(said.answer.status, 200);
      const texts = said.replies.map((reply) => cardText(reply.card)).join(' | ');
      assert.ok(said.replies.length > 0, 'the bot answered');
      for (const reply of said.replies) {
        assert.ok(
          !cardActions(reply.card).some((a) => a.verb === Verbs.submit),
          `a form came back for ${target.upn}: ${texts}`,
        );
      }
      const permission = 'PrivilegedEligibilitySchedule.Read.AzureADGroup';
      assert.ok(texts.includes(errorText('en', 'GRAPH_READ_DENIED', { permission })), texts);
    }
    const log = await h.graphSince(mark);
    assert.ok(
      log.some(
        (r) =>
          r.path.includes('/identityGovernance/privilegedAccess/group/eligibilitySchedules') &&
          r.status === 403,
      ),
      'the eligibility read was refused by Graph',
    );
    assert.equal(allPatches(log).length, 0);
  });
});
