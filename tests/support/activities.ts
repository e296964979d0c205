/**
 * Teams activities as Teams really sends them (message, Action.Execute invoke), shared by every test
 * tier: `channelId: 'msteams'`, `channelData.tenant.id`, `conversation.tenantId`, `from.aadObjectId`, the
 * bot as `recipient`, and the connector's `serviceUrl`.
 */
import { randomBytes, randomUUID } from 'node:crypto';

/** A Teams user as activities name them. */
export interface TeamsUser {
  /** Entra object id (from.aadObjectId). */
  readonly aadObjectId: string;
  readonly name: string;
  /** Teams user id ("29:…"); derived from the object id when omitted. */
  readonly id?: string;
}

/** The bot as Teams addresses it. */
export const BOT_ACCOUNT = { id: '28:00000000-0000-0000-0000-00000000b07e', name: 'Password Reset' } as const;

/** Where an activity happens. */
export type ConversationType = 'personal' | 'groupChat' | 'channel';

/** What every activity needs. */
export interface ActivityContext {
  readonly user: TeamsUser;
  readonly tenantId: string;
  /** The recording connector's URL. */
  readonly serviceUrl: string;
  readonly conversationType?: ConversationType;
  /** Defaults to a fresh id of the right shape for the conversation type. */
  readonly conversationId?: string;
  readonly locale?: string;
  /** When false, the activity carries no channelData.tenant (some proactive paths). Default true. */
  readonly channelDataTenant?: boolean;
}

/** Options of {@link message}. */
export interface MessageOptions extends ActivityContext {
  /** Prefix the text with `<at>Password Reset</at>` and a mention entity (how channels address bots). */
  readonly mentionBot?: boolean;
}

/** Options of {@link cardAction}. */
export interface CardActionOptions extends ActivityContext {
  readonly requestId?: string | null;
  /** Input values; Teams merges them into `data` next to the card's own data. */
  readonly inputs?: Readonly<Record<string, unknown>>;
  /** The activity id of the card the button is on. */
  readonly replyToId: string;
  /** 'manual' (a press), 'automatic' (a refresh), or null to leave it out like the Agents Playground. */
  readonly trigger?: 'manual' | 'automatic' | null;
  /** Extra, unexpected `data` fields (tampering tests). */
  readonly extraData?: Readonly<Record<string, unknown>>;
}

/** A Bot Framework activity as JSON. */
export type ActivityJson = Record<string, unknown> & { type: string; id: string };

/** A fresh conversation id shaped like Teams' for that conversation type. */
export function conversationIdFor(type: ConversationType): string {
  const token = randomBytes(12).toString('hex');
  switch (type) {
    case 'personal':
      return `a:1${token}`;
    case 'groupChat':
      return `19:${token}@thread.v2`;
    case 'channel':
      return `19:${token}@thread.tacv2;messageid=${Date.now()}`;
  }
}

/** A message activity (a user typed `text`). */
export function message(text: string, options: MessageOptions): ActivityJson {
  const mention = `<at>${BOT_ACCOUNT.name}</at>`;
  const entities: Record<string, unknown>[] = [
    { type: 'clientInfo', locale: options.locale ?? 'en-US', country: 'US', platform: 'Web', timezone: 'UTC' },
  ];
  if (options.mentionBot) entities.push({ type: 'mention', mentioned: { ...BOT_ACCOUNT }, text: mention });
  return {
    ...envelope(options),
    type: 'message',
    textFormat: 'plain',
    text: options.mentionBot ? `${mention} ${text}` : text,
    entities,
  };
}

/**
 * An `adaptiveCard/action` invoke for an Action.Execute press: `value.action.data` is the card's data
 * (`requestId`) with the inputs merged in, exactly as Teams sends it.
 */
export function cardAction(verb: string, options: CardActionOptions): ActivityJson {
  const data: Record<string, unknown> = { ...(options.inputs ?? {}), ...(options.extraData ?? {}) };
  if (options.requestId !== undefined && options.requestId !== null) data.requestId = options.requestId;
  const value: Record<string, unknown> = { action: { type: 'Action.Execute', verb, data } };
  const trigger = options.trigger === undefined ? 'manual' : options.trigger;
  if (trigger !== null) value.trigger = trigger;
  const base = envelope(options);
  return {
    ...base,
    type: 'invoke',
    name: 'adaptiveCard/action',
    replyToId: options.replyToId,
    value,
    channelData: {
      ...(base.channelData as Record<string, unknown>),
      source: { name: 'message' },
      legacy: { replyToId: options.replyToId },
    },
  };
}

/** The fields every Teams activity carries. */
function envelope(options: ActivityContext): ActivityJson {
  const type = options.conversationType ?? 'personal';
  const conversationId = options.conversationId ?? conversationIdFor(type);
  const channelData: Record<string, unknown> = {};
  if (options.channelDataTenant !== false) channelData.tenant = { id: options.tenantId };
  if (type === 'channel') {
    const channelId = conversationId.split(';')[0];
    channelData.teamsChannelId = channelId;
    channelData.teamsTeamId = channelId;
    channelData.channel = { id: channelId };
    channelData.team = { id: channelId };
  }
  const now = new Date();
  return {
    type: 'message',
    id: `${now.getTime()}${randomBytes(3).readUIntBE(0, 3)}`,
    timestamp: now.toISOString(),
    localTimestamp: now.toISOString(),
    serviceUrl: options.serviceUrl,
    channelId: 'msteams',
    from: {
      id: options.user.id ?? `29:1${options.user.aadObjectId.replace(/-/g, '')}`,
      name: options.user.name,
      aadObjectId: options.user.aadObjectId,
    },
    conversation: {
      id: conversationId,
      conversationType: type,
      tenantId: options.tenantId,
      ...(type === 'personal' ? {} : { isGroup: true }),
    },
    recipient: { ...BOT_ACCOUNT },
    locale: options.locale ?? 'en-US',
    channelData,
  };
}

/** A random GUID (e.g. another tenant's id). */
export function guid(): string {
  return randomUUID();
}
