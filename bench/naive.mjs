/**
 * The naive audit the benchmark compares promo-doctor with (run by bench/run.mjs as a child
 * process, so both strategies pay the same process and network costs):
 * list the promotion codes WITHOUT expanding their coupons, then retrieve the coupon of every
 * code (with applies_to and currency_options, which the rules need), 10 at a time.
 *
 * To be fair to it, coupon retrievals start as soon as a page of ids arrives (a pool of 10
 * workers) instead of waiting for the whole list.
 *
 * usage: node bench/naive.mjs <api base url> <max codes> [concurrency]
 * prints one JSON line: { codes, listRequests, couponRequests, notFound, ms }
 */
import Stripe from 'stripe';

const [base, maxCodesText, concurrencyText] = process.argv.slice(2);
if (!base || !maxCodesText) {
  console.error('usage: node bench/naive.mjs <api base url> <max codes> [concurrency]');
  process.exit(2);
}
const url = new URL(base);
const maxCodes = Number(maxCodesText);
const concurrency = Number(concurrencyText ?? 10);
const stripe = new Stripe(process.env.STRIPE_API_KEY ?? 'sk_test_fake', {
  host: url.hostname,
  port: Number(url.port),
  protocol: url.protocol.replace(':', ''),
  maxNetworkRetries: 0,
  telemetry: false,
});

/** A tiny async queue: the lister pushes coupon ids, the workers take them. */
const items = [];
const waiters = [];
let closed = false;
const push = (id) => (waiters.length > 0 ? waiters.shift()(id) : items.push(id));
const close = () => {
  closed = true;
  for (const wake of waiters.splice(0)) wake(undefined);
};
const next = () =>
  items.length > 0
    ? Promise.resolve(items.shift())
    : closed
      ? Promise.resolve(undefined)
      : new Promise((resolve) => waiters.push(resolve));

let listRequests = 0;
let couponRequests = 0;
let notFound = 0;
let codes = 0;

async function worker() {
  for (let id = await next(); id !== undefined; id = await next()) {
    couponRequests++;
    try {
      await stripe.coupons.retrieve(id, { expand: ['applies_to', 'currency_options'] });
    } catch (error) {
      if (error?.statusCode !== 404) throw error;
      notFound++; // a deleted coupon
    }
  }
}

async function list() {
  let startingAfter;
  try {
    while (codes < maxCodes) {
      const page = await stripe.promotionCodes.list({
        limit: 100,
        ...(startingAfter ? { starting_after: startingAfter } : {}),
      });
      listRequests++;
      for (const code of page.data.slice(0, maxCodes - codes)) {
        const coupon = code.promotion?.coupon ?? code.coupon;
        push(typeof coupon === 'string' ? coupon : coupon.id);
        codes++;
      }
      if (!page.has_more || page.data.length === 0) break;
      startingAfter = page.data.at(-1).id;
    }
  } finally {
    close();
  }
}

const started = performance.now();
await Promise.all([list(), ...Array.from({ length: concurrency }, () => worker())]);
console.log(JSON.stringify({ codes, listRequests, couponRequests, notFound, ms: performance.now() - started }));
