/**
 * What a failed password change means for the admin: the code the confirmation shows for it, and
 * whether the password may have changed anyway. Pure, so every path that changes a password (the run,
 * recovery, a future engine) tells the same truth.
 */
import { ErrorCodes, GraphError, toAppError, type ErrorCode } from '../errors';

/** The code to show for a failed PATCH of a user's passwordProfile. */
export function resetFailureCode(error: unknown): ErrorCode {
  const failure = toAppError(error);
  if (failure instanceof GraphError) {
    // The PATCH carries nothing but the password and the must-change flag, so a 400 to it is Entra's
    // password policy (complexity, banned words) refusing the password.
    if (failure.code === ErrorCodes.GRAPH_BAD_REQUEST) return ErrorCodes.PASSWORD_REJECTED;
    // 5xx, a timeout or a dropped connection: Graph may have applied what it did not confirm.
    if (failure.ambiguous) return ErrorCodes.GRAPH_UNAVAILABLE;
  }
  return failure.code;
}

/**
 * True when a target whose reset failed with `code` may nevertheless have a new password: Graph did not
 * answer, so nobody knows. Every other failure code means the password was not changed.
 */
export function passwordMayHaveChanged(code: string | undefined): boolean {
  return code === ErrorCodes.GRAPH_UNAVAILABLE;
}
