/**
 * The version of the signs' own wording (sign-text.ts), and why each version
 * changed. A sign's content carries the version it was printed with, so
 * when the wording changes the Compliance page can tell the owner why a
 * posted sign must be reprinted ("the sign's wording changed: …") instead of
 * leaving them to guess. test/unit/sign-wording.test.ts holds a fingerprint
 * of the catalog's output and fails when the wording changes without a new
 * entry here.
 */
export interface WordingChange {
  version: number;
  /** In plain words, for the owner: what the reprinted sign says differently. */
  reason: string;
}

export const SIGN_WORDING_CHANGES: readonly WordingChange[] = [
  { version: 1, reason: 'the first printed wording' },
  {
    version: 2,
    reason:
      'it now says truthfully whether the cameras are on a closed network of their own, can be printed in French, Spanish and Chinese, and lists your rights and where to complain where the law asks for it',
  },
];

export const SIGN_WORDING: WordingChange = SIGN_WORDING_CHANGES[SIGN_WORDING_CHANGES.length - 1] as WordingChange;

/** Why the wording changed since `printed` (1 when the print predates versions), newest last. */
export function wordingChangesSince(printed: number): string[] {
  return SIGN_WORDING_CHANGES.filter((c) => c.version > printed).map((c) => c.reason);
}
