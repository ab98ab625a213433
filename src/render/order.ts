/**
 * The head of a Checkout Session's or invoice's diagnosis, in human text: the order, its
 * amounts, and what each discount took off.
 */
import { formatMoney } from '../format/money.js';
import type { Order } from '../model/order.js';
import type { Palette } from './palette.js';

export const ORDER_NAMES: Record<Order['kind'], string> = { checkout_session: 'Checkout Session', invoice: 'Invoice' };

export function orderHeader(o: Order, p: Palette): string[] {
  const money = (amount: number | null) => (amount === null || o.currency === null ? null : formatMoney(amount, o.currency));
  const name = o.preview ? 'Invoice preview' : ORDER_NAMES[o.kind];
  const meta = [o.status, o.customer ? `customer ${o.customer}` : o.kind === 'checkout_session' ? 'guest (no customer)' : null].filter(Boolean).join(' · ');
  const amounts = [money(o.subtotal) && `subtotal ${money(o.subtotal)}`, money(o.total_discount) && `discounts −${money(o.total_discount)}`, money(o.total) && `total ${money(o.total)}`].filter(Boolean);
  return [
    `${p.bold(`${name} ${o.id === 'invoice_preview' ? '' : o.id}`.trim())}${meta ? p.dim(` · ${meta}`) : ''}`,
    ...(amounts.length > 0 ? [`  ${amounts.join(' · ')}`] : []),
    ...o.discounts.map((d) => {
      const what = [d.discount.promotion_code && `promotion code ${d.discount.promotion_code.id}`, d.discount.coupon && `coupon ${d.discount.coupon.id}`].filter(Boolean).join(', ') || `discount ${d.discount.id ?? ''}`;
      return `  ${what}: ${d.amount === null ? 'amount not in the data' : `took off ${money(d.amount) ?? d.amount}`}`;
    }),
    ...(o.discounts.length === 0 ? [`  ${p.dim('no discount applied')}`] : []),
  ];
}
