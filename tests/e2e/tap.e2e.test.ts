/**
 * End to end in a real Teams client, as an Authentication Administrator (the Playground config
 * .m365agentsplayground.auth-admin.yml that `PLAYGROUND_CONFIG` selects for `npm start`): the Temporary
 * Access Pass form with the policy's range, the pass created, mailed as a one-time link and shown
 * once — and the local tenant agrees it is Bob's pass. With E2E_README_IMAGES=1 the run refreshes the
 * README's docs/images/tap-form.png and tap-confirmation.png.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import type { RunningStack } from '../../src/local/stack';
import { screenshot, screenshotElement } from '../support/browser';
import type { TenantAdmin } from '../support/tenantAdmin';
import { Playground } from './playground';
import { useE2eWorld, type E2eWorld } from './world';

const ROOT = path.resolve(__dirname, '..', '..');
const README_IMAGES = process.env.E2E_README_IMAGES === '1' ? path.join(ROOT, 'docs', 'images') : null;

const seed = JSON.parse(readFileSync(path.join(ROOT, 'src/local/tenant/seed/contoso.json'), 'utf8')) as {
  users: { id: string; userPrincipalName: string }[];
};
const bob = seed.users.find((u) => u.userPrincipalName === 'bob@contoso.com');

describe('end-to-end: Temporary Access Pass in the Agents Playground (headless Chromium)', function () {
  this.timeout(120_000);
  let stack: RunningStack | undefined;
  let admin: TenantAdmin;
  let openContext: E2eWorld['newContext'];

  useE2eWorld(
    {
      dataDirPrefix: 'e2e-tap-',
      playgroundConfig: path.join(ROOT, '.m365agentsplayground.auth-admin.yml'),
    },
    (world) => {
      ({ stack, admin } = world);
      openContext = world.newContext;
    },
  );

  async function newContext(options: { ignoreHTTPSErrors?: boolean } = {}): Promise<BrowserContext> {
    return openContext({
      viewport: { width: 1280, height: 1100 },
      deviceScaleFactor: 2,
      locale: 'en-US',
      timezoneId: 'UTC',
      ...options,
    });
  }

  it('creates a pass for Bob through the form, mails a one-time link, and the pass shown is really his', async () => {
    assert.ok(bob, 'the Contoso seed has Bob Brown');
    const pg = new Playground(await (await newContext()).newPage());
    await pg.open(stack!.playgroundUrl!);

    // 1. The form: the policy's range, one-time use on, start empty (= now), recipients prefilled.
    await pg.send('temporary access pass for bob');
    const form = await pg.card('Temporary Access Pass: Bob Brown');
    const text = await form.innerText();
    assert.match(text, /allows 60 to 480 minutes \(1 hour to 8 hours\); its default is 1 hour/);
    const lifetime = form.getByLabel(/Valid for \(minutes\)/);
    assert.equal(await lifetime.inputValue(), '60');
    assert.match(
      await form.getByLabel(/E-mail the sign-in information to/).inputValue(),
      /bob\.personal@example\.net/,
    );

    // 2. Two hours, one-time: the progress card, then the confirmation replaces it. (The card bounds the
    // field to the policy's range; the bot checks it again, tests/integration/tap.test.ts.)
    await lifetime.fill('120');
    await screenshot(pg.page, 'tap-01-form');
    if (README_IMAGES) await screenshotElement(form, path.join(README_IMAGES, 'tap-form.png'), 8);
    await admin.addFault({
      method: 'POST',
      path: `/users/${bob.id}/authentication/temporaryAccessPassMethods$`,
      kind: 'latency',
      latencyMs: 2000,
      count: 1,
    });
    await form.getByRole('button', { name: 'Create pass' }).click();
    await pg.card('Creating a Temporary Access Pass for Bob Brown', 10_000);
    const confirmation = await pg.card(/Temporary Access Pass created/, 30_000);
    const confirmed = await confirmation.innerText();
    await screenshot(pg.page, 'tap-02-confirmation');
    if (README_IMAGES)
      await screenshotElement(confirmation, path.join(README_IMAGES, 'tap-confirmation.png'), 8);
    assert.match(confirmed, /Created by\s+Isaiah Langer/);
    assert.match(confirmed, /Valid for\s+2 hours/);
    assert.match(confirmed, /Sign-ins\s+One/);
    assert.match(confirmed, /b•••@example\.net/);

    // 3. The mail's link, as the recipient follows it.
    const mail = await newContext({ ignoreHTTPSErrors: true });
    const outbox = await mail.newPage();
    await outbox.goto(`${stack!.tenantUrl}/outbox`);
    const article = outbox
      .locator('article')
      .filter({ hasText: 'Temporary Access Pass for Bob Brown: one-time link' });
    await article.waitFor();
    const link = article.frameLocator('iframe').getByRole('link', { name: 'Show the pass' });
    const [linkPage] = await Promise.all([mail.waitForEvent('page'), link.click()]);
    await linkPage.getByRole('button', { name: 'Show pass' }).waitFor();
    const before = await linkPage.content();
    await linkPage.getByRole('button', { name: 'Show pass' }).click();
    const shown = linkPage.locator('p.pw');
    await shown.waitFor();
    const pass = (await shown.innerText()).trim();
    await screenshot(linkPage, 'tap-03-pass-shown');
    assert.match(await linkPage.locator('body').innerText(), /works for one sign-in only/);

    // 4. The local tenant agrees, and the pass was nowhere else.
    const check = await admin.verifyTemporaryAccessPass(bob.userPrincipalName, pass);
    assert.deepEqual([check.match, check.lifetimeInMinutes, check.isUsableOnce], [true, 120, true]);
    const posts = (await admin.requests()).filter((r) => r.path.endsWith('/temporaryAccessPassMethods'));
    assert.equal(posts.length, 1, 'exactly one pass was created');
    assert.ok(!before.includes(pass), 'not on the page before the click');
    assert.ok(!(await pg.conversationText()).includes(pass), 'never in Teams');
    for (const message of await admin.outbox())
      assert.ok(!message.body.includes(pass), `not in "${message.subject}"`);
  });
});
