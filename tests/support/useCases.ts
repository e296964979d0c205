/**
 * What the use-case tests (tests/reset/) build again and again around the in-memory ports: the role
 * template ids their people hold, a role by name, the Teams actor of a profile, a card action pressed on a
 * card, and the audit trail read back as its list of actions.
 */
import type { RoleAssignmentView, SecurityProfile } from '../../src/policy/profile';
import type { Actor, CardAction } from '../../src/reset/types';
import type { MemoryRequestStore } from './memoryPorts';

/** Entra's built-in role template ids. */
export const RoleIds = {
  GLOBAL: '62e90394-69f5-4237-9190-012177145e10',
  PRIV_AUTH: '7be44c8a-adaf-4e2a-84d6-ab2649e08a13',
  AUTH: 'c4e39bd9-1100-46d3-8c65-fb160da0071f',
  USER_ADMIN: 'fe930be7-5e62-47db-91af-98c3a49a38b1',
  HELPDESK: '729827e3-9c14-49f7-bb1b-9608f156bbb8',
  PASSWORD: '966707d0-3269-4727-9be2-8c3a10f19b9d',
} as const;

/** A tenant-wide, direct assignment of a built-in role, with its name (as the approval card shows it). */
export function namedRole(roleTemplateId: string, roleDisplayName: string): RoleAssignmentView {
  return { roleTemplateId, isBuiltIn: true, roleDisplayName, directoryScopeId: '/', viaGroupId: null };
}

/** The Teams user a profile stands for. */
export function actorOf(p: SecurityProfile): Actor {
  return {
    aadObjectId: p.user.id,
    teamsUserId: `29:${p.user.displayName}`,
    name: p.user.displayName,
    tenantId: 'tenant-1',
  };
}

/** A press (or Teams' automatic refresh) of `verb` on a card, in English, on card-1 unless told. */
export function cardAction(
  verb: string,
  requestId: string | null,
  inputs: Record<string, unknown> = {},
  options: { trigger?: 'manual' | 'automatic'; activityId?: string } = {},
): CardAction {
  return {
    verb,
    requestId,
    inputs,
    trigger: options.trigger ?? 'manual',
    locale: 'en',
    card: { conversationReference: '{}', activityId: options.activityId ?? 'card-1' },
  };
}

/** The actions of the audit records written so far (of one request, when given), in order. */
export function auditActions(requests: MemoryRequestStore, requestId?: string): string[] {
  return requests
    .allRecords()
    .filter((record) => requestId === undefined || record.requestId === requestId)
    .map((record) => record.action);
}
