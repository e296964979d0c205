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
  'audit.reason.RATE_LIMITED_REQUESTER': 'the requester had reached their limit of resets for the hour',
  'audit.reason.RATE_LIMITED_TARGET': "the user's password had been reset too often in 24 hours",
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
};

/** Every message key; English is the source, other locales must provide each one. */
export type MessageKey = keyof typeof en;
