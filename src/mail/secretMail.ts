/**
 * The two shapes of a mail that delivers a secret (a password or a Temporary Access Pass), whatever the
 * secret: link mode, a one-time link that shows it once; inline mode, the secret itself, as the admin
 * center used to send a password. Each kind gives its texts (templates.ts, tapTemplates.ts) and what it
 * says after the secret (changing the password and where to sign in; when a pass works and where to use it).
 */
import { formatDateTime, t, type Locale } from '../i18n';
import { escapeHtml } from '../web/html';
import { layout, linkButton, MUTED, P, para, STRONG, type RenderedMail } from './layout';

/** What both shapes carry besides their own texts. */
interface SecretMailParts {
  readonly locale: Locale;
  readonly subject: string;
  readonly heading: string;
  readonly intro: string;
  /** What follows the secret or its link (already HTML). */
  readonly after: string;
  /** "Requested by …", worded by the kind. */
  readonly requestedBy: string;
  /** Where to turn with questions (an address or phone); empty means "your IT helpdesk". */
  readonly helpdeskContact: string;
}

/** Link mode: whose secret, the one-time link, that it works once, its expiry, that scanners do not burn it. */
export function oneTimeLinkMail(
  v: SecretMailParts & {
    readonly targetUpn: string;
    readonly link: string;
    readonly button: string;
    readonly once: string;
    readonly expiresAt: string;
    /** The expiry in bold, or as a plain paragraph. */
    readonly expiryStrong: boolean;
  },
): RenderedMail {
  const { locale } = v;
  const content = [
    para(v.intro),
    para(t(locale, 'mail.link.user', { upn: v.targetUpn })),
    linkButton(v.link, v.button),
    para(v.once),
    para(
      t(locale, 'mail.link.expires', { at: formatDateTime(locale, v.expiresAt) }),
      v.expiryStrong ? STRONG : P,
    ),
    para(t(locale, 'mail.link.scanner'), MUTED),
    v.after,
    para(t(locale, 'mail.link.lost')),
    closing(v),
  ].join('\n');
  return { subject: v.subject, html: layout(locale, v.heading, content) };
}

/** Inline mode: the account and the secret in a table, large and monospaced, and "delete this mail". */
export function secretInlineMail(
  v: SecretMailParts & {
    readonly accountLine: string;
    readonly secretLine: string;
    readonly deleteText: string;
  },
): RenderedMail {
  const content = [
    para(v.intro),
    `<table role="presentation" style="border-collapse:collapse;margin:0 0 16px;">`,
    `<tr><td style="padding:4px 0;">${escapeHtml(v.accountLine)}</td></tr>`,
    `<tr><td style="padding:4px 0;font-family:Consolas,'Courier New',monospace;font-size:17px;">${escapeHtml(v.secretLine)}</td></tr>`,
    `</table>`,
    v.after,
    para(v.deleteText),
    closing(v),
  ].join('\n');
  return { subject: v.subject, html: layout(v.locale, v.heading, content) };
}

/** Who asked, where to turn with questions, and the footer. */
function closing(v: SecretMailParts): string {
  const { locale } = v;
  return [
    para(v.requestedBy),
    para(
      v.helpdeskContact
        ? t(locale, 'mail.helpdesk', { contact: v.helpdeskContact })
        : t(locale, 'mail.helpdesk.none'),
    ),
    para(t(locale, 'mail.footer'), MUTED),
  ].join('\n');
}
