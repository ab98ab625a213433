/**
 * The head of a failed request's diagnosis, in human text: the request, what it redeemed,
 * and the command that diagnoses the same redemption live.
 */
import { formatMoney } from '../format/money.js';
import type { FailedRequestSummary } from '../rules/diagnose.js';
import type { Palette } from './palette.js';

export function failedRequestHeader(r: FailedRequestSummary, p: Palette): string[] {
  const meta = [r.request_id, r.status === null ? null : String(r.status), r.api_version && `API ${r.api_version}`].filter(Boolean).join(' · ');
  const what = r.redeemed.promotion_code ? `promotion code ${r.redeemed.promotion_code}` : r.redeemed.coupon ? `coupon ${r.redeemed.coupon}` : 'no code or coupon in the request body';
  const order = [
    r.redeemed.customer ? `for ${r.redeemed.customer}` : 'for a guest (no customer)',
    r.redeemed.amount !== null && r.redeemed.currency ? formatMoney(r.redeemed.amount, r.redeemed.currency) : r.redeemed.currency?.toUpperCase(),
    r.redeemed.prices.length > 0 ? `prices ${r.redeemed.prices.join(', ')}` : null,
    r.redeemed.products.length > 0 ? `products ${r.redeemed.products.join(', ')}` : null,
    r.redeemed.trial ? 'starts a trial (a $0 first invoice)' : null,
  ].filter(Boolean);
  return [
    `${p.bold(`Failed request ${r.method} ${r.path}`)}${meta ? p.dim(` · ${meta}`) : ''}`,
    `  redeeming ${what} ${order.join(' · ')}${r.redeemed.surface === 'other' ? '' : p.dim(` (${r.redeemed.surface})`)}`,
    ...(r.check_command ? [`  ${p.dim('diagnose it live:')} ${r.check_command}`] : []),
  ];
}
