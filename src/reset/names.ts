/**
 * How long a name can be. Entra caps a user's displayName at 256 characters (Graph user resource), a UPN
 * at 113 and an address at 254, so a longer query cannot match anyone: it is refused before any Graph
 * call, and never reaches a URL that Graph would answer with 414 or 431.
 */

/** The longest display name Entra allows, counted as Graph counts (UTF-16 code units). */
export const MAX_NAME_LENGTH = 256;

/** The first name no user can have because it is longer than any name Entra allows, or undefined. */
export function overlongName(names: readonly string[]): string | undefined {
  return names.find((name) => name.trim().length > MAX_NAME_LENGTH);
}
