/**
 * The fair comparison for `promo-doctor audit` (issue 11): the loop a developer writes by hand
 * with the stripe SDK, `for await (const code of stripe.promotionCodes.list(…))`, with the
 * same `expand` as promo-doctor (coupons inline, no request per code). It pages one page
 * after another, as the SDK's auto-pagination does. Run by bench/run.mjs as a child process,
 * so it pays the same process and network costs.
 *
 * At one request at a time and 400 ms a round trip it stays far under the fake's 25/s, so
 * stripe-node's lack of 429 retries (it retries 409, 5xx and `Stripe-Should-Retry: true`)
 * never matters here; maxNetworkRetries 2 covers the rest.
 *
 * usage: node bench/sdkLoop.mjs <api base url>
 * prints one JSON line: { codes, ms }
 */
import Stripe from 'stripe';

const [base] = process.argv.slice(2);
if (!base) {
  console.error('usage: node bench/sdkLoop.mjs <api base url>');
  process.exit(2);
}
const url = new URL(base);
const stripe = new Stripe(process.env.STRIPE_API_KEY ?? 'sk_test_fake', {
  host: url.hostname,
  port: Number(url.port),
  protocol: url.protocol.replace(':', ''),
  maxNetworkRetries: 2,
  telemetry: false,
});

// The paths of PROMOTION_CODE_EXPAND in src/stripe/reader.ts, on a list.
const expand = [
  'data.promotion.coupon',
  'data.promotion.coupon.applies_to',
  'data.promotion.coupon.currency_options',
  'data.restrictions.currency_options',
  'data.customer',
];

const started = performance.now();
let codes = 0;
for await (const code of stripe.promotionCodes.list({ limit: 100, expand })) {
  if (code.id) codes++;
}
console.log(JSON.stringify({ codes, ms: performance.now() - started }));
