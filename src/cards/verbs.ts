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
} as const;
