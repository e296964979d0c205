import assert from 'node:assert/strict';
import { inlineMail, linkMail, resetNotice } from '../../src/mail/templates';

const EVIL = `<script>alert("x")</script> O'Brien & "Co"`;
const base = {
  targetDisplayName: 'Alice Example',
  targetUpn: 'alice@contoso.com',
  requesterName: 'Megan Bowen',
  forceChange: true,
  helpdeskContact: 'helpdesk@contoso.com',
};

describe('mail templates', () => {
  describe('linkMail', () => {
    const mail = linkMail({
      ...base,
      locale: 'en',
      link: 'https://bot.contoso.com/l/abc?x=1&y=2',
      expiresAt: '2025-03-15T09:05:00Z',
    });

    it('names the account, links once, says when it expires and that scanners do not burn it', () => {
      assert.match(mail.subject, /Alice Example/);
      assert.match(mail.html, /alice@contoso\.com/);
      assert.match(mail.html, /href="https:\/\/bot\.contoso\.com\/l\/abc\?x=1&amp;y=2"/);
      assert.match(mail.html, /works once/);
      assert.match(mail.html, /expires on 15 Mar 2025, 09:05 UTC/);
      assert.match(mail.html, /scanners that preview links do not use it up/);
      assert.match(mail.html, /helpdesk@contoso\.com/);
      assert.match(mail.html, /choose a new password when you first sign in/);
    });

    it('is in Japanese when asked', () => {
      const ja = linkMail({
        ...base,
        locale: 'ja',
        link: 'https://bot.contoso.com/l/abc',
        expiresAt: '2025-03-15T09:05:00Z',
      });
      assert.match(ja.html, /<html lang="ja">/);
      assert.match(ja.html, /2025年3月15日 09:05 UTC/);
      assert.match(ja.html, /1 回だけ/);
    });

    it('refuses a non-http link', () => {
      assert.throws(
        () =>
          linkMail({ ...base, locale: 'en', link: 'javascript:alert(1)', expiresAt: '2025-03-15T09:05:00Z' }),
        /http/,
      );
    });

    it('omits the must-change note when not required', () => {
      const mail2 = linkMail({
        ...base,
        forceChange: false,
        locale: 'en',
        link: 'https://x.test/l',
        expiresAt: '2025-03-15T09:05:00Z',
      });
      assert.doesNotMatch(mail2.html, /choose a new password/);
    });
  });

  describe('inlineMail', () => {
    it('carries user name, password, sign-in URL and the must-change note, like the admin center mail', () => {
      const mail = inlineMail({ ...base, locale: 'en', password: 'Xy7#mQ2!vB9$kL4p' });
      assert.equal(mail.subject, 'New or modified user account information');
      assert.match(mail.html, /User name: alice@contoso\.com/);
      assert.match(mail.html, /Password: Xy7#mQ2!vB9\$kL4p/);
      assert.match(mail.html, /https:\/\/www\.microsoft365\.com/);
      assert.match(mail.html, /first sign in/);
      const ja = inlineMail({ ...base, locale: 'ja', password: 'Xy7#mQ2!vB9$kL4p' });
      assert.equal(ja.subject, '新規または変更されたユーザー アカウント情報');
    });

    it('escapes a password with HTML characters', () => {
      const mail = inlineMail({ ...base, locale: 'en', password: 'a<b>&"c\'' });
      assert.match(mail.html, /a&lt;b&gt;&amp;&quot;c&#39;/);
    });
  });

  describe('resetNotice', () => {
    it('says when the helpdesk reset the password and whom to contact, with no password', () => {
      const mail = resetNotice({
        locale: 'en',
        targetDisplayName: 'Alice',
        at: '2025-03-14T09:05:00Z',
        helpdeskContact: 'x1234',
      });
      assert.match(mail.html, /reset the password of your account on 14 Mar 2025, 09:05 UTC/);
      assert.match(mail.html, /contact x1234/);
      assert.doesNotMatch(mail.html, /Password:/);
      const none = resetNotice({
        locale: 'ja',
        targetDisplayName: 'Alice',
        at: '2025-03-14T09:05:00Z',
        helpdeskContact: '',
      });
      assert.match(none.html, /IT ヘルプデスク/);
    });
  });

  it('escapes every interpolated value (display names, UPNs, requester, contact)', () => {
    const evil = {
      ...base,
      targetDisplayName: EVIL,
      targetUpn: EVIL,
      requesterName: EVIL,
      helpdeskContact: EVIL,
    };
    const mails = [
      linkMail({ ...evil, locale: 'en', link: 'https://x.test/l', expiresAt: '2025-03-15T09:05:00Z' }),
      inlineMail({ ...evil, locale: 'ja', password: 'P@ss<word>' }),
      resetNotice({
        locale: 'en',
        targetDisplayName: EVIL,
        at: '2025-03-14T09:05:00Z',
        helpdeskContact: EVIL,
      }),
    ];
    for (const mail of mails) {
      assert.doesNotMatch(mail.html, /<script/i);
      assert.doesNotMatch(mail.html, /"Co"/);
      assert.match(mail.html, /&lt;script&gt;/);
      assert.doesNotMatch(mail.subject, /[\r\n]/);
    }
  });

  it('keeps a subject on one line', () => {
    const mail = linkMail({
      ...base,
      targetDisplayName: 'A\r\nBcc: x@evil.test',
      locale: 'en',
      link: 'https://x.test/l',
      expiresAt: '2025-03-15T09:05:00Z',
    });
    assert.doesNotMatch(mail.subject, /[\r\n]/);
  });
});
