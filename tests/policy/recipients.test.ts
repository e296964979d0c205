import assert from 'node:assert/strict';
import { isValidAddress, maskAddress, parseRecipients, suggestRecipients } from '../../src/policy/recipients';
import { user } from './fixtures';

const rules = {
  max: 5,
  allowedDomains: [] as string[],
  targetMailboxes: ['alice@contoso.com', 'Alice.Smith@contoso.com'],
};

describe('policy/recipients', () => {
  describe('parseRecipients', () => {
    it('splits on semicolons, commas and whitespace, trims and dedupes case-insensitively', () => {
      const result = parseRecipients(
        ' a@example.com; b@example.org ,c@example.net\n\tA@EXAMPLE.COM;; ',
        rules,
      );
      assert.deepEqual(result, {
        ok: true,
        recipients: ['a@example.com', 'b@example.org', 'c@example.net'],
        flagged: [],
      });
    });

    it('lower-cases the domain but keeps the local part as typed', () => {
      assert.deepEqual(parseRecipients('Bob.Jones@Example.COM', rules), {
        ok: true,
        recipients: ['Bob.Jones@example.com'],
        flagged: [],
      });
    });

    it('refuses an empty field', () => {
      for (const raw of ['', '   ', ' ; , \n']) {
        assert.deepEqual(parseRecipients(raw, rules), { ok: false, code: 'RECIPIENTS_NONE' });
      }
      assert.deepEqual(parseRecipients(undefined as unknown as string, rules), {
        ok: false,
        code: 'RECIPIENTS_NONE',
      });
    });

    it('allows five recipients and refuses six', () => {
      const five = ['a', 'b', 'c', 'd', 'e'].map((l) => `${l}@example.com`);
      assert.equal(parseRecipients(five.join(';'), rules).ok, true);
      assert.deepEqual(parseRecipients([...five, 'f@example.com'].join(';'), rules), {
        ok: false,
        code: 'RECIPIENTS_TOO_MANY',
      });
      // Duplicates do not count twice.
      assert.equal(parseRecipients([...five, 'A@example.com'].join(';'), rules).ok, true);
      assert.deepEqual(parseRecipients('x'.repeat(5000), rules), { ok: false, code: 'RECIPIENTS_TOO_MANY' });
    });

    it('honours a smaller limit', () => {
      assert.deepEqual(parseRecipients('a@example.com;b@example.com', { ...rules, max: 1 }), {
        ok: false,
        code: 'RECIPIENTS_TOO_MANY',
      });
    });

    it('flags the target’s own tenant mailbox, whatever its case', () => {
      assert.deepEqual(
        parseRecipients('ALICE@contoso.com; alice@fabrikam.com; alice.smith@CONTOSO.com', rules),
        {
          ok: true,
          recipients: ['ALICE@contoso.com', 'alice@fabrikam.com', 'alice.smith@contoso.com'],
          flagged: ['ALICE@contoso.com', 'alice.smith@contoso.com'],
        },
      );
    });

    it('refuses header-injection attempts', () => {
      const attempts = [
        'a@example.com\r\nBcc: evil@attacker.test',
        'a@example.com\nBcc:evil@attacker.test',
        'a@example.com%0d%0abcc:evil@attacker.test',
        '"Evil" <evil@attacker.test>',
        '<evil@attacker.test>',
        'a@example.com\u0000',
        'a\u0007@example.com',
        'a@example.com\u0085Bcc:x@y.test',
      ];
      for (const raw of attempts) {
        const result = parseRecipients(raw, rules);
        assert.equal(result.ok, false, JSON.stringify(raw));
        if (!result.ok) {
          assert.equal(result.code, 'RECIPIENT_INVALID', JSON.stringify(raw));
          // eslint-disable-next-line no-control-regex -- the point is that none are echoed back
          assert.doesNotMatch(result.value ?? '', /[\r\n\u0000-\u001f]/);
        }
      }
    });

    it('names the offending value, cut short and printable', () => {
      assert.deepEqual(parseRecipients('ok@example.com; not-an-address', rules), {
        ok: false,
        code: 'RECIPIENT_INVALID',
        value: 'not-an-address',
      });
      const long = parseRecipients(`${'x'.repeat(300)}@example.com`, rules);
      assert.ok(!long.ok && long.value !== undefined && long.value.length <= 81);
    });

    it('enforces the domain allow-list, exact or subdomain', () => {
      const allowList = { ...rules, allowedDomains: ['contoso.com', '@Fabrikam.com'] };
      assert.equal(parseRecipients('a@contoso.com; b@mail.contoso.com; c@FABRIKAM.com', allowList).ok, true);
      for (const raw of ['a@evilcontoso.com', 'a@contoso.com.evil.test', 'a@example.com']) {
        assert.deepEqual(parseRecipients(raw, allowList), {
          ok: false,
          code: 'RECIPIENT_DOMAIN',
          value: raw,
        });
      }
    });
  });

  describe('address check', () => {
    it('accepts practical addresses', () => {
      for (const address of [
        'a@example.com',
        'first.last@example.co.uk',
        'first+tag@sub.example.org',
        "o'brien@example.ie",
        'x_y-z@example-domain.com',
        'user@xn--bcher-kva.example',
        'user@example.xn--p1ai',
        `${'a'.repeat(64)}@example.com`,
      ]) {
        assert.equal(isValidAddress(address), true, address);
      }
    });

    it('refuses everything else', () => {
      for (const address of [
        'plain',
        '@example.com',
        'a@',
        'a@@example.com',
        'a@b@example.com',
        'a @example.com',
        'a@exa mple.com',
        '.a@example.com',
        'a.@example.com',
        'a..b@example.com',
        'a"b@example.com',
        'a<b@example.com',
        'a>b@example.com',
        'a`b@example.com',
        'a@localhost',
        'a@example',
        'a@-example.com',
        'a@example-.com',
        'a@example..com',
        'a@example.c',
        'a@example.123',
        'a@exa_mple.com',
        'a@bücher.example',
        'ü@example.com',
        'a@[127.0.0.1]',
        `${'a'.repeat(65)}@example.com`,
        `a@${'b'.repeat(64)}.com`,
        `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}.com`, // 260 characters
      ]) {
        assert.equal(isValidAddress(address), false, address);
      }
    });
  });

  describe('maskAddress', () => {
    it('keeps the first character and the domain', () => {
      assert.equal(maskAddress('alice@example.com'), 'a•••@example.com');
      assert.equal(maskAddress('b@example.com'), 'b•••@example.com');
      assert.equal(maskAddress('😀x@example.com'), '😀•••@example.com');
    });

    it('never reveals more when the input is odd', () => {
      assert.equal(maskAddress('no-at-sign'), '•••');
      assert.equal(maskAddress('@example.com'), '•••@example.com');
    });
  });

  describe('suggestRecipients', () => {
    it('puts the target’s alternate addresses first, then the requester’s mail, deduped', () => {
      const target = user('alice', {
        otherMails: ['alice.home@example.com', 'ALICE.HOME@example.com', 'bad address'],
      });
      const requester = user('admin', { mail: 'admin@contoso.com' });
      assert.deepEqual(suggestRecipients(target, requester), ['alice.home@example.com', 'admin@contoso.com']);
    });

    it('falls back to the requester’s UPN and honours the maximum', () => {
      const target = user('alice', { otherMails: ['a1@example.com', 'a2@example.com'] });
      const requester = user('admin', { mail: null });
      assert.deepEqual(suggestRecipients(target, requester), [
        'a1@example.com',
        'a2@example.com',
        'admin@contoso.com',
      ]);
      assert.deepEqual(suggestRecipients(target, requester, 1), ['a1@example.com']);
    });
  });
});
