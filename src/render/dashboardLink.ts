/**
 * Links into the Stripe Dashboard for an object: `<base><collection>/<id>`. The id is data
 * from Stripe (a coupon id is whatever someone typed when creating it), so it is one encoded
 * path segment, never a path: `coupons/../../settings/team?x=` must not resolve elsewhere
 * (issue 18, defect 9). encodeURIComponent escapes `/`, `?`, `#`, `%` and `\`, but not `.`,
 * and the URL parser reads a segment of `.` or `..` (or `%2e`, `.%2e`, ...) as a dot segment
 * whatever its encoding (https://url.spec.whatwg.org/#single-dot-path-segment): such an id
 * gets no link at all.
 */

/** Test-mode data sits under the Dashboard's /test/ paths (https://docs.stripe.com/test-mode). */
export function dashboardBase(livemode: boolean): string {
  return livemode ? 'https://dashboard.stripe.com/' : 'https://dashboard.stripe.com/test/';
}

export type DashboardCollection = 'promotion_codes' | 'coupons' | 'customers' | 'subscriptions' | 'invoices';

/** One path segment for `id`, or null when no encoding keeps it from being a dot segment. */
export function dashboardSegment(id: string): string | null {
  if (id === '' || /^\.{1,2}$/.test(id)) return null;
  // encodeURIComponent throws on a lone surrogate (JSON can carry one as "\ud800"): such an
  // id is no Stripe id, and its page cannot be named.
  if (/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(id)) return null;
  return encodeURIComponent(id);
}

/** The Dashboard page of an object, or null when its id cannot be one path segment. */
export function dashboardUrl(base: string, collection: DashboardCollection, id: string): string | null {
  const segment = dashboardSegment(id);
  return segment === null ? null : `${base}${collection}/${segment}`;
}
