/**
 * Which users need a second admin's approval before their password is reset (README, "Four-eyes
 * approval"). Pure; read from the same fresh profile the who-can-reset policy decides on.
 *
 * "Any admin role" means any Microsoft Entra directory role, at any scope, built-in or custom, that the
 * user holds (directly or through a group) or is eligible for through PIM, except the three roles every
 * account has implicitly and nobody can assign (User, Guest User, Restricted Guest User). Read-only roles
 * (Directory Readers, Reports Reader, …) count too: a second admin costs a minute, a missed admin costs
 * the tenant. Membership or ownership of a role-assignable group, active or eligible, counts as a role:
 * such a group exists to carry roles, and its owner can add themselves. Listed groups add their direct
 * members (as Graph's memberOf lists them); a profile whose groups were not read counts as a member.
 */
import type { ApprovalReason } from '../reset/model';
import type { RoleAssignmentView, SecurityProfile } from './profile';
import { normalizeId } from './roles';

/** The implicit roles of every account ("not shown because it can't be used" in Entra's reference). */
export const PLAIN_USER_ROLE_TEMPLATE_IDS: ReadonlySet<string> = new Set([
  'a0b1b346-4d3e-4e8b-98f8-753987be4970', // User
  '10dae51f-b6af-4016-8d66-8c2a99b929b3', // Guest User
  '2af84b1e-32c8-42b7-82bc-daa82404023b', // Restricted Guest User
]);

/** What triggers the approval. */
export interface ApprovalRules {
  /** Users who hold, or are eligible for, any admin role. */
  readonly forAdmins: boolean;
  /** Object ids of groups whose direct members need approval too. */
  readonly groupIds: readonly string[];
}

/** Why `target` needs a second admin's approval; empty when it does not. */
export function approvalReasons(target: SecurityProfile, rules: ApprovalRules): ApprovalReason[] {
  const reasons: ApprovalReason[] = [];
  if (rules.forAdmins) {
    for (const role of target.roleAssignments ?? []) {
      if (countsAsAdmin(role)) reasons.push({ kind: 'role', name: roleName(role) });
    }
    for (const role of target.eligibleRoleAssignments ?? []) {
      if (countsAsAdmin(role)) reasons.push({ kind: 'eligible-role', name: roleName(role) });
    }
    const groups = [
      ...(target.roleAssignableGroupIds ?? []),
      ...(target.eligibleRoleAssignableGroupIds ?? []),
    ];
    if (groups.length > 0) reasons.push({ kind: 'role-assignable-group', name: normalizeId(groups[0]) });
  }
  if (rules.groupIds.length > 0) {
    const listed = new Set(rules.groupIds.map(normalizeId));
    // Groups that were not read cannot prove the user is outside the listed ones: any doubt is "yes".
    const memberOf = target.groupIds === undefined ? [...listed] : target.groupIds.map(normalizeId);
    for (const group of memberOf) {
      if (listed.has(group)) reasons.push({ kind: 'listed-group', name: group });
    }
  }
  return dedupe(reasons);
}

/** A role that makes its holder an admin: anything but the implicit roles of every account. */
function countsAsAdmin(role: RoleAssignmentView): boolean {
  if (!role || typeof role !== 'object') return true;
  return !(role.isBuiltIn === true && PLAIN_USER_ROLE_TEMPLATE_IDS.has(normalizeId(role.roleTemplateId)));
}

function roleName(role: RoleAssignmentView): string {
  const name = typeof role?.roleDisplayName === 'string' ? role.roleDisplayName.trim() : '';
  return name || normalizeId(role?.roleTemplateId) || '?';
}

function dedupe(reasons: readonly ApprovalReason[]): ApprovalReason[] {
  const seen = new Set<string>();
  return reasons.filter((reason) => {
    const key = `${reason.kind}:${reason.name.toLowerCase()}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
