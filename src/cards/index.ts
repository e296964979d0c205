/** The bot's Adaptive Cards (version 1.5, Action.Execute only), one builder per card. */
export { Verbs, InputIds, isVerb, type Verb, type AuditActionData } from './verbs';
export { formCard, type FormView, type FormTarget } from './formCard';
export type { FormFrame } from './formSections';
export type { OutcomeFrame } from './outcomeCard';
export type { FormChoice } from './nameChoices';
export { choiceCard, type ChoiceView } from './choiceCard';
export { searchFormCard, type SearchFormView } from './searchFormCard';
export { statusCard, type StatusView, type StatusPhase } from './statusCard';
export { resettingCard, type ResettingView } from './resettingCard';
export {
  confirmationCard,
  type ConfirmationView,
  type ConfirmationTarget,
  type TargetOutcome,
} from './confirmationCard';
export { messageCard, typedPasswordCard, unknownCard, type MessageView } from './messageCard';
export { helpCard } from './helpCard';
export { suggestionCard, ranSuggestionCard, type SuggestionView } from './suggestionCard';
export {
  auditCard,
  auditChoiceCard,
  AUDIT_DATA_KEYS,
  AUDIT_PAGE_SIZE,
  type AuditView,
  type AuditEntryView,
  type AuditListing,
  type EntryTone,
} from './auditCard';
export {
  auditDetailsCard,
  auditGoneCard,
  type AuditDetailsView,
  type AuditStepView,
} from './auditDetailsCard';
export {
  approvalCard,
  approvalStatusCard,
  type ApprovalCardView,
  type ApprovalChange,
  type ApprovalPhase,
  type ApprovalStatusView,
  type ApprovalStatusPhase,
  type ApprovalTarget,
} from './approvalCard';
export { tapFormCard, type TapFormView, type TapFormField } from './tapFormCard';
export {
  tapConfirmationCard,
  type TapConfirmationView,
  type TapConfirmationTarget,
  type TapOutcome as TapTargetOutcome,
} from './tapConfirmationCard';
