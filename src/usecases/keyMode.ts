/**
 * The key's mode as the use cases speak of it. A reader built on the library's Stripe client
 * does not know it; Stripe's "similar object exists in live mode" 404 does, by implication.
 */
import type { Detection, FindingObject } from '../rules/findings.js';
import { otherModeAnswer } from '../rules/modeRules.js';
import type { StripeReader } from '../stripe/reader.js';

/** Stripe names the mode the object exists in; the key is of the other one. */
export function keyModeFacing(reader: StripeReader, objectMode: 'test' | 'live'): 'test' | 'live' {
  return reader.keyMode ?? (objectMode === 'live' ? 'test' : 'live');
}

/** "in this account (test mode)", or "in this account" when the mode is unknown. */
export function inThisAccount(reader: StripeReader): string {
  return reader.keyMode ? `in this account (${reader.keyMode} mode)` : 'in this account';
}

/** `livemode_mismatch` for what Stripe answered exists only in the other mode (a lookup's `other_mode`). */
export function otherModeDetection(
  reader: StripeReader,
  query: string,
  answer: { readonly mode: 'test' | 'live'; readonly message: string },
  object?: FindingObject,
): Detection<'livemode_mismatch'> {
  return otherModeAnswer(query, answer.mode, keyModeFacing(reader, answer.mode), answer.message, object);
}
