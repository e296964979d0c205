import assert from 'node:assert/strict';
import { auditCsv, UTF8_BOM } from '../../src/reset/auditCsv';
import type { AuditEntry } from '../../src/reset/auditEntry';
import type { ResetRequest } from '../../src/reset/model';

const now = new Date('2026-11-20T12:00:00.000Z');

function entry(displayName: string, over: Partial<ResetRequest> = {}): AuditEntry {
  const request: ResetRequest = {
    id: 'req_1',
    tenantId: 't',
    requesterId: 'a',
    requesterName: 'Alex Wilber',
    requesterUpn: 'alexw@contoso.com',
    locale: 'en',
    conversationType: 'personal',
    createdAt: '2026-11-20T10:32:00.000Z',
    expiresAt: '2026-11-20T11:02:00.000Z',
    state: 'done',
    options: { passwordMode: 'auto', forceChange: true, revokeSessions: true },
    targets: [
      {
        userId: 'u',
        displayName,
        userPrincipalName: 'user@contoso.com',
        accountEnabled: true,
        suggestedRecipients: [],
        recipients: ['a@example.net', 'b@example.net'],
        state: 'mailed',
        steps: { reset: 'done', revoke: 'done', mail: 'done' },
        completedAt: '2026-11-20T10:33:00.000Z',
      },
    ],
    ...over,
  };
  return { requestId: request.id, at: request.createdAt, request, target: request.targets[0] };
}

/** Splits CSV text into rows of cells (RFC 4180: quotes, doubled quotes, CRLF). */
function parse(csv: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < csv.length; i += 1) {
    const c = csv[i]!;
    if (quoted) {
      if (c === '"' && csv[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && csv[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i += 1;
    } else cell += c;
  }
  return rows;
}

describe('the audit export as CSV', () => {
  it('starts with a UTF-8 byte-order mark, has a header and one row per entry, CRLF line ends', () => {
    const csv = auditCsv([entry('Bob Brown'), entry('田中 花子')], 'en', now);
    assert.ok(csv.startsWith(UTF8_BOM));
    const rows = parse(csv.slice(1));
    assert.equal(rows.length, 3);
    assert.deepEqual(rows[0]!.slice(0, 6), [
      'Requested (UTC)',
      'Asked by',
      'Asked by (UPN)',
      'User',
      'User (UPN)',
      'Outcome',
    ]);
    assert.deepEqual(rows[1], [
      '2026-11-20T10:32:00.000Z',
      'Alex Wilber',
      'alexw@contoso.com',
      'Bob Brown',
      'user@contoso.com',
      'Password reset, signed out of all sessions and e-mailed',
      'mailed',
      '',
      'a@example.net; b@example.net',
      'Yes',
      'Yes',
      '2026-11-20T10:33:00.000Z',
      'req_1',
    ]);
    assert.equal(rows[2]![3], '田中 花子');
  });

  it('quotes commas, quotes and line breaks, and defuses cells a spreadsheet would run as formulas', () => {
    const tricky = [
      '=HYPERLINK("http://evil","x")',
      '+1 555',
      '-2',
      '@SUM(A1)',
      'Smith, John',
      'say "hi"',
      'a\nb',
    ];
    const rows = parse(
      auditCsv(
        tricky.map((name) => entry(name)),
        'en',
        now,
      ).slice(1),
    );
    assert.deepEqual(
      rows.slice(1).map((row) => row[3]),
      ['\'=HYPERLINK("http://evil","x")', "'+1 555", "'-2", "'@SUM(A1)", 'Smith, John', 'say "hi"', 'a\nb'],
    );
  });

  it('speaks the reader’s language, and leaves the sign-out columns empty when nothing was reset', () => {
    const refused = entry('Megan Bowen');
    refused.target!.state = 'refused';
    refused.target!.failureCode = 'TARGET_PRIVILEGED';
    refused.target!.steps = {};
    const rows = parse(auditCsv([refused], 'ja', now).slice(1));
    assert.equal(rows[0]![0], '依頼日時 (UTC)');
    assert.equal(rows[1]![5], '拒否: 依頼者のロールではリセットできない管理者ロールを持っています');
    assert.deepEqual(rows[1]!.slice(6, 11), [
      'refused',
      'TARGET_PRIVILEGED',
      'a@example.net; b@example.net',
      '',
      '',
    ]);
  });
});
