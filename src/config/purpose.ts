/**
 * A purpose must say what problem the camera addresses. Regulators refuse
 * "for your safety" and bare "security" as not specific enough (EDPB
 * Guidelines 3/2019 ¶15; PIPA s.11), so Premises refuses them too. Shared by
 * config validation and the run-time consent gates.
 */

/** Words that, on their own, name no problem. */
const VAGUE_WORDS = new Set([
  'security',
  'secure',
  'safety',
  'safe',
  'monitoring',
  'monitor',
  'surveillance',
  'protection',
  'protect',
  'cctv',
  'video',
  'recording',
  'prevention',
  'crime',
  'general',
  'business',
  'operations',
  'operational',
  'quality',
  'everything',
  'misc',
  'miscellaneous',
  'other',
]);

/** Filler that adds no specificity ("for your safety", "security purposes"). */
const FILLER_WORDS = new Set([
  'a', 'an', 'and', 'or', 'the', 'of', 'for', 'to', 'in', 'on', 'at', 'our', 'your', 'their', 'my', 'we', 'you', 'ensure',
  'ensuring', 'provide', 'providing', 'improve', 'improving', 'purpose', 'purposes', 'reason', 'reasons', 'premises',
  'site', 'store', 'restaurant', 'shop', 'everyone', 'people', 'customers', 'customer', 'staff', 'employees', 'all',
]);

export const VAGUE_PURPOSE_HINT =
  'name the problem the camera addresses, e.g. "investigate till discrepancies and theft at the cash desk" or ' +
  '"identify people who break in after closing"';

/** Undefined when the purpose is specific enough; otherwise why it is refused. */
export function vaguePurposeReason(purpose: string): string | undefined {
  const words = purpose
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
  const meaningful = words.filter((w) => !FILLER_WORDS.has(w));
  if (meaningful.length === 0 || meaningful.every((w) => VAGUE_WORDS.has(w))) {
    return `"${purpose}" is not a specific purpose (regulators refuse bare "security", "safety" or "monitoring"): ${VAGUE_PURPOSE_HINT}`;
  }
  return undefined;
}
