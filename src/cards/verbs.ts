/** Every Action.Execute verb the bot's cards use: the public card-action contract (README, "Card actions"). */
export const Verbs = {
  search: 'reset.search',
  submit: 'reset.submit',
  cancel: 'reset.cancel',
  resendMail: 'reset.resendMail',
  refresh: 'reset.refresh',
  /** A "Did you mean" card's button: runs the suggested command as if it had been typed. */
  run: 'reset.run',
  /** The approval card's buttons (README, "Four-eyes approval"): another admin decides. */
  approve: 'approval.approve',
  decline: 'approval.decline',
  /** The Temporary Access Pass form's button (cancel, refresh and resend are the reset's verbs). */
  tapSubmit: 'tap.submit',
  /** An audit card's next page (or the newest, without a cursor), or a user chosen among several. */
  auditMore: 'audit.more',
  /** The steps of one audit entry. */
  auditDetails: 'audit.details',
  /** Mails the entries of an audit card's filters as a CSV file (a one-time link). */
  auditExport: 'audit.export',
} as const;

/** One of the verbs above. */
export type Verb = (typeof Verbs)[keyof typeof Verbs];

/** True when `value` is one of our verbs (an invoke may carry anything). */
export function isVerb(value: unknown): value is Verb {
  return typeof value === 'string' && (Object.values(Verbs) as string[]).includes(value);
}

/** Ids of the inputs the form posts: also part of the public contract. */
export const InputIds = {
  query: 'query',
  passwordMode: 'passwordMode',
  customPassword: 'customPassword',
  forceChange: 'forceChange',
  revokeSessions: 'revokeSessions',
  recipients: 'recipients',
  /** The Temporary Access Pass form: lifetime in minutes, one-time use, start (UTC date and time). */
  tapLifetime: 'tapLifetime',
  tapUsableOnce: 'tapUsableOnce',
  tapStartDate: 'tapStartDate',
  tapStartTime: 'tapStartTime',
  /**
   * A name of a bulk request that matched several users: `choice1`, `choice2`… (in the order the names were
   * typed), each the UPN of the user chosen or `none`.
   */
  choicePrefix: 'choice',
} as const;

/**
 * What an audit card's buttons carry in `data`: the filters of the listing (no authority: what a page shows
 * is decided on the server with the presser's fresh roles), a position, and the entry a Details button is
 * about.
 */
export interface AuditActionData {
  /** Prefix of the users' UPN. */
  readonly user?: string;
  /** Prefix of the requester's UPN. */
  readonly by?: string;
  /** ISO instants. */
  readonly since?: string;
  readonly until?: string;
  /** The language of the command that made the card. */
  readonly lang?: 'en' | 'ja';
  /** An opaque position in the listing. */
  readonly cursor?: string;
  /** The position of the page a Details card returns to. */
  readonly page?: string;
  /** Entries shown before the page (for "Entries 11–20"). */
  readonly shown?: number;
  readonly requestId?: string;
  readonly targetId?: string;
  /** An entry about a name that matched nobody: its position among the request's unresolved names. */
  readonly name?: number;
}
