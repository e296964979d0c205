/**
 * End to end in a real Teams client: the whole local stack (local tenant, Azurite, bot, Microsoft 365
 * Agents Playground) as real processes, driven by headless Chromium like a helpdesk admin would use it.
 * Screenshots of every step go to test-results/screenshots/. With E2E_README_IMAGES=1 the run also
 * refreshes the README's docs/images/form.png, form-custom.png, confirmation.png, mail.png, link-page.png,
 * audit.png and audit-details.png.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import type { RunningStack } from '../../src/local/stack';
import { screenshot, screenshotElement } from '../support/browser';
import type { TenantAdmin } from '../support/tenantAdmin';
import { Playground } from './playground';
import { useE2eWorld, type E2eWorld } from './world';

const ROOT = path.resolve(__dirname, '..', '..');
const README_IMAGES = process.env.E2E_README_IMAGES === '1' ? path.join(ROOT, 'docs', 'images') : null;

interface SeedUser {
  id: string;
  userPrincipalName: string;
  displayName: string;
}
const seed = JSON.parse(readFileSync(path.join(ROOT, 'src/local/tenant/seed/contoso.json'), 'utf8')) as {
  users: SeedUser[];
};
const bob = seed.users.find((u) => u.userPrincipalName === 'bob@contoso.com');

describe('end-to-end: password reset in the Agents Playground (headless Chromium)', function () {
  this.timeout(120_000);
  let stack: RunningStack | undefined;
  let admin: TenantAdmin;
  let newContext: E2eWorld['newContext'];

  useE2eWorld({ dataDirPrefix: 'e2e-stack-' }, (world) => {
    ({ stack, admin, newContext } = world);
  });

  /**
   * A Playground tab in its own browser context (2x pixels so the README images are sharp); a taller window
   * for cards taller than the default one, so their pictures are whole.
   */
  async function openPlayground(height = 1000): Promise<Playground> {
    const context = await newContext({
      viewport: { width: 1280, height },
      deviceScaleFactor: 2,
      locale: 'en-US',
      timezoneId: 'UTC',
    });
    const playground = new Playground(await context.newPage());
    await playground.open(stack!.playgroundUrl!);
    return playground;
  }

  it('resets Bob through the card, mails a one-time link, and the shown password is really his', async () => {
    assert.ok(bob, 'the Contoso seed has Bob Brown (bob@contoso.com)');
    const pg = await openPlayground();

    // 1. The command, then the form card for Bob, auto-generate selected, recipients prefilled.
    await pg.send('reset password for bob');
    const form = await pg.card('Reset password: Bob Brown');
    assert.match(await form.innerText(), /bob@contoso\.com/);
    const requestId = /Request id: (\S+)/.exec(await form.innerText())?.[1];
    assert.ok(requestId, 'the form shows its request id');
    // The password is created automatically unless the admin asks to type one: no password field yet.
    await form.getByText('A strong password is created automatically').waitFor();
    assert.equal(await form.getByLabel('New password').isVisible(), false, 'no password field at first');
    const recipients = form.getByLabel(/E-mail the sign-in information to/);
    assert.match(
      await recipients.inputValue(),
      /bob\.personal@example\.net/,
      'recipients come from otherMails',
    );
    await screenshot(pg.page, '01-form');
    if (README_IMAGES) await screenshotElement(form, path.join(README_IMAGES, 'form.png'), 8);

    // 2. Reset. The local tenant holds the PATCH for a few seconds so the "resetting" card can be seen.
    await admin.addFault({
      method: 'PATCH',
      path: `^/v1\\.0/users/${bob.id}$`,
      kind: 'latency',
      latencyMs: 3000,
      count: 1,
    });
    await form.getByRole('button', { name: 'Reset password', exact: true }).click();
    const resetting = await pg.card('Resetting the password of Bob Brown', 10_000);
    await screenshot(pg.page, '02-resetting');
    assert.match(await resetting.innerText(), /This card is updated when it is done/);

    // 3. The bot replaces the card (updateActivity) with the confirmation.
    const confirmation = await pg.card(/E-mail accepted for delivery to/, 30_000);
    const confirmed = await confirmation.innerText();
    await screenshot(pg.page, '03-confirmation');
    if (README_IMAGES) await screenshotElement(confirmation, path.join(README_IMAGES, 'confirmation.png'), 8);
    assert.match(confirmed, /^Password reset/);
    assert.match(confirmed, /Bob Brown \(bob@contoso\.com\)/);
    assert.match(confirmed, /Reset by\s+Alex Wilber/);
    assert.match(confirmed, /b•••@example\.net/, 'recipients are masked');
    assert.match(confirmed, /Must change password at next sign-in\s+Yes/);
    assert.ok(confirmed.includes(`Request id: ${requestId}`), 'the confirmation carries the same request id');
    assert.equal(
      await pg.cards().filter({ hasText: 'Resetting the password of Bob Brown' }).count(),
      0,
      'the resetting card was replaced',
    );

    // 4. The outbox page of the local tenant (HTTPS with its own CA: see mailReader below), the link mail.
    const mail = await mailReader();
    const outbox = await mail.newPage();
    await outbox.goto(`${stack!.tenantUrl}/outbox`);
    const article = outbox
      .locator('article')
      .filter({ hasText: 'Password reset for Bob Brown: one-time link' });
    await article.waitFor();
    assert.match(await article.innerText(), /bob\.personal@example\.net/);
    await screenshot(outbox, '04-outbox');
    if (README_IMAGES) {
      // The whole mail: the outbox shows it in a fixed-height frame, grown to its content for the picture.
      const height = await article
        .frameLocator('iframe')
        .locator('body')
        .evaluate((body) => body.scrollHeight);
      await article.locator('iframe').evaluate((frame, px) => {
        (frame as unknown as { style: { height: string } }).style.height = `${px + 24}px`;
      }, height);
      await screenshotElement(article, path.join(README_IMAGES, 'mail.png'), 8);
    }

    // 5. Follow the link: the mail opens it in a new tab. The page names the account and shows no password.
    const link = article.frameLocator('iframe').getByRole('link', { name: 'Show the new password' });
    const href = await link.getAttribute('href');
    assert.ok(href?.startsWith(stack!.botUrl), `the link points at the bot's public URL (${href})`);
    const [linkPage] = await Promise.all([mail.waitForEvent('page'), link.click()]);
    await linkPage.getByRole('button', { name: 'Show password' }).waitFor();
    const before = await linkPage.content();
    assert.match(before, /Bob Brown/);
    assert.match(before, /bob@contoso\.com/);
    await screenshot(linkPage, '05-link-page');
    if (README_IMAGES)
      await screenshotElement(linkPage.locator('main'), path.join(README_IMAGES, 'link-page.png'), 12);

    // 6. "Show password" (a POST) shows it once.
    await linkPage.getByRole('button', { name: 'Show password' }).click();
    const shown = linkPage.locator('p.pw');
    await shown.waitFor();
    const password = (await shown.innerText()).trim();
    await screenshot(linkPage, '06-password-shown');
    assert.ok(password.length >= 16, 'a generated password has at least 16 characters');

    // 7. The local tenant agrees: this is now Bob's password (and it would say so if it were not).
    assert.deepEqual(await admin.verifyPassword(bob.userPrincipalName, password), {
      match: true,
      forceChangePasswordNextSignIn: true,
    });
    assert.equal((await admin.verifyPassword(bob.userPrincipalName, `${password}x`)).match, false);
    const patches = (await admin.requests()).filter(
      (r) => r.method === 'PATCH' && r.path === `/v1.0/users/${bob.id}`,
    );
    assert.equal(patches.length, 1, 'exactly one password PATCH');

    // 8. The password was nowhere else: not in Teams, not in the mail, not on the page before the click.
    assert.ok(!before.includes(password), 'the link page shows no password before the click');
    assert.ok(!(await pg.conversationText()).includes(password), 'the password never appears in Teams');
    for (const message of await admin.outbox())
      assert.ok(!message.body.includes(password), `not in the mail "${message.subject}"`);

    // 9. Opening the link again: gone.
    await linkPage.goto(href!);
    await linkPage.getByText('This link is no longer valid').waitFor();
    assert.equal(await linkPage.getByRole('button', { name: 'Show password' }).count(), 0);
    assert.ok(!(await linkPage.content()).includes(password));
    await screenshot(linkPage, '07-link-gone');
  });

  it('shows the password field only after "Let me create the password", checks recipients in the client, and sets the typed password', async () => {
    const carol = seed.users.find((u) => u.userPrincipalName === 'carol@contoso.com');
    assert.ok(carol, 'the Contoso seed has Carol Clark (carol@contoso.com)');
    const pg = await openPlayground();
    await pg.send('reset password for carol');
    const form = await pg.card('Reset password: Carol Clark');
    const field = form.getByLabel('New password');
    const rules = form.getByText('8 to 256 characters, with at least 3 of these 4');
    const resetAuto = form.getByRole('button', { name: 'Reset password', exact: true });
    const resetCustom = form.getByRole('button', { name: 'Reset with this password' });
    assert.equal(await field.isVisible(), false, 'hidden while the password is created automatically');
    assert.equal(await resetCustom.isVisible(), false);

    // The choice swaps the panels and the buttons together: one Reset button at a time.
    await form.getByRole('button', { name: 'Let me create the password' }).click();
    await field.waitFor({ state: 'visible' });
    assert.equal(await rules.isVisible(), true, 'the rules are shown in full next to the field');
    assert.equal(await resetCustom.isVisible(), true);
    assert.equal(await resetAuto.isVisible(), false);
    await form.getByRole('button', { name: 'Create the password automatically instead' }).click();
    await field.waitFor({ state: 'hidden' });
    assert.equal(await resetAuto.isVisible(), true);
    await form.getByRole('button', { name: 'Let me create the password' }).click();
    await field.waitFor({ state: 'visible' });

    // Recipients are checked before anything is sent: a wrong address gets the card's own sentence.
    const recipients = form.getByLabel(/E-mail the sign-in information to/);
    const suggested = await recipients.inputValue();
    assert.match(suggested, /carol\.clark@example\.com/);
    await recipients.fill('not an address');
    const typed = 'Vq8#tLm3!pWz6$Rk';
    await field.fill(typed);
    await resetCustom.click();
    await form.getByText('Enter 1 to 5 e-mail addresses').waitFor();
    assert.equal(await pg.cards().filter({ hasText: 'Resetting the password of Carol Clark' }).count(), 0);
    await recipients.fill(suggested);
    await screenshot(pg.page, '08-form-custom');
    if (README_IMAGES) await screenshotElement(form, path.join(README_IMAGES, 'form-custom.png'), 8);

    // The typed password is the one Carol now has.
    await resetCustom.click();
    const confirmation = await pg.card(/E-mail accepted for delivery to/, 30_000);
    assert.match(await confirmation.innerText(), /Carol Clark \(carol@contoso\.com\)/);
    assert.deepEqual(await admin.verifyPassword(carol.userPrincipalName, typed), {
      match: true,
      forceChangePasswordNextSignIn: true,
    });
    assert.ok(!(await pg.conversationText()).includes(typed), 'the password never appears in Teams');
  });

  it('answers a near miss with one line, "Did you mean", whose button opens the form', async () => {
    const pg = await openPlayground();
    await pg.send('rest password for bob');
    const suggestion = await pg.card('Did you mean');
    assert.match(await suggestion.innerText(), /reset password for bob/);
    await screenshot(pg.page, '09-did-you-mean');
    await suggestion.getByRole('button', { name: 'Yes, run it' }).click();
    await pg.card(/You ran\s*reset password for bob/);
    const form = await pg.card('Reset password: Bob Brown');
    assert.match(await form.innerText(), /bob@contoso\.com/);
  });

  it('answers "alice のパスワードをリセット" with a Japanese choice between the two Alices', async () => {
    const pg = await openPlayground();
    await pg.send('alice のパスワードをリセット');
    const choice = await pg.card('「alice」に一致するユーザーが複数います');
    await screenshot(pg.page, '10-choice-ja');
    const adams = choice.getByRole('radio', { name: 'Alice Adams (alice.adams@contoso.com)' });
    await adams.waitFor();
    assert.equal(
      await choice.getByRole('radio', { name: 'Alice Anderson (alice.anderson@contoso.com)' }).count(),
      1,
    );
    assert.equal(await choice.getByRole('radio').count(), 2, 'exactly the two Alices');

    // Choosing one continues the same flow, still in Japanese.
    await adams.check();
    await choice.getByRole('button', { name: '続行' }).click();
    const form = await pg.card('パスワードのリセット: Alice Adams');
    assert.match(await form.innerText(), /alice\.adams@contoso\.com/);
    assert.equal(await form.getByRole('button', { name: 'パスワードをリセット', exact: true }).count(), 1);
    await screenshot(pg.page, '11-form-ja');
  });

  it('shows the audit as entries people read, each with its steps on "Details"', async () => {
    const liam = seed.users.find((u) => u.userPrincipalName === 'liam.obrien@contoso.com');
    assert.ok(liam, "the Contoso seed has Liam O'Brien");
    const pg = await openPlayground(2400);
    // A reset of Liam, then a request for Megan that a Helpdesk Administrator is refused.
    await pg.send('reset password for liam.obrien@contoso.com');
    const form = await pg.card("Reset password: Liam O'Brien");
    await form.getByRole('button', { name: 'Reset password', exact: true }).click();
    await pg.card(/E-mail accepted for delivery to/, 30_000);
    await pg.send('reset password for megan.bowen@contoso.com');
    await pg.card('Cannot reset this password');

    await pg.send('audit');
    // The newest card with the list (the card shows once its text is in).
    const audit = await pg.card(/Audit trail[\s\S]*Liam O'Brien/);
    const text = await audit.innerText();
    assert.match(text, /Liam O'Brien\s+liam\.obrien@contoso\.com/);
    assert.match(text, /Password reset, signed out of all sessions and e-mailed/);
    assert.match(text, /asked by Alex Wilber/);
    assert.match(text, /Request id: \S+/);
    assert.doesNotMatch(text, /Megan Bowen/, 'a Global Administrator is beyond a Helpdesk Administrator');
    assert.match(text, /You see entries about the users your role may reset now/);
    // Narrow layout: no address is cut inside the card.
    const box = await audit.boundingBox();
    for (const upn of await audit.getByText(/@contoso\.com$/).all()) {
      const b = await upn.boundingBox();
      assert.ok(b && box && b.x + b.width <= box.x + box.width + 1, 'an address fits the card');
    }
    await screenshot(pg.page, '12-audit');
    if (README_IMAGES) await screenshotElement(audit, path.join(README_IMAGES, 'audit.png'), 8);

    await audit.getByRole('button', { name: 'Details' }).first().click();
    const details = await pg.card('Audit entry');
    const steps = await details.innerText();
    for (const step of [
      'Requested',
      'Submitted',
      'Reset started',
      'Password reset',
      'Signed out',
      'E-mail accepted',
    ])
      assert.ok(steps.includes(step), `${step} in ${steps}`);
    await screenshot(pg.page, '13-audit-details');
    if (README_IMAGES) await screenshotElement(details, path.join(README_IMAGES, 'audit-details.png'), 8);
    await details.getByRole('button', { name: 'Back to the list' }).click();
    await pg.card(/Audit trail[\s\S]*Liam O'Brien/);
  });

  it('the Playground listens on loopback only (it has no option for that; the stack preloads one)', async () => {
    const port = Number(new URL(stack!.playgroundUrl!).port);
    assert.deepEqual(await listeningAddresses(port), ['127.0.0.1']);
  });

  /**
   * A browser context for reading mail: the outbox page is served by the local tenant over HTTPS with a
   * self-signed CA that Chromium cannot be told to trust without an NSS database, so this context (and
   * only this one — the Playground's is untouched) ignores certificate errors. The admin client has
   * already verified the same server against the CA over node:https.
   */
  async function mailReader(): Promise<BrowserContext> {
    return newContext({
      ignoreHTTPSErrors: true,
      viewport: { width: 1100, height: 1600 },
      deviceScaleFactor: 2,
      locale: 'en-US',
    });
  }
});

/**
 * The local addresses listening on `port`: from the kernel's socket tables on Linux; elsewhere, the
 * machine's non-loopback IPv4 addresses that accept a connection on it, plus 127.0.0.1 when it does.
 */
async function listeningAddresses(port: number): Promise<string[]> {
  const tables = ['/proc/net/tcp', '/proc/net/tcp6'].filter((file) => existsSync(file));
  const found = new Set<string>();
  if (tables.length > 0) {
    for (const file of tables) {
      for (const line of readFileSync(file, 'utf8').split('\n').slice(1)) {
        const [, local, , state] = line.trim().split(/\s+/);
        if (state !== '0A' || !local) continue; // 0A: LISTEN
        const [hex, hexPort] = local.split(':');
        if (parseInt(hexPort ?? '', 16) !== port) continue;
        found.add(
          hex?.length === 8
            ? [3, 2, 1, 0].map((i) => parseInt(hex.slice(i * 2, i * 2 + 2), 16)).join('.')
            : `ipv6:${hex}`,
        );
      }
    }
    return [...found].sort();
  }
  const candidates = [
    '127.0.0.1',
    ...Object.values(os.networkInterfaces())
      .flat()
      .filter((a) => a && a.family === 'IPv4' && !a.internal)
      .map((a) => a!.address),
  ];
  assert.ok(
    candidates.length > 1,
    'no way to see listening sockets: no /proc/net/tcp and no network interface',
  );
  for (const address of candidates) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, address);
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) found.add(address);
  }
  return [...found].sort();
}
