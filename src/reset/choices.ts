/**
 * The submit of a bulk form with names that matched several users: each `choice<n>` input names one of
 * the users stored for that name (or `none`, the name left out); nothing else is accepted. The users chosen
 * become targets of the request, to be authorized by the engine against fresh roles like any other.
 */
import { InputIds } from '../cards';
import type { ResetRequest } from './model';

/** The request with the chosen users as targets, or `ok: false` when a name has no valid answer. */
export function applyChoices(
  request: ResetRequest,
  inputs: Readonly<Record<string, unknown>>,
): { ok: true; request: ResetRequest } | { ok: false } {
  if (!request.choices?.some((choice) => choice.chosen === undefined)) return { ok: true, request };
  const next = structuredClone(request);
  for (const [index, choice] of (next.choices ?? []).entries()) {
    if (choice.chosen !== undefined) continue;
    const raw = inputs[`${InputIds.choicePrefix}${index + 1}`];
    const value = typeof raw === 'string' ? raw.trim().toLowerCase() : '';
    if (value === 'none') {
      choice.chosen = null;
      continue;
    }
    const candidate = choice.candidates.find((c) => c.userPrincipalName.toLowerCase() === value);
    if (!candidate) return { ok: false };
    choice.chosen = candidate.userPrincipalName;
    if (next.targets.some((target) => target.userId === candidate.userId)) continue;
    next.targets.push({
      userId: candidate.userId,
      displayName: candidate.displayName,
      userPrincipalName: candidate.userPrincipalName,
      accountEnabled: candidate.accountEnabled,
      // A bulk form suggests only the requester's own address.
      suggestedRecipients: [],
      state: 'pending',
    });
  }
  // Every name left out and nobody else to reset: nothing to submit.
  if (!next.targets.some((target) => target.state !== 'refused')) return { ok: false };
  return { ok: true, request: next };
}
