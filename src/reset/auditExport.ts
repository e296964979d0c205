/**
 * `audit export [filters]`: the entries the reader may read, as a CSV file mailed to the reader alone
 * through the same one-time link as a password — kept sealed in the vault (compressed, split over one
 * row's properties: src/storage/secretVault.ts), shown by GET as a page, downloaded once by the POST. The
 * invoke or message is answered at once; the file is made after, and a card says when the mail has gone.
 */
import { randomBytes } from 'node:crypto';
import { messageCard } from '../cards';
import { AppError, ErrorCodes, toAppError } from '../errors';
import { errorText, formatDateTime, t, type Locale } from '../i18n';
import { auditExportMail } from '../mail/exportMail';
import type { SecurityProfile } from '../policy/profile';
import { auditCsv } from './auditCsv';
import type { AuditEntry } from './auditEntry';
import { entryQueryOf, filterLines, type ResolvedListing } from './auditViews';
import type { ResetDeps } from './deps';
import type { ConversationInfo, Continuation } from './types';

/** Entries one export holds at most (newest first); a file stays well within what the vault keeps. */
const EXPORT_MAX_ENTRIES = 5_000;
/** Entries read per page while collecting. */
const EXPORT_PAGE = 100;

/** Checks that the reader can receive the file; returns what to say now and the work that follows. */
export async function startExport(
  deps: ResetDeps,
  reader: SecurityProfile,
  listing: ResolvedListing,
  locale: Locale,
  conversation: ConversationInfo,
  correlationId: string,
): Promise<{ text: string; continuation: Continuation }> {
  const mailbox = reader.user.mail;
  if (!mailbox) throw new AppError(ErrorCodes.AUDIT_NO_MAILBOX, 'the reader has no mailbox');
  return {
    text: t(locale, 'audit.export.started', { address: mailbox }),
    continuation: async () => {
      const card = await runExport(deps, reader, mailbox, listing, locale, correlationId).catch(
        (error: unknown) => {
          const failure = toAppError(error);
          deps.logger.error({ correlationId, code: failure.code, err: failure }, 'audit export failed');
          return failedCard(locale, errorText(locale, failure.code));
        },
      );
      await deps.cards.post(conversation.reference, [{ card }]);
    },
  };
}

/** Collects, writes, keeps and mails the file; the card that says how it went. */
async function runExport(
  deps: ResetDeps,
  reader: SecurityProfile,
  mailbox: string,
  listing: ResolvedListing,
  locale: Locale,
  correlationId: string,
): Promise<object> {
  const entries: AuditEntry[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.audit.entries(entryQueryOf(listing, reader, { limit: EXPORT_PAGE, cursor }));
    entries.push(...page.entries);
    cursor = page.cursor;
  } while (cursor && entries.length < EXPORT_MAX_ENTRIES);
  const truncated = entries.length > EXPORT_MAX_ENTRIES || cursor !== undefined;
  const rows = entries.slice(0, EXPORT_MAX_ENTRIES);

  const now = deps.now();
  const expiresAt = new Date(now.getTime() + deps.settings.linkTtlMs).toISOString();
  const filters = filterLines(listing, locale).join(' · ') || t(locale, 'audit.filter.none');
  const stamp = now.toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
  const stored = await deps.secrets.put(auditCsv(rows, locale, now), {
    requestId: `export-${randomBytes(12).toString('base64url')}`,
    targetUpn: reader.user.userPrincipalName,
    targetDisplayName: reader.user.displayName,
    locale,
    expiresAt,
    file: { name: `audit-export-${stamp}.csv`, entries: rows.length },
  });
  const mail = auditExportMail({
    locale,
    link: `${deps.settings.publicUrl}/l/${stored.token}`,
    expiresAt,
    entries: rows.length,
    filters,
  });
  const [outcome] = await deps.directory.applyChanges(
    reader.user.id,
    [{ kind: 'send-mail', sender: deps.settings.mailSender, mail: { to: [mailbox], ...mail } }],
    { correlationId },
  );
  deps.auditEvents?.emit({
    action: 'audit-exported',
    at: now.toISOString(),
    correlationId,
    requesterId: reader.user.id,
    requesterUpn: reader.user.mail ?? reader.user.userPrincipalName,
    entries: rows.length,
    filters: filterLines(listing, 'en').join(' · '),
    outcome:
      outcome?.status === 'done' ? 'mailed' : outcome?.status === 'unknown' ? 'mail-unknown' : 'mail-failed',
    recipients: [mailbox],
  });
  if (outcome?.status === 'failed' || outcome?.status === 'not-run' || !outcome) {
    await deps.secrets.discard(stored.id).catch(() => undefined);
    const code = outcome?.status === 'failed' ? outcome.error.code : ErrorCodes.MAIL_FAILED;
    return failedCard(
      locale,
      errorText(locale, code === ErrorCodes.GRAPH_DENIED ? ErrorCodes.MAIL_FAILED : code),
    );
  }
  if (outcome.status === 'unknown') return failedCard(locale, errorText(locale, ErrorCodes.MAIL_UNKNOWN));
  const text = [
    t(locale, 'audit.export.done', {
      count: rows.length,
      address: mailbox,
      at: formatDateTime(locale, expiresAt),
    }),
    ...(truncated ? [t(locale, 'audit.export.truncated', { max: EXPORT_MAX_ENTRIES })] : []),
  ].join('\n\n');
  return messageCard({ locale, title: t(locale, 'audit.export.title'), text, tone: 'good' });
}

function failedCard(locale: Locale, reason: string): object {
  return messageCard({
    locale,
    title: t(locale, 'audit.export.title'),
    text: t(locale, 'audit.export.failed', { reason }),
    tone: 'attention',
  });
}
