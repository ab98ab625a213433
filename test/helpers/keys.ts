/**
 * The API keys of the tests: recognisable, so a leak of any of them is easy to find. They
 * share the distinctive middle "PromoDoctorLeakCheck", which no masked form contains.
 */
/** The test-mode secret key every run uses unless told otherwise. */
export const KEY = 'sk_test_51PromoDoctorLeakCheck9876';
/** How --debug may show it: prefix and the last four characters. */
export const KEY_MASKED = 'sk_test_…9876';
export const LIVE_KEY = 'sk_live_51PromoDoctorLeakCheckLive5678';
/** A restricted test-mode key; its permissions are set per scenario. */
export const RESTRICTED_KEY = 'rk_test_51PromoDoctorLeakCheckRt9012';
export const RK_LIVE_KEY = 'rk_live_51PromoDoctorLeakCheckRk4321';
export const RK_LIVE_KEY_MASKED = 'rk_live_…4321';
/** A well-formed key the fake does not accept (Stripe answers 401). */
export const UNKNOWN_KEY = 'sk_test_51PromoDoctorLeakCheckGone5555';
export const UNKNOWN_KEY_MASKED = 'sk_test_…5555';
/** A publishable key, refused before any request. */
export const PUBLISHABLE_KEY = 'pk_test_51PromoDoctorLeakCheckPub7777';

const SECRET_KEYS = [KEY, LIVE_KEY, RESTRICTED_KEY, RK_LIVE_KEY, UNKNOWN_KEY];

/**
 * What a leak of any of these keys looks like: the keys themselves, their distinctive middle,
 * and the HTTP Basic form (base64 of "key:").
 */
export const LEAK_MARKERS: readonly string[] = [
  ...SECRET_KEYS,
  PUBLISHABLE_KEY,
  'PromoDoctorLeakCheck',
  ...SECRET_KEYS.map((key) => Buffer.from(`${key}:`).toString('base64')),
];
