/**
 * The details of a failed request's answer: what it redeemed, and the command that
 * diagnoses the same redemption live. Plain facts: the renderers tone and lay them out.
 */
import type { FailedRequestSummary } from '../rules/diagnose.js';
import type { Fact } from './fact.js';

/** "req_1 · 400 · API 2024-06-20": what identifies the request in the Dashboard. */
export function failedRequestMeta(r: FailedRequestSummary): string | null {
  return (
    [r.request_id, r.status === null ? null : String(r.status), r.api_version && `API ${r.api_version}`]
      .filter(Boolean)
      .join(' · ') || null
  );
}

export function failedRequestDetails(r: FailedRequestSummary): Fact[] {
  const what = r.redeemed.promotion_code
    ? `promotion code ${r.redeemed.promotion_code}`
    : r.redeemed.coupon
      ? `coupon ${r.redeemed.coupon}`
      : 'no code or coupon in the request body';
  const extra = [
    r.redeemed.customer ? null : 'for a guest (no customer)',
    r.redeemed.prices.length > 0 ? `prices ${r.redeemed.prices.join(', ')}` : null,
    r.redeemed.trial ? 'starts a trial (a $0 first invoice)' : null,
    r.redeemed.surface === 'other' ? null : `(${r.redeemed.surface})`,
  ].filter(Boolean);
  return [
    { label: 'Redeeming', value: [what, ...extra].join(' · ') },
    ...(r.check_command ? [{ label: 'Diagnose it live', value: r.check_command, command: true }] : []),
  ];
}
