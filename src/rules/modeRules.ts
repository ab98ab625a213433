/**
 * Test mode and live mode are separate: an object of one mode is invisible to a key of the other,
 * and Stripe's 404 then says "a similar object exists in live mode, but a test mode key was used"
 * (https://docs.stripe.com/keys, "test mode and live mode"; the 404's wording is observed in
 * public issues, sure). The rule is a pure function of the two modes, so its remedy (a key of the
 * object's mode) is checked by judging again with the key's mode changed (test/properties/trust.test.ts).
 */
import { type Detection, detect, type FindingObject } from './findings.js';

export type Mode = 'test' | 'live';

export const otherMode = (mode: Mode): Mode => (mode === 'live' ? 'test' : 'live');

/** `livemode_mismatch` when the object's mode is not the key's; null when they agree. */
export function livemodeMismatch(
  query: string,
  objectMode: Mode,
  keyMode: Mode,
  stripeMessage: string,
  object?: FindingObject,
): Detection<'livemode_mismatch'> | null {
  if (objectMode === keyMode) return null;
  return detect(
    'livemode_mismatch',
    query,
    { query, key_mode: keyMode, object_mode: objectMode, stripe_message: stripeMessage },
    object,
  );
}

/**
 * Stripe answered that the object exists only in `objectMode`: the key is of the other mode,
 * whatever the key's prefix seemed to say (Stripe's answer is the authority).
 */
export function otherModeAnswer(
  query: string,
  objectMode: Mode,
  keyMode: Mode,
  stripeMessage: string,
  object?: FindingObject,
): Detection<'livemode_mismatch'> {
  // Modes that differ always give a detection.
  const key = keyMode === objectMode ? otherMode(objectMode) : keyMode;
  return livemodeMismatch(query, objectMode, key, stripeMessage, object)!;
}
