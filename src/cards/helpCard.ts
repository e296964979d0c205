/** What the bot does, its commands in the admin's language, who may use it and how delivery works. */
import { t, type Locale, type MessageKey } from '../i18n';
import { adaptiveCard, container, heading, text, type CardElement } from './elements';

const COMMANDS: readonly (readonly [MessageKey, MessageKey])[] = [
  ['help.cmd.reset', 'help.cmd.reset.text'],
  ['help.cmd.resetMany', 'help.cmd.resetMany.text'],
  ['tap.help.cmd', 'tap.help.cmd.text'],
  ['help.cmd.audit', 'help.cmd.audit.text'],
  ['help.cmd.auditExport', 'help.cmd.auditExport.text'],
  ['help.cmd.form', 'help.cmd.form.text'],
  ['help.cmd.help', 'help.cmd.help.text'],
];

const ROLES: readonly MessageKey[] = [
  'help.role.global',
  'help.role.privAuth',
  'help.role.user',
  'help.role.auth',
  'help.role.helpdesk',
  'help.role.password',
];

/** Builds the help card. */
export function helpCard(locale: Locale): object {
  const section = (titleKey: MessageKey): CardElement =>
    text(t(locale, titleKey), { weight: 'bolder', spacing: 'medium', separator: true });
  const body: CardElement[] = [
    heading(t(locale, 'help.title')),
    text(t(locale, 'help.intro')),
    section('help.commands'),
    ...COMMANDS.map(([command, description]) =>
      container(
        [
          text(t(locale, command), { monospace: true, weight: 'bolder' }),
          text(t(locale, description), { isSubtle: true }),
        ],
        { spacing: 'small' },
      ),
    ),
    text(t(locale, 'help.channel'), { isSubtle: true, spacing: 'small' }),
    section('help.who'),
    text(t(locale, 'help.who.text')),
    ...ROLES.map((role) => text(`• ${t(locale, role)}`, { spacing: 'none' })),
    section('approval.help.title'),
    text(t(locale, 'approval.help.text')),
    section('help.delivery'),
    text(t(locale, 'help.delivery.text')),
  ];
  return adaptiveCard(body);
}
