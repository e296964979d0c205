import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { AppError } from '../../src/errors';
import { assertKeys, hashToken, isTokenShaped, keyId, newToken, open, seal } from '../../src/storage/crypto';

describe('storage/crypto', () => {
  const oldKey = randomBytes(32);
  const newKey = randomBytes(32);

  it('round-trips text under the newest key, with a fresh IV each time', () => {
    const first = seal('Pässwörd-ü-🙂', [newKey, oldKey], 'id-1');
    const second = seal('Pässwörd-ü-🙂', [newKey, oldKey], 'id-1');
    assert.equal(first.keyId, keyId(newKey));
    assert.notEqual(first.iv, second.iv);
    assert.notEqual(first.ciphertext, second.ciphertext);
    assert.equal(Buffer.from(first.iv, 'base64').length, 12);
    assert.equal(open(first, [newKey, oldKey], 'id-1'), 'Pässwörd-ü-🙂');
  });

  it('old keys still decrypt after rotation; a dropped key fails cleanly', () => {
    const sealed = seal('secret', [oldKey], 'id');
    assert.equal(open(sealed, [newKey, oldKey], 'id'), 'secret');
    assert.equal(open(sealed, [newKey], 'id'), null);
  });

  it('returns null for tampered ciphertext, tag, IV or a different AAD', () => {
    const sealed = seal('secret', [newKey], 'id');
    const flip = (b64: string): string => {
      const bytes = Buffer.from(b64, 'base64');
      bytes[0] = (bytes[0] as number) ^ 1;
      return bytes.toString('base64');
    };
    assert.equal(open({ ...sealed, ciphertext: flip(sealed.ciphertext) }, [newKey], 'id'), null);
    assert.equal(open({ ...sealed, tag: flip(sealed.tag) }, [newKey], 'id'), null);
    assert.equal(open({ ...sealed, iv: flip(sealed.iv) }, [newKey], 'id'), null);
    assert.equal(open({ ...sealed, tag: '' }, [newKey], 'id'), null);
    assert.equal(open(sealed, [newKey], 'other-id'), null);
  });

  it('refuses to work without proper 32-byte keys', () => {
    assert.throws(() => assertKeys([]), AppError);
    assert.throws(() => seal('x', [randomBytes(16)], 'id'), AppError);
  });

  it('tokens are 32 random bytes in base64url and storage sees only their hash', () => {
    const token = newToken();
    assert.equal(Buffer.from(token, 'base64url').length, 32);
    assert.ok(isTokenShaped(token));
    assert.notEqual(newToken(), token);
    assert.match(hashToken(token), /^[0-9a-f]{64}$/);
    assert.ok(!hashToken(token).includes(token));
    assert.ok(!isTokenShaped(`${token.slice(0, 42)}/`));
    assert.ok(!isTokenShaped("' or 1 eq 1"));
  });
});
