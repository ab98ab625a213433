/**
 * Stripe errors that are not about a discount (issue 17, item 4): a declined card, a bad API key,
 * a rate limit, an idempotency conflict, Stripe's own failure. No discount rule is involved, so
 * promo-doctor says what they are in a plain sentence and never "Not redeemable"; explain exits 2
 * (the input is not a discount refusal: README "Exit codes", docs/decisions.md).
 *
 * Types and codes are Stripe's (https://docs.stripe.com/error-codes; the error types api_error,
 * card_error, idempotency_error, invalid_request_error as stripe-node types StripeRawError.type;
 * sure). Authentication and rate limits come as status 401 and 429 with the codes below
 * (stripe-node maps them to StripeAuthenticationError and StripeRateLimitError; sure).
 */
import type { StripeErrorFacts } from '../model/types.js';

const KINDS: ReadonlyArray<{
  readonly test: (e: StripeErrorFacts, status: number | null) => boolean;
  readonly what: string;
}> = [
  { test: (e) => e.type === 'card_error', what: 'a card payment failure' },
  {
    test: (e, status) =>
      e.type === 'authentication_error' ||
      status === 401 ||
      /^(api_key_expired|secret_key_required|platform_api_key_expired)$/.test(e.code ?? '') ||
      /^(Invalid API Key provided|No API key provided|Expired API Key provided)/i.test(e.message),
    what: 'an authentication failure (the API key)',
  },
  {
    test: (e, status) =>
      e.type === 'rate_limit_error' || status === 429 || e.code === 'rate_limit' || e.code === 'lock_timeout',
    what: 'a rate limit (too many requests at once)',
  },
  {
    test: (e) => e.type === 'idempotency_error' || /^idempotency_/.test(e.code ?? ''),
    what: 'an idempotency conflict (a key reused with other parameters, or still in use)',
  },
  {
    test: (e, status) => e.type === 'api_error' || (status !== null && status >= 500),
    what: "an error on Stripe's side",
  },
];

/**
 * The plain sentence for an error that is not about a discount, or null when it may be one
 * (an invalid_request_error: the refusal table decides).
 */
export function nonDiscountError(error: StripeErrorFacts, status: number | null = null): string | null {
  const kind = KINDS.find((k) => k.test(error, status));
  if (!kind) return null;
  const what = [error.type, error.code].filter(Boolean).join(', ');
  const said = error.message.replace(/[.\s]+$/, '').slice(0, 60);
  return `This Stripe error${what ? ` (${what})` : ''} is ${kind.what}, not a discount refusal: no promotion code or coupon rule is involved ("${said}").`;
}
