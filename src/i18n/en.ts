/**
 * English texts: the source of every message key. `{name}` marks a placeholder that `t()` fills in.
 * Texts are plain (no Markdown, no HTML): cards and pages escape them where they are used.
 */
export const en = {
  'app.name': 'Password Reset',
  'common.requestId': 'Request id: {id}',
  'common.reference': 'Reference: {id}',
  'common.yes': 'Yes',
  'common.no': 'No',
  'common.cancel': 'Cancel',
  'common.utc': 'UTC',

  // The form
  'form.title.one': 'Reset password: {name}',
  'form.title.many': 'Reset passwords for {count} users',
  'form.requestedBy': 'Requested by {name}',
  'form.target': '{name} ({upn})',
  'form.disabled': 'This account is disabled (sign-in blocked). Resetting the password does not unblock it.',
  'form.passwordMode.label': 'Password',
  'form.passwordMode.auto': 'Create the password automatically instead',
  'form.passwordMode.custom': 'Let me create the password',
  'form.password.auto': 'A strong password is created automatically.',
  'form.customPassword.label': 'New password',
  'form.customPassword.rules':
    '8 to 256 characters, with at least 3 of these 4: lowercase letters, uppercase letters, digits, symbols. Not the user\'s name, and no common word such as "password" or "welcome".',
  'form.forceChange': 'Require this user to change their password when they first sign in',
  'form.forceChange.many': 'Require these users to change their password when they first sign in',
  'form.revokeSessions': 'Sign the user out of all sessions',
  'form.revokeSessions.many': 'Sign the users out of all sessions',
  'form.recipients.label':
    'E-mail the sign-in information to (up to 5 addresses separated by ";", that the user can read now)',
  'form.recipients.label.many':
    'E-mail each user\'s sign-in information to (up to 5 addresses separated by ";")',
  'form.recipients.many.note':
    "Every address gets one e-mail for each user, so list only people who may see every user's password, such as yourself. To send a user's password to their own alternate address, reset that user on their own.",
  'form.recipients.invalid': 'Enter 1 to 5 e-mail addresses, separated by ";".',
  'form.recipients.placeholder': 'name@example.com; other@example.org',
  'form.recipients.flagged':
    "{address} is the user's own mailbox: they cannot sign in to read it until they have the new password. Add an address they can read now.",
  'form.delivery.link':
    'Recipients get a one-time link, valid for {hours} hours, that shows the password once. The password is never shown in Teams.',
  'form.delivery.inline': 'Recipients get the password in the e-mail. The password is never shown in Teams.',
  'form.many.note': 'Each user gets their own new password: one password and one e-mail per user.',
  'form.many.targets': 'Users',
  'form.submit': 'Reset password',
  'form.submit.many': 'Reset passwords',
  'form.submit.custom': 'Reset with this password',

  // Choosing among several matches
  'choice.title': 'Several users match "{query}"',
  'choice.label': 'Choose the user whose password you want to reset',
  'choice.option': '{name} ({upn})',
  'choice.continue': 'Continue',

  // The helpdesk channel's search form
  'search.title': "Reset a user's password",
  'search.intro':
    'Find the user whose password you want to reset. Only admins with a password-reset role can continue.',
  'search.label': 'User',
  'search.placeholder': 'name, UPN or e-mail',
  'search.find': 'Find',

  // The status card everyone sees in a group chat or channel
  'status.title': 'Password reset',
  'status.requested': '{requester} asked to reset the password of {targets}.',
  'status.pending': 'Waiting for {requester} to complete the form.',
  'status.resetting': 'Resetting the password…',
  'status.done': 'The password was reset.',
  'status.failed': 'The reset did not complete. {requester} has the details.',
  'status.cancelled': 'The request was cancelled.',
  'status.expired': 'The request expired before it was completed.',
  'status.at': 'Last update: {at}',

  // Progress
  'resetting.title': 'Resetting the password of {names}…',
  'resetting.text': 'This takes a few seconds. This card is updated when it is done.',
  'resetting.progress': '{done} of {total} done.',

  // Confirmation
  'confirm.title': 'Password reset',
  'confirm.title.problem': 'Password reset: some steps need your attention',
  'confirm.title.notReset': 'Password not reset',
  'confirm.title.notReset.many': 'Passwords not reset',
  'confirm.title.unknown': 'Password reset: the result is unknown',
  'confirm.summary': 'Reset by {requester} on {at}.',
  'confirm.summary.requested': 'Requested by {requester} on {at}.',
  'confirm.fact.user': 'User',
  'confirm.fact.mail': 'E-mail',
  'confirm.fact.mustChange': 'Must change password at next sign-in',
  'confirm.fact.sessions': 'Signed out of all sessions',
  'confirm.mailed': 'E-mail accepted for delivery to {recipients}.',
  'confirm.mailed.link': 'It contains a one-time link that shows the password once.',
  'confirm.mailed.inline': 'It contains the password.',
  'confirm.mailFailed': 'The password was reset, but the e-mail could not be sent.',
  'confirm.mailUnknown':
    'The password was reset; the e-mail may not have been sent (the mail service did not answer). Ask the recipients before sending a new one.',
  'confirm.resetFailed': 'The password was not reset.',
  'confirm.resetUnknown':
    'Microsoft 365 did not answer, so the password may or may not have been changed. Reset it again so that the user gets a password that works.',
  'confirm.refused': 'Not reset.',
  'confirm.resend': 'Send a new e-mail',
  'confirm.resend.note': 'A new e-mail carries a new link; the previous link stops working.',
  'confirm.noPassword': 'The password is never shown in Teams.',

  // Generic message cards used by the use cases
  'refused.title': 'Cannot reset this password',
  'refused.unresolvedName': 'Name {n}',
  'typedPassword.title': 'Passwords are never typed in chat',
  'typedPassword.text':
    'Your message seems to contain a password, so I did not use it: nothing was looked up and nothing was reset. A password typed in a chat stays in the conversation and its history; delete the message if you can. To choose the password yourself, ask for the form (for example: reset password for alice) and pick "{option}" there.',
  'cancelled.title': 'Request cancelled',
  'cancelled.text': 'Nothing was changed.',
  'cancelled.text.one': 'The password of {names} was not changed.',
  'cancelled.text.many': 'The passwords of {names} were not changed.',
  'expired.title': 'Request expired',
  'error.title': 'Something went wrong',
  'notFound.title': 'No user found',
  'unknown.title': 'Sorry, I did not understand',
  'suggest.before': 'Did you mean ',
  'suggest.after': '?',
  'suggest.run': 'Yes, run it',
  'suggest.ran': 'You ran ',
  'suggest.ran.after': '.',
  'unknown.text': 'Type "help" to see what I can do.',

  // Help
  'help.title': 'Password Reset: help',
  'help.intro':
    'I reset the password of a user in your organization, as the Microsoft 365 admin center does, without leaving Teams. The new password is never shown in Teams: it is sent by e-mail to addresses the user can read.',
  'help.commands': 'Commands',
  'help.cmd.reset': 'reset password for alice',
  'help.cmd.reset.text': "Reset one user's password (name, UPN or e-mail).",
  'help.cmd.resetMany': 'reset password for alice, bob and "Liam O\'Brien"',
  'help.cmd.resetMany.text': 'Reset several users at once (up to 20): one password and one e-mail per user.',
  'help.cmd.audit': 'audit  /  audit alice  /  audit by adele today',
  'help.cmd.audit.text':
    'The audit trail, newest first: one entry per user and request, with its outcome; "Details" shows every step. Filter by user, by who asked ("by adele") and by time ("today", "yesterday", "last 7 days", "2026-11-20"), in any order. Only in a personal chat.',
  'help.cmd.auditExport': 'audit export  /  audit export last 30 days',
  'help.cmd.auditExport.text':
    'E-mail the entries (same filters) to yourself as a CSV file, through a one-time link.',
  'help.cmd.form': 'form',
  'help.cmd.form.text': 'Post a search form into a helpdesk channel.',
  'help.cmd.help': 'help',
  'help.cmd.help.text': 'Show this help.',
  'help.channel': 'In a channel, mention me first: @Password Reset reset password for alice',
  'help.who': 'Who may use it',
  'help.who.text':
    'Admins with one of these active Microsoft Entra roles. Each role may reset only the users Entra allows it to (for example, a Helpdesk Administrator cannot reset a User Administrator).',
  'help.role.global': 'Global Administrator',
  'help.role.privAuth': 'Privileged Authentication Administrator',
  'help.role.user': 'User Administrator',
  'help.role.auth': 'Authentication Administrator',
  'help.role.helpdesk': 'Helpdesk Administrator',
  'help.role.password': 'Password Administrator',
  'help.delivery': 'How the password is delivered',
  'help.delivery.text':
    'You choose up to 5 recipients. Depending on the configuration, they get a one-time link that shows the password once (it expires), or the password in the e-mail. By default the user must change it at the next sign-in and is signed out of all sessions.',

  // Audit: the entries people read (src/cards/auditCard.ts), their details, the export
  'audit.title': 'Audit trail',
  'audit.empty': 'No entries found.',
  'audit.filter.user': 'User: {user}',
  'audit.filter.by': 'Asked by: {by}',
  'audit.filter.since': 'From {at}',
  'audit.filter.until': 'Until {at}',
  'audit.filter.none': 'All entries',
  'audit.scope.reach': 'You see entries about the users your role may reset now.',
  'audit.page': 'Newest first. Entries {from}–{to}.',
  'audit.page.empty': 'Newest first.',
  'audit.page.one': 'Newest first. Entry {from}.',
  'audit.more': 'More',
  'audit.newest': 'Newest',
  'audit.details': 'Details',
  'audit.export': 'E-mail as CSV',
  'audit.entry.asked': '{at} · asked by {name} ({upn})',
  'audit.entry.unresolved': 'No user matched "{name}"',
  'audit.entry.nobody': 'No user',
  'audit.outcome.mailed': 'Password reset and e-mailed',
  'audit.outcome.mailed.signedOut': 'Password reset, signed out of all sessions and e-mailed',
  'audit.outcome.mailFailed':
    'Password reset, but the e-mail failed: send a new e-mail from the confirmation card',
  'audit.outcome.mailUnknown':
    'Password reset; the e-mail may not have gone: ask the recipients, then send a new e-mail from the confirmation card if needed',
  'audit.outcome.resetFailed': 'Failed, the password was not changed: {reason}',
  'audit.outcome.resetUnknown':
    'Result unknown: the password may have changed. Reset it again so that the user gets one that works',
  'audit.outcome.refused': 'Refused: {reason}',
  'audit.outcome.open': 'Form not submitted yet',
  'audit.outcome.expired': 'Form expired without being submitted',
  'audit.outcome.cancelled': 'Cancelled: nothing was changed',
  'audit.outcome.running': 'In progress',
  'audit.reason.REQUESTER_NOT_ADMIN': 'the requester held no active admin role that may reset passwords',
  'audit.reason.TARGET_NOT_FOUND': 'no user matched the name',
  'audit.reason.TARGET_AMBIGUOUS': 'several users matched the name',
  'audit.reason.TARGET_TOO_MANY': 'too many users matched the name',
  'audit.reason.TARGET_SELF': "it is the requester's own account",
  'audit.reason.TARGET_GUEST': "a guest account, managed by the guest's own organization",
  'audit.reason.TARGET_SYNCED': 'the account is synchronized from on-premises Active Directory',
  'audit.reason.TARGET_FEDERATED': 'the account signs in through a federated identity provider',
  'audit.reason.TARGET_PRIVILEGED': "the user holds an admin role the requester's role may not reset",
  'audit.reason.TARGET_OUT_OF_SCOPE':
    "the user is outside the administrative units the requester's role covers",
  'audit.reason.TARGET_RESTRICTED_UNIT': 'the user is in a restricted management administrative unit',
  'audit.reason.RATE_LIMITED_REQUESTER':
    'the requester had reached their hourly limit of password resets and passes (they count together)',
  'audit.reason.RATE_LIMITED_TARGET':
    'the user had been given a new password or pass too often in 24 hours (they count together)',
  'audit.reason.PASSWORD_REJECTED':
    "Microsoft 365 refused the new password: it does not meet the organization's password policy",
  'audit.action.requested': 'Requested',
  'audit.action.refused': 'Refused',
  'audit.action.submitted': 'Submitted',
  'audit.action.reset-intent': 'Reset started',
  'audit.action.reset': 'Password reset',
  'audit.action.reset-failed': 'Reset failed',
  'audit.action.revoke-intent': 'Sign-out started',
  'audit.action.sessions-revoked': 'Signed out',
  'audit.action.revoke-failed': 'Sign-out failed',
  'audit.action.mail-intent': 'Sending e-mail',
  'audit.action.mail-accepted': 'E-mail accepted',
  'audit.action.mail-failed': 'E-mail failed',
  'audit.action.mail-unknown': 'E-mail uncertain',
  'audit.action.notice-intent': 'Sending the notice to the user',
  'audit.action.notice-sent': 'Notice sent to the user',
  'audit.action.notice-failed': 'Notice to the user failed',
  'audit.action.resend-requested': 'New e-mail requested',
  'audit.action.link-viewed': 'Link opened, password shown',
  'audit.action.link-expired': 'Link expired unopened',
  'audit.action.cancelled': 'Cancelled',
  'audit.details.title': 'Audit entry',
  'audit.details.steps': 'What happened',
  'audit.details.to': 'To: {recipients}',
  'audit.details.graph': 'Microsoft Graph request id: {ids}',
  'audit.details.back': 'Back to the list',
  'audit.details.gone': 'This entry does not exist, or your role may not read it.',
  'audit.choose.title': 'Several users match "{name}"',
  'audit.choose.text': 'Whose entries do you want to see?',
  'audit.personalOnly':
    'The audit trail is shown only in your personal chat with me. Open a chat with the bot and type "audit" there.',
  'audit.export.started':
    'Preparing the export. It will be e-mailed to you ({address}) as a one-time link; a card here says when it has gone.',
  'audit.export.title': 'Audit export',
  'audit.export.done':
    'The export of {count} entries was e-mailed to {address}. The link works once and expires on {at}.',
  'audit.export.truncated':
    'Only the newest {max} entries are in the file: narrow the filters to export older ones.',
  'audit.export.failed': 'The export could not be sent: {reason}',
  'audit.export.mail.subject': 'Audit export: {count} entries',
  'audit.export.mail.heading': 'Your audit export',
  'audit.export.mail.intro':
    'You asked for an export of the password-reset audit trail ({filters}). Open the link to download it as a CSV file (UTF-8, opens in Excel).',
  'audit.export.mail.button': 'Download the audit export',
  'audit.export.mail.once': 'The link works once: after you press "Download" on the page, it stops working.',
  'audit.export.page.title': 'Audit export',
  'audit.export.page.text':
    'A CSV file of {count} audit entries, made for {name} ({upn}). Press "Download": the file can be downloaded once, then this link no longer works.',
  'audit.export.page.button': 'Download',
  'audit.csv.when': 'Requested (UTC)',
  'audit.csv.requester': 'Asked by',
  'audit.csv.requesterUpn': 'Asked by (UPN)',
  'audit.csv.user': 'User',
  'audit.csv.userUpn': 'User (UPN)',
  'audit.csv.outcome': 'Outcome',
  'audit.csv.outcomeCode': 'Outcome code',
  'audit.csv.reasonCode': 'Reason code',
  'audit.csv.recipients': 'E-mailed to',
  'audit.csv.signedOut': 'Signed out',
  'audit.csv.mustChange': 'Must change at sign-in',
  'audit.csv.completed': 'Completed (UTC)',
  'audit.csv.requestId': 'Request id',

  // Several users match a name of a bulk request: chosen on the form
  'choice.form.label': '"{query}" matches several users. Choose one:',
  'choice.form.none': 'Leave "{query}" out',
  'choice.form.required': 'Choose one user for each name, or leave the name out.',
  'choice.form.pending': 'one of {names}',

  // Mail: shared
  'mail.signIn': 'Sign in at {url}',
  'mail.helpdesk': 'Questions? Contact {contact}.',
  'mail.helpdesk.none': 'Questions? Contact your IT helpdesk.',
  'mail.mustChange': 'You will be asked to choose a new password when you first sign in.',
  'mail.requestedBy': 'This password reset was made by {requester}.',
  'mail.footer': 'This message was sent automatically. Do not reply to it.',
  // Mail: link mode
  'mail.link.subject': 'Password reset for {name}: one-time link',
  'mail.link.heading': 'A new password was set for {name}',
  'mail.link.intro': 'The password of the account below was reset. Open the link to see the new password.',
  'mail.link.user': 'User name: {upn}',
  'mail.link.button': 'Show the new password',
  'mail.link.once':
    'The link works once: after you press "Show password" on the page, the password is shown one time and the link stops working.',
  'mail.link.expires': 'The link expires on {at}.',
  'mail.link.scanner':
    'Opening the link only shows a page with a button; mail security scanners that preview links do not use it up.',
  'mail.link.lost': 'If the link has expired or was already used, ask the helpdesk for a new e-mail.',
  // Mail: inline mode (modelled on the admin center's mail)
  'mail.inline.subject': 'New or modified user account information',
  'mail.inline.heading': 'New or modified user account information',
  'mail.inline.intro': 'The password of the account below was reset.',
  'mail.inline.user': 'User name: {upn}',
  'mail.inline.password': 'Password: {password}',
  'mail.inline.delete': 'Keep this password safe and delete this e-mail once you have signed in.',
  // Mail: notice to the user
  'mail.notice.subject': 'Your password was reset',
  'mail.notice.heading': 'Your password was reset',
  'mail.notice.text': 'Hello {name}, the helpdesk reset the password of your account on {at}.',
  'mail.notice.unexpected': 'If you did not expect this, contact {contact} right away.',
  'mail.notice.unexpected.none': 'If you did not expect this, contact your IT helpdesk right away.',

  // One-time link pages
  'page.reveal.title': 'Your new password',
  'page.reveal.account': 'Account: {name} ({upn})',
  'page.reveal.text':
    'Press "Show password". The password will be shown once: after that this link no longer works.',
  'page.reveal.private': 'Make sure nobody can see your screen.',
  'page.reveal.expires': 'This link expires on {at}.',
  'page.reveal.button': 'Show password',
  'page.password.title': 'Your new password',
  'page.password.account': 'Account: {name} ({upn})',
  'page.password.copy': 'Copy it now: this page cannot be shown again.',
  'page.password.signIn': 'Sign in at {url}',
  'page.password.mustChange': 'You will be asked to choose a new password when you first sign in.',
  'page.gone.title': 'This link is no longer valid',
  'page.gone.text':
    'The link has already been used, has expired, or is not valid. Ask your helpdesk to send a new e-mail.',
  'page.error.title': 'Something went wrong',
  'page.error.text':
    'The page could not be shown. Try again in a few minutes; if it keeps failing, contact your helpdesk.',
  'page.error.reference': 'Reference: {id}',

  // Pages the Teams app manifest links to (developer.websiteUrl, privacyUrl, termsOfUseUrl)
  'page.about.title': 'Password Reset for Microsoft 365 helpdesk',
  'page.about.text':
    "This service is the Password Reset app in Microsoft Teams. Your organization runs it in its own Azure subscription so that its helpdesk and IT admins can reset a user's password from Teams, with the same rules as Microsoft Entra.",
  'page.about.use': 'To use it, open the app in Teams and write "help".',
  'page.about.contact': 'Questions: {contact}',
  'page.about.privacy': 'Privacy statement',
  'page.about.terms': 'Terms of use',
  'page.privacy.title': 'Privacy statement',
  'page.privacy.operator':
    'Your organization operates this service in its own Azure subscription. No data goes to the authors of the app.',
  'page.privacy.directory':
    'It reads directory data through Microsoft Graph (users, their admin roles, groups and administrative units) only to decide whether a reset is allowed and to perform it, and it sends e-mail from the helpdesk mailbox.',
  'page.privacy.audit':
    "Every attempt is recorded in an audit trail in the organization's Azure Storage: who asked, for whom, when, and the outcome. The organization's admins can read it.",
  'page.privacy.passwords':
    'Passwords never appear in Teams, in logs or in the audit trail. A password sent as a one-time link is kept encrypted until the link is opened or expires ({hours} hours after the reset), and is then deleted.',
  'page.privacy.telemetry':
    "Operational data (requests, timings, errors, log lines without passwords) goes to the organization's own Azure Monitor, when the organization turns it on.",
  'page.privacy.contact': 'Questions about your data: {contact}',
  'page.terms.title': 'Terms of use',
  'page.terms.who':
    "This service is for your organization's helpdesk and IT admins. It resets a password only for a requester who holds an active Microsoft Entra admin role that may reset that user, and it refuses what Entra would refuse.",
  'page.terms.audit':
    'Every attempt, allowed or refused, is audited. Use the service only for accounts you are asked to help with.',
  'page.terms.private':
    'A password you receive is for the account owner alone. A one-time link works once; do not forward it.',
  'page.terms.warranty':
    'The software is provided as is, under the MIT License, without warranty of any kind.',
  'page.terms.contact': 'Questions: {contact}',
  'page.contact.none': 'your IT helpdesk',

  // Error texts, one per ErrorCode (user-safe, actionable)
  'error.permission.change':
    'User-PasswordProfile.ReadWrite.All and a directory role that may reset this user',
  'error.permission.inLog': "named in the bot's log",
  'error.REQUESTER_UNKNOWN':
    'I could not identify you in the directory. Sign in to Teams with your work account and try again.',
  'error.REQUESTER_NOT_ADMIN':
    'You need an active admin role that may reset passwords (for example Helpdesk Administrator or Password Administrator). If your role is eligible in PIM, activate it first.',
  'error.WRONG_TENANT': "This bot serves only its own organization. Use it from your organization's Teams.",
  'error.TARGET_NOT_FOUND': 'No user was found. Check the name, UPN or e-mail address and try again.',
  'error.TARGET_AMBIGUOUS':
    'Too many users match. Be more specific: type the full name, the UPN or the e-mail address.',
  'error.TARGET_TOO_MANY': 'You can reset at most {max} users at once. Split the request into smaller ones.',
  'error.TARGET_SELF':
    'You cannot reset your own password here. Use the self-service password reset (https://aka.ms/sspr).',
  'error.TARGET_GUEST': "This is a guest account: its password is managed by the guest's own organization.",
  'error.TARGET_SYNCED':
    'This account is synchronized from on-premises Active Directory: reset its password there (or use password writeback).',
  'error.TARGET_FEDERATED':
    'This account signs in through a federated identity provider: its password is managed there, not in Microsoft 365.',
  'error.TARGET_PRIVILEGED':
    'This user holds an admin role that your role may not reset. Ask an admin with a higher role (for example a Privileged Authentication Administrator).',
  'error.TARGET_OUT_OF_SCOPE':
    'This user is outside the administrative units your role covers. Ask an admin whose role covers this user.',
  'error.TARGET_RESTRICTED_UNIT':
    'This user is in a restricted management administrative unit: only an admin with a role assigned on that unit can reset the password.',
  'error.TARGET_NAME_TOO_LONG':
    'This name is longer than any name, UPN or e-mail address in Microsoft 365 can be (at most {max} characters), so no user can match it. Check what you typed.',
  'error.PASSWORD_TOO_SHORT': 'The password is too short: use at least {min} characters.',
  'error.PASSWORD_TOO_LONG': 'The password is too long: use at most {max} characters.',
  'error.PASSWORD_CLASSES':
    'The password needs at least 3 of these 4: lowercase letters, uppercase letters, digits, symbols.',
  'error.PASSWORD_CHARACTERS':
    'The password contains a character that is not allowed. Use letters A-Z and a-z, digits and these symbols: @ # $ % ^ & * - _ ! + = [ ] { } | \\ : \' , . ? / ` ~ " ( ) ; < > and space.',
  'error.PASSWORD_BANNED': 'The password is too easy to guess. Choose a less common password.',
  'error.PASSWORD_CONTAINS_NAME': "The password must not contain the user's name or the organization's name.",
  'error.PASSWORD_REJECTED':
    "Microsoft 365 did not accept the new password: it does not meet your organization's password policy (for example, it contains a banned word). Try again with another password.",
  'error.RECIPIENTS_NONE': 'Enter at least one e-mail address that the user can read now.',
  'error.RECIPIENTS_TOO_MANY': 'Enter at most {max} e-mail addresses, separated by ";".',
  'error.RECIPIENT_INVALID': 'This is not a valid e-mail address; check it and type it again: {address}',
  'error.RECIPIENT_DOMAIN': 'E-mail to this domain is not allowed by your organization: {address}',
  'error.REQUEST_NOT_FOUND': 'This request no longer exists. Start again with "reset password for …".',
  'error.REQUEST_EXPIRED': 'This form has expired. Start again with "reset password for …".',
  'error.REQUEST_NOT_YOURS':
    'Only the admin who started this request can use this form. Nothing was changed.',
  'error.REQUEST_ALREADY_DONE': 'This request has already been completed. Nothing was changed again.',
  'error.RATE_LIMITED_REQUESTER': 'You have reached the limit of password resets for now. Try again later.',
  'error.RATE_LIMITED_TARGET':
    "This user's password has been reset too many times in the last 24 hours. Try again later, when the oldest of those resets is more than 24 hours old, or contact a Global Administrator.",
  'error.GRAPH_DENIED':
    "Microsoft 365 refused the change: the bot's own permissions do not allow it for this user (needed: {permission}). Ask the admin who deployed the bot to check them.",
  'error.GRAPH_READ_DENIED':
    'The bot may not read what it needs from Microsoft 365 (missing permission: {permission}). Nothing was changed. Ask the admin who deployed the bot to grant it.',
  'error.GRAPH_AUTH_FAILED':
    "Microsoft 365 did not accept the bot's own sign-in (its secret or certificate may have expired). Nothing was changed. Ask the admin who deployed the bot to check its credentials.",
  'error.GRAPH_SEARCH_REJECTED':
    'Microsoft 365 could not search for this name (it is too long or has characters it cannot search for). Nothing was changed. Type a shorter part of the name, the UPN or the e-mail address.',
  'error.GRAPH_THROTTLED': 'Microsoft 365 is busy right now. Wait a minute and try again.',
  'error.GRAPH_UNAVAILABLE': 'Microsoft 365 did not answer. Check the result before trying again.',
  'error.GRAPH_BAD_REQUEST':
    'Microsoft 365 could not process this request. Nothing was changed. Try again; if it happens again, give the reference to your helpdesk.',
  'error.GRAPH_NOT_FOUND': 'The user no longer exists in the directory.',
  'error.MAIL_FAILED': 'The e-mail could not be sent. Check the recipients and send a new e-mail.',
  'error.MAIL_UNKNOWN':
    'The mail service did not answer, so the e-mail may or may not have been sent. Ask the recipients before sending a new one.',
  'error.STORAGE_UNAVAILABLE': "The bot's storage is not available right now. Try again in a few minutes.",
  'error.STORAGE_CONFLICT':
    'This request was changed at the same time by another action. Check the card and try again.',
  'error.AUDIT_NO_MAILBOX':
    'Your account has no mailbox in Microsoft 365 to receive the export. Ask for it from an account that has one.',
  'error.INTERNAL':
    'Something unexpected went wrong. Check the result before trying again, and give the reference to your helpdesk if it happens again.',

  // Four-eyes approval for privileged targets (README, "Four-eyes approval")
  'approval.card.title': 'Approval needed: password reset',
  'approval.card.asks': '{requester} ({upn}) asks to reset the password of:',
  'approval.card.who':
    'Any other admin whose role may reset these users can approve or decline. The requester cannot approve their own request, and nothing changes until someone approves.',
  'approval.card.expires': 'Expires on {at} if nobody decides.',
  'approval.fact.recipients': 'E-mail to',
  'approval.fact.delivery': 'Delivery',
  'approval.delivery.link': 'a one-time link that shows the password once',
  'approval.delivery.inline': 'the password in the e-mail',
  'approval.approve': 'Approve',
  'approval.decline': 'Decline',
  'approval.reason.role': 'holds {role}',
  'approval.reason.eligibleRole': 'eligible for {role} (PIM)',
  'approval.reason.roleAssignableGroup': 'member or owner of a role-assignable group',
  'approval.reason.listedGroup': 'member of a group that needs approval ({group})',
  'approval.phase.checking': "Checking {name}'s roles…",
  'approval.phase.approved': 'Approved by {name} on {at}. The reset runs now; {requester} sees the outcome.',
  'approval.phase.declined': 'Declined by {name} on {at}. Nothing was changed.',
  'approval.phase.expired': 'Nobody approved by {at}. Nothing was changed.',
  'approval.phase.cancelled': 'Cancelled by {requester} on {at}. Nothing was changed.',
  'approval.phase.closed': 'This request is closed. Nothing was changed.',
  'approval.refused.self': '{name} made this request and so cannot approve or decline it.',
  'approval.refused.ownReset':
    "{name}'s own account is part of this request, so {name} cannot decide about it.",
  'approval.refused.notAdmin':
    "{name}'s decision was not accepted: {name} holds no active admin role that may reset passwords.",
  'approval.refused.cannotReset':
    "{name}'s decision was not accepted: {name}'s roles may not reset every user of this request.",
  'approval.refused.unchecked':
    "{name}'s roles could not be checked, so the decision was not accepted: {reason}",
  'approval.status.title.waiting': 'Waiting for a second admin',
  'approval.status.title.approved': 'Approved by {name}',
  'approval.status.title.declined': 'Declined by {name}',
  'approval.status.title.expired': 'Approval expired',
  'approval.status.requestedBy': 'Requested by {requester}.',
  'approval.status.waiting':
    'Resetting the password of {names} needs the approval of another admin: they hold or may activate an admin role, or are in a group that needs approval.',
  'approval.status.where.conversation':
    'The request is posted in this conversation for another admin to approve.',
  'approval.status.where.channel':
    'The request is posted in the approvals channel for another admin to approve.',
  'approval.status.cancel': 'Cancel request',
  'approval.status.expires': 'Nothing changes until another admin approves. The request expires on {at}.',
  'approval.status.approved': '{name} approved on {at}. Resetting the password of {names}…',
  'approval.status.declined':
    '{name} declined resetting the password of {names} on {at}. Nothing was changed.',
  'approval.status.expired':
    'No other admin approved resetting the password of {names} by {at}. Nothing was changed. Ask again if it is still needed.',
  'approval.confirm.approvedBy': 'Approved by {name}.',
  'approval.help.title': 'A second admin for admins',
  'approval.help.text':
    "When the user holds or may activate an admin role (or is in a group your organization lists), another admin must approve the reset, and the same goes for a Temporary Access Pass. The request is posted in the group chat or channel it came from, or in the approvals channel for a personal chat. Any other admin whose role may reset that user (for a pass: manage that user's authentication methods) can approve or decline; the requester cannot. Nothing changes until someone approves, and the request expires if nobody does.",
  'error.APPROVAL_SELF':
    'You made this request, so you cannot approve or decline it: another admin must. Nothing was changed.',
  'error.APPROVAL_OWN_RESET':
    'This request is for your own account, so you cannot approve or decline it. Nothing was changed.',
  'error.APPROVAL_NO_CHANNEL':
    'This user holds or may activate an admin role (or is in a group that needs approval), so another admin must approve this request, and no approvals channel is set up for requests made in a personal chat. Nothing was changed. Ask again in a group chat or channel where other admins can approve, or ask the admin who deployed the bot to set up the approvals channel.',
  'error.APPROVAL_CHANNEL_UNREACHABLE':
    'The request for approval could not be posted where other admins can see it (the app may not be installed in that team or chat). Nothing was changed. Ask the admin who deployed the bot to check the approvals channel.',
  'error.APPROVAL_TYPED_PASSWORD':
    'This user holds or may activate an admin role (or is in a group that needs approval), so another admin must approve the reset, and a password you type is never kept while the request waits. Choose "Create the password automatically instead".',
  'error.APPROVAL_DECLINED': 'Another admin declined this request. Nothing was changed.',
  'error.APPROVAL_EXPIRED':
    'No other admin approved this request in time. Nothing was changed. Ask again if it is still needed.',
  // The same approval for a Temporary Access Pass: only what names the request differs.
  'approval.tap.card.title': 'Approval needed: Temporary Access Pass',
  'approval.tap.card.asks': '{requester} ({upn}) asks for a Temporary Access Pass for:',
  'approval.tap.card.who':
    "Any other admin whose role may manage these users' authentication methods can approve or decline. The requester cannot approve their own request, and nothing changes until someone approves.",
  'approval.tap.delivery.link': 'a one-time link that shows the pass once',
  'approval.tap.delivery.inline': 'the pass in the e-mail',
  'approval.tap.fact.startsWhenCreated': 'When it is created',
  'approval.tap.phase.approved':
    'Approved by {name} on {at}. The pass is created now; {requester} sees the outcome.',
  'approval.tap.refused.notAdmin':
    "{name}'s decision was not accepted: {name} holds no active admin role that may manage authentication methods.",
  'approval.tap.refused.cannotManage':
    "{name}'s decision was not accepted: {name}'s roles may not manage the authentication methods of every user of this request.",
  'approval.tap.status.waiting':
    'A Temporary Access Pass for {names} needs the approval of another admin: they hold or may activate an admin role, or are in a group that needs approval.',
  'approval.tap.status.approved': '{name} approved on {at}. Creating a Temporary Access Pass for {names}…',
  'approval.tap.status.declined':
    '{name} declined the Temporary Access Pass for {names} on {at}. Nothing was changed.',
  'approval.tap.status.expired':
    'No other admin approved the Temporary Access Pass for {names} by {at}. Nothing was changed. Ask again if it is still needed.',

  // Temporary Access Pass. Error texts and audit actions keep the names errorText() and the audit card
  // build (error.<CODE>, audit.action.<action>); everything else is tap.*.
  'tap.form.title.one': 'Temporary Access Pass: {name}',
  'tap.form.title.many': 'Temporary Access Passes for {count} users',
  'tap.form.intro':
    'A Temporary Access Pass lets the user sign in without a password for a limited time, to set up a passkey, Microsoft Authenticator or Windows Hello. Microsoft 365 creates the pass; it is never shown in Teams.',
  'tap.form.lifetime.label': 'Valid for (minutes)',
  'tap.form.lifetime.range':
    "Your organization's policy allows {min} to {max} minutes ({minText} to {maxText}); its default is {defaultText}.",
  'tap.form.lifetime.invalid': 'Enter a whole number of minutes from {min} to {max}.',
  'tap.form.usableOnce': 'One-time use: the pass works for one sign-in only',
  'tap.form.usableOnce.required':
    "One-time use: your organization's policy allows only passes that work for one sign-in.",
  'tap.form.start.label': 'Starts (UTC). Leave both empty to start at once.',
  'tap.form.start.date': 'Start date (UTC)',
  'tap.form.start.time': 'Start time (UTC)',
  'tap.form.replaces': 'A user has at most one pass: a new pass replaces the one the user may have now.',
  'tap.form.disabled':
    'This account is disabled (sign-in blocked): the pass cannot be used until the account is enabled.',
  'tap.form.many.note': 'Each user gets their own pass: one pass and one e-mail per user.',
  'tap.form.recipients.many.note':
    "Every address gets one e-mail for each user, so list only people who may see every user's pass, such as yourself.",
  'tap.form.delivery.link':
    'Recipients get a one-time link, valid for {hours} hours, that shows the pass once. The pass is never shown in Teams.',
  'tap.form.delivery.inline': 'Recipients get the pass in the e-mail. The pass is never shown in Teams.',
  'tap.form.submit': 'Create pass',
  'tap.form.submit.many': 'Create passes',
  'tap.duration.minutes': '{n} minutes',
  'tap.duration.hour': '1 hour',
  'tap.duration.hours': '{n} hours',
  'tap.duration.day': '1 day',
  'tap.duration.days': '{n} days',
  'tap.choice.label': 'Choose the user who needs a Temporary Access Pass',
  'tap.error.RATE_LIMITED_TARGET':
    'This user has been given a new password or Temporary Access Pass too many times in the last 24 hours. Try again later, when the oldest of those is more than 24 hours old, or contact a Global Administrator.',
  'tap.error.RATE_LIMITED_REQUESTER':
    'You have reached the limit of password resets and Temporary Access Passes for now. Try again later.',
  'tap.refused.title': 'Cannot create a Temporary Access Pass',
  'tap.status.title': 'Temporary Access Pass',
  'tap.status.requested': '{requester} asked for a Temporary Access Pass for {targets}.',
  'tap.status.resetting': 'Creating the pass…',
  'tap.status.done': 'The pass was created.',
  'tap.status.failed': 'The pass was not created for everyone. {requester} has the details.',
  'tap.progress.title': 'Creating a Temporary Access Pass for {names}…',
  'tap.confirm.title': 'Temporary Access Pass created',
  'tap.confirm.title.problem': 'Temporary Access Pass created: some steps need your attention',
  'tap.confirm.title.notCreated': 'Temporary Access Pass not created',
  'tap.confirm.title.unknown': 'Temporary Access Pass: the result is unknown',
  'tap.confirm.summary': 'Created by {requester} on {at}.',
  'tap.confirm.fact.validFrom': 'Valid from',
  'tap.confirm.fact.lifetime': 'Valid for',
  'tap.confirm.fact.usage': 'Sign-ins',
  'tap.confirm.usage.once': 'One',
  'tap.confirm.usage.multi': 'Any number while valid',
  'tap.confirm.mailed.link': 'It contains a one-time link that shows the pass once.',
  'tap.confirm.mailed.inline': 'It contains the pass.',
  'tap.confirm.mailFailed': 'The pass was created, but the e-mail could not be sent.',
  'tap.confirm.mailUnknown':
    'The pass was created; the e-mail may not have been sent (the mail service did not answer). Ask the recipients before sending a new one.',
  'tap.confirm.notCreated': 'No pass was created.',
  'tap.confirm.unknown':
    'Microsoft 365 did not answer, so a pass may or may not have been created, and nobody has it. Create a new pass: it replaces any pass the user has.',
  'tap.confirm.refused': 'No pass created.',
  'tap.confirm.noPass': 'The pass is never shown in Teams.',
  'tap.cancelled.text.one': 'No pass was created for {names}.',
  'tap.cancelled.text.many': 'No passes were created for {names}.',
  'tap.permission.change':
    "UserAuthMethod-TAP.ReadWrite.All and a directory role that may manage this user's authentication methods",
  'tap.mail.link.subject': 'Temporary Access Pass for {name}: one-time link',
  'tap.mail.link.heading': 'A Temporary Access Pass was created for {name}',
  'tap.mail.link.intro': 'Open the link to see the Temporary Access Pass of the account below.',
  'tap.mail.link.button': 'Show the pass',
  'tap.mail.link.once':
    'The link works once: after you press "Show pass" on the page, the pass is shown one time and the link stops working.',
  'tap.mail.inline.subject': 'Temporary Access Pass for {name}',
  'tap.mail.inline.heading': 'Temporary Access Pass',
  'tap.mail.inline.intro': 'A Temporary Access Pass was created for the account below.',
  'tap.mail.inline.pass': 'Temporary Access Pass: {pass}',
  'tap.mail.inline.delete': 'Keep this pass safe and delete this e-mail once you have signed in.',
  'tap.mail.validity': 'Valid from {from} for {duration}.',
  'tap.mail.once': 'It works for one sign-in only.',
  'tap.mail.multi': 'It works for any number of sign-ins until it expires.',
  'tap.mail.use':
    'To use it, go to {url}, enter the user name and, when asked, the pass instead of a password. Then add a passkey, the Microsoft Authenticator app or Windows Hello.',
  'tap.mail.requestedBy': 'This pass was created by {requester}.',
  'tap.mail.notice.subject': 'A Temporary Access Pass was created for your account',
  'tap.mail.notice.heading': 'A Temporary Access Pass was created for your account',
  'tap.mail.notice.text':
    'Hello {name}, the helpdesk created a Temporary Access Pass for your account on {at}. It lets someone sign in as you without your password until it expires.',
  'tap.page.reveal.title': 'Your Temporary Access Pass',
  'tap.page.reveal.text':
    'Press "Show pass". The pass will be shown once: after that this link no longer works.',
  'tap.page.reveal.button': 'Show pass',
  'tap.page.pass.title': 'Your Temporary Access Pass',
  'tap.page.pass.copy': 'Copy it now: this page cannot be shown again.',
  'tap.help.cmd': 'temporary access pass for alice  /  tap for alice',
  'tap.help.cmd.text':
    'Create a Temporary Access Pass instead of a password (passwordless sign-in for a limited time) for one or several users. Authentication, Privileged Authentication and Global Administrators only.',
  'audit.action.tap-intent': 'Creating pass',
  'audit.action.tap-created': 'Pass created',
  'audit.action.tap-failed': 'Pass not created',
  'audit.action.tap-unknown': 'Pass uncertain',
  'error.TAP_NOT_ALLOWED':
    'A Temporary Access Pass can be created only by an admin with an active Authentication Administrator, Privileged Authentication Administrator or Global Administrator role. Helpdesk, Password and User Administrators may not manage authentication methods: reset the password instead ("reset password for …"). If your role is eligible in PIM, activate it first.',
  'error.TAP_TARGET_SELF':
    'You cannot create a Temporary Access Pass for yourself. Ask another admin, or manage your own sign-in methods at https://aka.ms/mysecurityinfo.',
  'error.TAP_TARGET_GUEST':
    'This is a guest account: it signs in through its own organization, which can give it a Temporary Access Pass.',
  'error.TAP_TARGET_PRIVILEGED':
    'This user holds (or may activate) an admin role whose sign-in methods your role may not manage. Ask a Privileged Authentication Administrator.',
  'error.TAP_TARGET_RESTRICTED_UNIT':
    'This user is in a restricted management administrative unit: only an admin with a role assigned on that unit can create a pass.',
  'error.TAP_POLICY_DISABLED':
    'Temporary Access Pass is turned off in your organization. An Authentication Policy Administrator can turn it on in the Microsoft Entra admin center: Protection > Authentication methods > Policies > Temporary Access Pass.',
  'error.TAP_LIFETIME_OUT_OF_RANGE':
    "Your organization's policy allows a pass to be valid for {min} to {max} minutes. Enter a number in that range.",
  'error.TAP_ONE_TIME_ONLY': "Your organization's policy allows only one-time passes.",
  'error.TAP_START_INVALID':
    'Give the start as a date and a time in UTC, from now to 30 days ahead (a time alone means today), or leave both empty to start at once.',
  'error.TAP_REFUSED':
    "Microsoft 365 did not create the pass: your organization's Temporary Access Pass policy does not allow it for this user or with these settings (the policy also names who may use a pass). Nothing was changed.",
  'error.TAP_UNKNOWN':
    'Microsoft 365 did not answer, so a pass may or may not have been created, and nobody has it. Create a new pass: it replaces any pass the user has.',
};

/** Every message key; English is the source, other locales must provide each one. */
export type MessageKey = keyof typeof en;
