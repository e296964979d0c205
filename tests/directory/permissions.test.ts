import assert from 'node:assert/strict';
import { needsOf } from '../../src/directory/permissions';

describe('directory/permissions', () => {
  it('a refused read batch is a read, not a refused change; the write batch is a change', () => {
    assert.equal(needsOf('POST /$batch reads').kind, 'read');
    assert.equal(needsOf('POST /$batch writes').kind, 'change');
  });

  it('names the permission of each call the adapter makes on its own', () => {
    assert.equal(needsOf('GET /users/{id}/memberOf').permission, 'GroupMember.Read.All');
    assert.equal(needsOf('POST /users/{sender}/sendMail').permission, 'Mail.Send');
  });
});
