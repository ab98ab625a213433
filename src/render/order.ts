/**
 * The details of a Checkout Session's or invoice's answer: the order, its amounts, and what
 * each discount took off. Plain facts: the renderers tone and lay them out.
 */
import { formatMoney } from '../format/money.js';
import type { Order } from '../model/order.js';
import type { Fact } from './fact.js';

const ORDER_NAMES: Record<Order['kind'], string> = {
  checkout_session: 'Checkout Session',
  invoice: 'Invoice',
  payment_link: 'Payment Link',
};

/** "Checkout Session cs_…", "Invoice preview". */
export function orderSubject(o: Order): string {
  const name = o.preview ? 'Invoice preview' : ORDER_NAMES[o.kind];
  return `${name} ${o.id === 'invoice_preview' ? '' : o.id}`.trim();
}

/** "complete · customer cus_…": what the order is, beside its name. */
export function orderMeta(o: Order): string | null {
  return (
    [o.status, o.customer ? `customer ${o.customer}` : o.kind === 'checkout_session' ? 'guest (no customer)' : null]
      .filter(Boolean)
      .join(' · ') || null
  );
}

export function orderDetails(o: Order): Fact[] {
  const money = (amount: number | null) =>
    amount === null || o.currency === null ? null : formatMoney(amount, o.currency);
  const amounts = [
    money(o.subtotal) && `subtotal ${money(o.subtotal)}`,
    money(o.total_discount) && `discounts −${money(o.total_discount)}`,
    money(o.total) && `total ${money(o.total)}`,
  ].filter(Boolean);
  const facts: Fact[] = amounts.length > 0 ? [{ label: 'Amounts', value: amounts.join(' · ') }] : [];
  for (const d of o.discounts) {
    const what =
      [
        d.discount.promotion_code && `promotion code ${d.discount.promotion_code.id}`,
        d.discount.coupon && `coupon ${d.discount.coupon.id}`,
      ]
        .filter(Boolean)
        .join(', ') || `discount ${d.discount.id ?? ''}`.trim();
    facts.push({
      label: 'Discount',
      value: `${what}: ${d.amount === null ? 'amount not in the data' : `took off ${money(d.amount) ?? d.amount}`}`,
    });
  }
  if (o.discounts.length === 0) facts.push({ label: 'Discounts', value: 'none applied' });
  return facts;
}
