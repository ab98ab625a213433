/**
 * The Dashboard page of every object a diagnosis names, for links in the Markdown output,
 * OSC 8 hyperlinks in a terminal, and the URLs --verbose prints. Test or live path as the
 * HTML report does (src/render/dashboardLink.ts: one encoded path segment per id, none for a
 * dot segment); no link at all when the data does not say which mode it is in, rather than a
 * guess that opens the wrong account's page.
 *
 * Paths: promotion_codes, coupons, customers, subscriptions and invoices as the HTML report
 * links them; Checkout Sessions under checkout/sessions (not in Stripe's docs: the path the
 * Dashboard shows, as many public projects link it; medium confidence); a failed request's log
 * under logs/<req_id>, the form of Stripe's own `request_log_url`
 * (https://docs.stripe.com/api/errors: "request_log_url: A URL to the request log entry in
 * your dashboard"; high confidence).
 */
import { displayText, isDisplaySafe } from '../format/display.js';
import type { Diagnosis } from '../rules/diagnose.js';
import { dashboardBase, dashboardSegment } from './dashboardLink.js';

export interface ObjectLink {
  /** What the object is, for --verbose: "promotion code", "coupon"… */
  readonly what: string;
  readonly id: string;
  readonly url: string;
}

type Collection =
  | 'promotion_codes'
  | 'coupons'
  | 'customers'
  | 'subscriptions'
  | 'invoices'
  | 'checkout/sessions'
  | 'logs';

const WHAT: Record<Collection, string> = {
  promotion_codes: 'promotion code',
  coupons: 'coupon',
  customers: 'customer',
  subscriptions: 'subscription',
  invoices: 'invoice',
  'checkout/sessions': 'Checkout Session',
  logs: 'request log',
};

