/**
 * `check --ask-stripe`: send the invoice preview (POST /v1/invoices/create_preview,
 * https://docs.stripe.com/api/invoices/create_preview) and read Stripe's answer. The preview is
 * built by src/rules/previewPlan.ts. It creates nothing, but it is a POST: it is off by default,
 * named in --help, the README and --debug, and it is the only non-GET request the tool can ever
 * send. A restricted key needs Invoices: Write for it: the key editor grants a resource's POST
 * endpoints with its Write permission, and a preview is a POST on invoices.
 */
import { stripeErrorFacts } from './errors.js';
import type { StripeReader } from './reader.js';

export type PreviewOutcome =
  | { readonly accepted: true; readonly requestId: string | null }
  | { readonly accepted: false; readonly message: string; readonly requestId: string | null };

/** Send the preview; a refusal (400) is an answer, any other failure ends the run as reads do. */
export async function sendInvoicePreview(
  reader: StripeReader,
  params: object,
  debug: ((line: string) => void) | null,
  previewed: string,
): Promise<PreviewOutcome> {
  debug?.(`--ask-stripe: POST /v1/invoices/create_preview (creates nothing): ${previewed}`);
  try {
    const { requestId } = await reader.previewInvoice(params);
    return { accepted: true, requestId };
  } catch (error) {
    const facts = stripeErrorFacts(error instanceof Error ? error.cause : undefined);
    if (facts?.statusCode !== 400) throw error;
    return { accepted: false, message: facts.message, requestId: facts.requestId ?? null };
  }
}
