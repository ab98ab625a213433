/**
 * The bounds of the CLI's HTTP client (src/stripe/httpClient.ts), in a module of their own so
 * that the error and retry code can name them without loading node:http.
 */

/** The body was larger than the bound: not retried, reported as such. */
export const RESPONSE_TOO_LARGE = 'PROMO_DOCTOR_RESPONSE_TOO_LARGE';
/** The request was abandoned because the run is stopping (a signal). */
export const ABORTED = 'PROMO_DOCTOR_ABORTED';

/**
 * The largest response body accepted. A page of 100 promotion codes with their coupons
 * expanded is tens of kilobytes; a coupon's `applies_to.products` can list many products,
 * so the bound is generous, and far below what would strain memory.
 */
export const MAX_RESPONSE_BYTES = 32 * 1024 * 1024;