/** Test or live, from the first object that says; null when none does. */
function livemodeOf(d: Diagnosis): boolean | null {
  const order = d.checkout_session ?? d.invoice;
  const candidates: Array<boolean | null | undefined> = [
    d.promotion_code?.livemode,
    d.coupon?.kind === 'coupon' ? d.coupon.livemode : null,
    d.promotion_code?.coupon?.kind === 'coupon' ? d.promotion_code.coupon.livemode : null,
    d.customer?.kind === 'customer' ? d.customer.livemode : null,
    order?.livemode,
    ...(d.matches ?? []).map((m) => m.promotion_code?.livemode),
  ];
  for (const c of candidates) if (typeof c === 'boolean') return c;
  // A Checkout Session's id says its mode (cs_test_…, cs_live_…), as does the log URL Stripe gave.
  const cs = /^cs_(test|live)_/.exec(d.checkout_session?.id ?? '');
  if (cs) return cs[1] === 'live';
  const log = d.stripe_error?.request_log_url;
  if (log && /^https:\/\/dashboard\.stripe\.com\/test\/logs\//.test(log)) return false;
  if (log && /^https:\/\/dashboard\.stripe\.com\/logs\//.test(log)) return true;
  return null;
}

/** The request id of Stripe's request_log_url, if it is the Dashboard's log URL. */
function requestIdOf(d: Diagnosis): string | null {
  const fromUrl = /^https:\/\/dashboard\.stripe\.com\/(?:test\/)?logs\/(req_[A-Za-z0-9]+)(?:[?#].*)?$/.exec(
    d.stripe_error?.request_log_url ?? '',
  );
  const id = fromUrl?.[1] ?? d.failed_request?.request_id ?? null;
  return id !== null && /^req_[A-Za-z0-9]+$/.test(id) ? id : null;
}

export function objectLinks(d: Diagnosis): ObjectLink[] {
  const livemode = livemodeOf(d);
  if (livemode === null) return [];
  const base = dashboardBase(livemode);
  const links: ObjectLink[] = [];
  const add = (collection: Collection, id: string | null | undefined): void => {
    if (!id || links.some((l) => l.id === id)) return;
    // An id that would not show as it is (controls, 200+ characters) is not worth a link.
    if (!isDisplaySafe(id)) return;
    const segment = dashboardSegment(id);
    if (segment === null) return;
    links.push({ what: WHAT[collection], id, url: `${base}${collection}/${segment}` });
  };
  const linkCoupon = (c: Diagnosis['coupon']): void => {
    if (c && c.kind !== 'deleted') add('coupons', c.id);
  };
  for (const one of [d, ...(d.matches ?? [])]) {
    add('promotion_codes', one.promotion_code?.id);
    linkCoupon(one.promotion_code?.coupon ?? null);
  }
  linkCoupon(d.coupon ?? null);
  if (d.customer && d.customer.kind !== 'deleted') add('customers', d.customer.id);
  const restricted = d.promotion_code?.customer;
  if (restricted && restricted.kind !== 'deleted') add('customers', restricted.id);
  add('subscriptions', d.subscription?.id);
  for (const { discount } of d.discounts ?? []) {
    linkCoupon(discount.coupon);
    const code = discount.promotion_code;
    if (code && typeof code === 'object' && 'id' in code && code.kind !== 'deleted') add('promotion_codes', code.id);
    add('subscriptions', discount.subscription);
  }
  const order = d.checkout_session ?? d.invoice;
  if (order?.kind === 'invoice' && !order.preview) add('invoices', order.id);
  if (order?.kind === 'checkout_session') add('checkout/sessions', order.id);
  if (order?.customer?.startsWith('cus_')) add('customers', order.customer);
  if (order?.subscription) add('subscriptions', order.subscription);
  add('logs', requestIdOf(d));
  return links;
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');

/** What may stand right before an id: nothing, or a non-word character, or an ANSI colour code. */
const BEFORE = '(?<=^|[^A-Za-z0-9_\\-\\\\]|\\x1b\\[[0-9;]*m)';
/**
 * A coupon id is whatever its creator typed (TENOFF, SPRING): it is linked only right after the
 * word "coupon" (the coupon TENOFF; Coupon: TENOFF; | Coupon | TENOFF), never where the same
 * letters are a code or a word.
 */
const AFTER_COUPON = '(?<=\\b[Cc]oupon(?::|\\s\\|)?(?:\\x1b\\[[0-9;]*m)?\\s)';

/**
 * Every whole occurrence of a linked id in `text` (as `shown` writes it) replaced by
 * `wrap(shownId, url)`: longest ids first, so no link lands inside another; an id counts only
 * where no letter, digit, `_` or `-` touches it (an ANSI colour code before it does not).
 */
export function linkIds(
  text: string,
  links: readonly ObjectLink[],
  wrap: (shownId: string, url: string) => string,
  shown: (id: string) => string = (id) => id,
  /** Ids linked already (in an earlier line): given, each id is linked once, where it first appears. */
  once?: Set<string>,
): string {
  let out = text;
  for (const coupons of [false, true]) {
    const group = links.filter((l) => (l.what === 'coupon') === coupons);
    if (group.length === 0) continue;
    const byShown = new Map(group.map((l) => [shown(l.id), l.url] as const));
    const alternatives = [...byShown.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp);
    const pattern = new RegExp(`${coupons ? AFTER_COUPON : BEFORE}(${alternatives.join('|')})(?![A-Za-z0-9_-])`, 'g');
    out = out.replace(pattern, (match: string) => {
      const url = byShown.get(match);
      if (url === undefined || once?.has(match)) return match;
      once?.add(match);
      return wrap(match, url);
    });
  }
  return out;
}

/** A Markdown link; the URL is percent-encoded already, and parentheses are encoded too so none closes it. */
export function markdownLink(text: string, url: string): string {
  return `[${text}](${url.replace(/\(/g, '%28').replace(/\)/g, '%29')})`;
}

/**
 * An OSC 8 hyperlink (https://gist.github.com/egmontkob/eb114294efbcd5adb1944c9f3cb5feda):
 * ESC ] 8 ; ; URL ST text ESC ] 8 ; ; ST. The URL holds only printable ASCII (encoded
 * segments after a fixed base), so it cannot end the sequence early.
 */
export function osc8Link(text: string, url: string): string {
  if (!/^[\x21-\x7e]+$/.test(url)) return text;
  return `\x1b]8;;${url}\x1b\\${text}\x1b]8;;\x1b\\`;
}

/** --verbose: the Dashboard page of every object, as URLs to copy (a terminal without OSC 8, a log). */
export function renderDashboardUrls(links: readonly ObjectLink[], dim: (text: string) => string): string {
  if (links.length === 0) return '';
  const width = Math.max(...links.map((l) => l.what.length + 1 + l.id.length));
  const rows = links.map((l) => {
    const label = `${l.what} ${displayText(l.id)}`;
    return `  ${label.padEnd(width)}  ${dim(l.url)}`;
  });
  return `\nDashboard\n${rows.join('\n')}\n`;
}
