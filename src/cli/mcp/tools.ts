/**
 * The tools of `promo-doctor mcp`: one per question the commands answer, each a use case of
 * src/usecases run over one shared, paced, read-only reader. Every tool returns the JSON
 * document the command's --json prints, as `structuredContent` (with its output schema), and
 * the command's human text, answer first, as `content`.
 *
 * Descriptions are written for a model choosing a tool: what question it answers, when to use
 * it, what it costs. No tool takes an API key, and no tool writes to Stripe.
 */
import diagnosisSchemaFile from '../../../schema/diagnosis.schema.json' with { type: 'json' };
import reasonsSchemaFile from '../../../schema/reasons.schema.json' with { type: 'json' };
import { InputError } from '../../errors.js';
import { isKnownCurrency } from '../../format/money.js';
import { quoteInput } from '../../format/text.js';
import { normalizeLivePromotionCode } from '../../model/expanded.js';
import { AuditSummary } from '../../render/auditSummary.js';
import { renderHuman } from '../../render/human.js';
import { diagnosisDocument, type DiagnosisDocument } from '../../render/json.js';
import { createPalette } from '../../render/palette.js';
import { renderCatalogueEntry } from '../../render/reasons.js';
import { CATALOGUE, REASON_CODES } from '../../rules/catalogue.js';
import { DEFAULT_WARN_WITHIN, type RedemptionContext } from '../../rules/context.js';
import { diagnosePromotionCode, type Diagnosis } from '../../rules/diagnose.js';
import type { ReasonCode } from '../../rules/findings.js';
import {
  matchStripeMessage,
  messagesMeaning,
  STRIPE_MESSAGES,
  type StripeMessage,
} from '../../rules/stripeMessages.js';
import { SURFACES } from '../../rules/surface.js';
import type { StripeReader } from '../../stripe/reader.js';
import { diagnoseCouponFor } from '../../usecases/checkCoupon.js';
import { diagnoseCheckFor } from '../../usecases/checkPromotionCode.js';
import { diagnoseStripeInput } from '../../usecases/explain.js';
import { diagnoseCustomerById } from '../../usecases/explainCustomer.js';
import { couponIdOf, customerIdOf, promotionCodeTarget } from '../../usecases/targets.js';
import { parseAt } from '../validate.js';
import { checkArguments, inputSchema, type JsonSchema, type Params } from './arguments.js';

/** What a tool answers: the document and the text. */
export interface ToolAnswer {
  readonly structured: Record<string, unknown>;
  readonly text: string;
}

/** What the tools run with: the reader is opened on first use (the key is resolved then). */
export interface ToolDeps {
  readonly reader: () => Promise<StripeReader>;
  /** Now, unix seconds. */
  readonly now: () => number;
}

export interface Tool {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly params: Params;
  readonly outputSchema: JsonSchema;
  /** Whether it reads Stripe (needs the key); explain and reasons do not. */
  readonly live: boolean;
  run(args: Record<string, unknown>, deps: ToolDeps): Promise<ToolAnswer>;
}

/* ---------- output schemas, from the published schema/ files ---------- */

type SchemaFile = { $defs: Record<string, unknown> } & Record<string, unknown>;

/** A published schema without its draft and id: clients validate with the draft they have. */
function bare(file: SchemaFile): { defs: Record<string, unknown>; root: JsonSchema } {
  const { $schema: _s, $id: _i, $defs, title: _t, ...root } = file;
  return { defs: $defs, root };
}
const diagnosis = bare(diagnosisSchemaFile as unknown as SchemaFile);
const reasons = bare(reasonsSchemaFile as unknown as SchemaFile);

const DOCUMENT_SCHEMA: JsonSchema = { ...diagnosis.root, $defs: diagnosis.defs };
const DOCUMENTS_SCHEMA: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['documents'],
  properties: {
    documents: {
      type: 'array',
      description: 'One diagnosis document per object in the input, in input order.',
      items: diagnosis.root,
    },
  },
  $defs: diagnosis.defs,
};

const STRIPE_MESSAGE_SCHEMA: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'stripe_code', 'example', 'means', 'note', 'source'],
  properties: {
    id: { type: 'string' },
    stripe_code: { type: ['string', 'null'] },
    example: { type: 'string' },
    means: { type: 'array', items: { type: 'string' }, minItems: 1 },
    note: { type: ['string', 'null'] },
    source: { type: 'string' },
  },
};

const REASONS_SCHEMA: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['query', 'reasons', 'stripe_messages'],
  properties: {
    query: { type: ['string', 'null'], description: 'What was looked up; null: the whole catalogue.' },
    reasons: { type: 'array', items: { $ref: '#/$defs/entry' }, description: 'Catalogue entries that match.' },
    stripe_messages: {
      type: 'array',
      items: STRIPE_MESSAGE_SCHEMA,
      description: "Stripe's refusal messages that match, with the reason codes each means.",
    },
  },
  $defs: reasons.defs,
};

const COUNT_LIST = {
  type: 'array',
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['code', 'title', 'codes'],
    properties: {
      code: { type: 'string' },
      title: { type: 'string' },
      codes: { type: 'integer', minimum: 0, description: 'How many promotion codes have this finding.' },
    },
  },
};

const AUDIT_SCHEMA: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['scanned', 'complete', 'max_codes', 'by_verdict', 'blocking', 'other', 'dead_by_coupon', 'not_redeemable'],
  properties: {
    scanned: { type: 'integer', minimum: 0 },
    complete: {
      type: 'boolean',
      description: 'false: the account has more codes than max_codes; the rest were not read.',
    },
    max_codes: { type: 'integer' },
    evaluated_at: { type: 'string' },
    by_verdict: {
      type: 'object',
      additionalProperties: false,
      required: ['not_redeemable', 'conditional', 'redeemable'],
      properties: {
        not_redeemable: { type: 'integer' },
        conditional: { type: 'integer' },
        redeemable: { type: 'integer' },
      },
    },
    blocking: COUNT_LIST,
    other: COUNT_LIST,
    dead_by_coupon: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['coupon', 'codes'],
        properties: { coupon: { type: 'string' }, codes: { type: 'integer' } },
      },
    },
    not_redeemable: {
      type: 'array',
      description: 'The first not-redeemable codes (at most 50), with their blocking reason codes.',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'code', 'reasons'],
        properties: {
          id: { type: 'string' },
          code: { type: ['string', 'null'] },
          reasons: { type: 'array', items: { type: 'string' } },
        },
      },
    },
  },
};

/* ---------- arguments ---------- */

const CONTEXT_PARAMS: Params = {
  customer: {
    type: 'string',
    maxLength: 255,
    pattern: '^(cus|acct)_[A-Za-z0-9]+$',
    expected: 'a customer id (cus_…, or acct_… for a customer account)',
    description:
      'Who is redeeming: a customer id (cus_…). Give it when the question is about one customer: first-time-only and customer-restricted codes depend on it.',
  },
  amount: {
    type: 'integer',
    minimum: 0,
    maximum: 99_999_999_999,
    description:
      "The order amount in the currency's smallest unit, as Stripe writes amounts (4000 is $40.00, 500 is ¥500). Needs currency.",
  },
  currency: {
    type: 'string',
    maxLength: 3,
    pattern: '^[A-Za-z]{3}$',
    expected: 'an ISO 4217 currency code such as usd, eur or jpy',
    description: 'The order currency, ISO 4217 (usd, eur, jpy…).',
  },
  products: {
    type: 'array',
    maxItems: 100,
    items: { maxLength: 255, pattern: '^\\S+$', expected: 'a product id such as prod_NWjs8kKbJWmuuc' },
    description: 'The products in the order (prod_…): codes and coupons limited to some products depend on them.',
  },
  surface: {
    type: 'string',
    maxLength: 40,
    enum: SURFACES,
    expected: `one of ${SURFACES.join(', ')}`,
    description: 'Where the code is redeemed; leave it out for a new redemption whose surface is unknown.',
  },
  trial: {
    type: 'boolean',
    description: 'true: the first invoice is a trial invoice ($0), as when a subscription starts with a trial.',
  },
  at: {
    type: 'string',
    maxLength: 40,
    pattern: '^[0-9T:.+Z -]+$',
    expected: 'a time in ISO-8601 (2026-11-22 or 2026-11-22T10:00:00Z) or unix seconds',
    description: 'Judge as of this moment (ISO-8601 such as 2026-11-22T10:00:00Z, or unix seconds) instead of now.',
  },
};

/** The redemption context from a tool's arguments (already checked for shape). */
function contextOf(args: Record<string, unknown>, now: number): RedemptionContext {
  const currencyText = args.currency as string | undefined;
  const currency = currencyText === undefined ? null : currencyText.toLowerCase();
  if (currency !== null && !isKnownCurrency(currency))
    throw new InputError(
      `"currency" ${quoteInput(currencyText!)} is not an ISO 4217 currency code such as usd, eur or jpy.`,
    );
  const amount = (args.amount as number | undefined) ?? null;
  if (amount !== null && currency === null)
    throw new InputError(
      '"amount" needs "currency": amounts are in the smallest unit of a currency (amount 4000, currency usd is $40.00).',
    );
  const at = args.at === undefined ? now : parseAt(args.at as string, '"at"');
  return {
    at,
    observed_at: now,
    warn_within: DEFAULT_WARN_WITHIN,
    customer: (args.customer as string | undefined) ?? null,
    customer_record: null,
    history: null,
    amount,
    currency,
    products: [...new Set((args.products as string[] | undefined) ?? [])],
    surface: (args.surface as RedemptionContext['surface']) ?? null,
    trial: args.trial === true,
  };
}

/* ---------- answers ---------- */

const plain = createPalette(false);

function text(d: Diagnosis, ctx: RedemptionContext, offline: boolean): string {
  return renderHuman(d, ctx, plain, { width: null, verbose: false, offline });
}

function documentAnswer(d: Diagnosis, ctx: RedemptionContext): ToolAnswer {
  return {
    structured: diagnosisDocument(d, ctx) as unknown as Record<string, unknown>,
    text: text(d, ctx, false),
  };
}

/* ---------- the tools ---------- */

const checkPromotionCode: Tool = {
  name: 'check_promotion_code',
  title: 'Check a promotion code',
  description:
    'Answers "why is this promotion code refused?" (or "would it be accepted?") for a Stripe account: every reason the code cannot be redeemed, in the order to fix them, each with its evidence and its fix. Give the code a customer types (SUMMER20) or its id (promo_…), and as much of the order as you know (customer, amount with currency, products, surface, trial): what you leave out stays a condition rather than a yes. Use it first when a customer reports a code that does not work. Reads Stripe (GET only, one or two round trips); never changes anything.',
  live: true,
  params: {
    code: {
      type: 'string',
      required: true,
      maxLength: 500,
      pattern: '^(promo_[A-Za-z0-9]+|[A-Za-z0-9-]+)$',
      expected: 'a promotion code id (promo_…) or a customer-facing code (letters, digits and dashes)',
      description: 'The promotion code: its id (promo_…) or the code a customer types (letters, digits and dashes).',
    },
    ...CONTEXT_PARAMS,
  },
  outputSchema: DOCUMENT_SCHEMA,
  async run(args, deps) {
    promotionCodeTarget(args.code as string);
    const ctx = contextOf(args, deps.now());
    const reader = await deps.reader();
    // The context the use case judged in: with the customer's record and history it read.
    const evaluated = await diagnoseCheckFor(reader, args.code as string, ctx, null, {});
    return documentAnswer(evaluated.diagnosis, evaluated.ctx);
  },
};

const checkCoupon: Tool = {
  name: 'check_coupon',
  title: 'Check a coupon',
  description:
    'Answers "why does this coupon not apply?" for a Stripe coupon id: whether it is still valid, its redemption limits, its dates, currencies and products, against the order you describe. Use it when the question names a coupon rather than a promotion code (a promotion code is the customer-facing code for a coupon: prefer check_promotion_code when you have the code). Reads Stripe (GET only, one round trip).',
  live: true,
  params: {
    coupon: {
      type: 'string',
      required: true,
      maxLength: 200,
      pattern: '^[^\\s/?#]+$',
      expected: 'a coupon id such as SUMMER25 or Z4OV52SU',
      description: 'The coupon id (SUMMER25, Z4OV52SU…).',
    },
    ...CONTEXT_PARAMS,
  },
  outputSchema: DOCUMENT_SCHEMA,
  async run(args, deps) {
    const id = couponIdOf(args.coupon as string);
    const ctx = contextOf(args, deps.now());
    const reader = await deps.reader();
    const evaluated = await diagnoseCouponFor(reader, id, ctx, null, {});
    return documentAnswer(evaluated.diagnosis, evaluated.ctx);
  },
};

const explainCustomer: Tool = {
  name: 'explain_customer',
  title: 'Explain the discounts of a customer',
  description:
    'Answers "why is this customer not getting their discount?": the discounts on a Stripe customer and on its subscriptions that still bill, each with its coupon and promotion code, and whether it still applies (ended, used up, deleted coupon…). Use it when the question is about a customer rather than a code. Reads Stripe (GET only, one round trip).',
  live: true,
  params: {
    customer: {
      type: 'string',
      required: true,
      maxLength: 255,
      pattern: '^cus_[A-Za-z0-9]+$',
      expected: 'a customer id such as cus_NffrFeUfNV2Hib',
      description: 'The customer id (cus_…).',
    },
    at: CONTEXT_PARAMS.at!,
  },
  outputSchema: DOCUMENT_SCHEMA,
  async run(args, deps) {
    const id = customerIdOf(args.customer as string);
    const ctx = { ...contextOf({ at: args.at }, deps.now()) };
    const reader = await deps.reader();
    return documentAnswer(await diagnoseCustomerById(reader, id, ctx), ctx);
  },
};

const MAX_INPUT = 1_000_000;

const explainStripeJson: Tool = {
  name: 'explain_stripe_json',
  title: 'Explain Stripe JSON or a failed request',
  description:
    'Answers "what does this Stripe error or object mean for the discount?" offline, from text the user pasted: a Stripe object (promotion code, coupon, customer, subscription, invoice, Checkout Session, discount), a list or an event of them, an error body ({"error": {"message": …}}), or a failed request\'s log text copied from the Dashboard. Needs no API key and reads nothing from Stripe. Give the order context (customer, amount, currency, products…) when the user gave it; a failed request\'s log brings its own.',
  live: false,
  params: {
    input: {
      type: 'string',
      required: true,
      maxLength: MAX_INPUT,
      expected: 'Stripe JSON or the text of a failed request',
      description:
        "The pasted text: Stripe JSON (an object, a list, an event or an error body), or a failed request's log from the Dashboard.",
    },
    ...CONTEXT_PARAMS,
  },
  outputSchema: DOCUMENTS_SCHEMA,
  async run(args, deps) {
    const now = deps.now();
    const ctx = contextOf(args, now);
    // A pasted payload was read no later than now; with `at` it may have been read any time after (as explain).
    const given = args.at === undefined ? ctx : { ...ctx, observed_at: Number.POSITIVE_INFINITY };
    const evaluated = diagnoseStripeInput(args.input as string, given, {
      ...(args.at !== undefined ? { at: args.at as string } : {}),
      ...(args.customer !== undefined ? { customer: args.customer as string } : {}),
      ...(args.amount !== undefined ? { amount: String(args.amount) } : {}),
      ...(args.currency !== undefined ? { currency: args.currency as string } : {}),
    });
    if (evaluated.length === 0) throw new InputError('The input holds no Stripe object to explain: the list is empty.');
    return {
      structured: { documents: evaluated.map(({ diagnosis: d, ctx: c }) => diagnosisDocument(d, c)) },
      text: evaluated.map(({ diagnosis: d, ctx: c }) => text(d, c, true)).join('\n'),
    };
  },
};

function catalogueRecord(code: ReasonCode) {
  const { severity, object, title, cause, fix, docs_url } = CATALOGUE[code];
  return { code, severity, object, title, cause, fix, docs_url };
}

function messageRecord(m: StripeMessage) {
  return {
    id: m.id,
    stripe_code: m.stripe_code,
    example: m.example,
    means: [...m.means],
    note: m.note,
    source: m.source,
  };
}

const lookupReason: Tool = {
  name: 'lookup_reason',
  title: 'Look up a reason code or a Stripe error',
  description:
    'Answers "what does this code or message mean, and how is it fixed?": give one of promo-doctor\'s reason codes (promotion_code_expired, coupon_max_redemptions_reached…), a Stripe error code (coupon_expired, resource_missing…) or a Stripe error message ("This promotion code cannot be redeemed because the associated customer has prior transactions."), and get the catalogue\'s title, cause, fix and Stripe docs link, with Stripe\'s refusal messages that mean it. Leave query out for the whole catalogue. Offline: no key, no request.',
  live: false,
  params: {
    query: {
      type: 'string',
      maxLength: 500,
      expected: 'a reason code, a Stripe error code or a Stripe error message',
      description: "A reason code, a Stripe error code, or a Stripe error message's text; absent: the whole catalogue.",
    },
  },
  outputSchema: REASONS_SCHEMA,
  async run(args) {
    const query = (args.query as string | undefined)?.trim();
    if (query === undefined || query === '') {
      return {
        structured: {
          query: null,
          reasons: REASON_CODES.map(catalogueRecord),
          stripe_messages: STRIPE_MESSAGES.map(messageRecord),
        },
        text: REASON_CODES.map((c) => `${c}: ${CATALOGUE[c].title}`).join('\n'),
      };
    }
    let codes: ReasonCode[];
    let messages: StripeMessage[];
    if (Object.hasOwn(CATALOGUE, query)) {
      codes = [query as ReasonCode];
      messages = messagesMeaning(query as ReasonCode);
    } else {
      const byCode = STRIPE_MESSAGES.filter((m) => m.stripe_code === query);
      const byText = byCode.length > 0 ? null : matchStripeMessage(query, null);
      messages = byCode.length > 0 ? byCode : byText ? [byText.entry] : [];
      codes = [...new Set(messages.flatMap((m) => m.means))];
    }
    if (codes.length === 0)
      throw new InputError(
        `${quoteInput(query)} is neither a reason code, a Stripe error code nor a Stripe refusal message promo-doctor knows; call lookup_reason without a query for the catalogue.`,
      );
    const head =
      messages.length > 0 && !Object.hasOwn(CATALOGUE, query)
        ? `Stripe's ${quoteInput(query)} means ${codes.join(' or ')}.\n\n`
        : '';
    return {
      structured: { query, reasons: codes.map(catalogueRecord), stripe_messages: messages.map(messageRecord) },
      text: head + codes.map((c) => renderCatalogueEntry(c, plain)).join('\n'),
    };
  },
};

const NOT_REDEEMABLE_LISTED = 50;

const auditSummary: Tool = {
  name: 'audit_summary',
  title: 'Summarise the promotion codes of the account',
  description:
    'Answers "which of our promotion codes are broken, and why?": reads up to max_codes promotion codes of the Stripe account (newest first, 100 per request) and counts them by verdict and by reason, with the coupons that have the most dead codes and the first not-redeemable codes. Use it for an overview; use check_promotion_code for one code. Reads Stripe (GET only, about max_codes/100 requests, paced under Stripe\'s rate limits).',
  live: true,
  params: {
    max_codes: {
      type: 'integer',
      minimum: 1,
      maximum: 10_000,
      description: 'Read at most this many codes (default 500); the answer says whether there were more.',
    },
    active: {
      type: 'boolean',
      description: 'true: only active codes; false: only inactive codes; absent: every code.',
    },
    coupon: {
      type: 'string',
      maxLength: 200,
      pattern: '^[^\\s/?#]+$',
      expected: 'a coupon id such as SUMMER25',
      description: 'Only the codes of this coupon.',
    },
    at: CONTEXT_PARAMS.at!,
  },
  outputSchema: AUDIT_SCHEMA,
  async run(args, deps) {
    const max = (args.max_codes as number | undefined) ?? 500;
    const coupon = args.coupon === undefined ? undefined : couponIdOf(args.coupon as string);
    const ctx = contextOf({ at: args.at }, deps.now());
    const reader = await deps.reader();
    const filters = {
      ...(args.active === undefined ? {} : { active: args.active as boolean }),
      ...(coupon ? { coupon } : {}),
    };
    const summary = new AuditSummary();
    const dead: Array<{ id: string; code: string | null; reasons: string[] }> = [];
    let cursor: string | null = null;
    let complete = false;
    while (summary.scanned < max) {
      const page = await reader.promotionCodePage(filters, cursor);
      const taken = page.codes.slice(0, max - summary.scanned);
      for (const raw of taken) {
        const d = diagnosePromotionCode(normalizeLivePromotionCode(raw), ctx);
        summary.add(d);
        if (d.verdict === 'not_redeemable' && dead.length < NOT_REDEEMABLE_LISTED)
          dead.push({
            id: d.target.id,
            code: d.promotion_code?.code ?? null,
            reasons: [...new Set(d.reasons.filter((f) => f.severity === 'blocking').map((f) => f.code))],
          });
      }
      summary.pages++;
      cursor = page.lastId;
      if (taken.length < page.codes.length) break;
      if (!page.hasMore || cursor === null) {
        complete = true;
        break;
      }
    }
    const counted = (table: Map<ReasonCode, number>) =>
      [...table.entries()]
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .map(([code, n]) => ({ code, title: CATALOGUE[code].title, codes: n }));
    const structured = {
      scanned: summary.scanned,
      complete,
      max_codes: max,
      evaluated_at: new Date(ctx.at * 1000).toISOString().replace('.000Z', 'Z'),
      by_verdict: { ...summary.byVerdict },
      blocking: counted(summary.blocking),
      other: counted(summary.other),
      dead_by_coupon: [...summary.deadByCoupon.entries()]
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .slice(0, 10)
        .map(([c, n]) => ({ coupon: c, codes: n })),
      not_redeemable: dead,
    };
    return { structured, text: auditText(structured) };
  },
};

function auditText(s: {
  scanned: number;
  complete: boolean;
  by_verdict: Record<string, number>;
  blocking: ReadonlyArray<{ code: string; title: string; codes: number }>;
  dead_by_coupon: ReadonlyArray<{ coupon: string; codes: number }>;
}): string {
  const v = s.by_verdict;
  const lines = [
    `${v.not_redeemable} of ${s.scanned} promotion codes read cannot be redeemed; ${v.conditional} are conditional, ${v.redeemable} redeemable.${s.complete ? '' : ' The account has more codes than were read (raise max_codes).'}`,
  ];
  if (s.blocking.length > 0) {
    lines.push('Blocking reasons:');
    for (const b of s.blocking) lines.push(`  ${b.title} (${b.code}): ${b.codes}`);
  }
  if (s.dead_by_coupon.length > 0)
    lines.push(
      `Coupons with the most dead codes: ${s.dead_by_coupon.map((d) => `${d.coupon} (${d.codes})`).join(', ')}`,
    );
  return `${lines.join('\n')}\n`;
}

export const TOOLS: readonly Tool[] = [
  checkPromotionCode,
  checkCoupon,
  explainCustomer,
  explainStripeJson,
  lookupReason,
  auditSummary,
];

/** Runs a tool: arguments checked, then the tool; InputError for anything the caller gave wrong. */
export async function runTool(tool: Tool, given: unknown, deps: ToolDeps): Promise<ToolAnswer> {
  const args = checkArguments(tool.params, given);
  return tool.run(args, deps);
}

export function toolList(): Array<Record<string, unknown>> {
  return TOOLS.map((t) => ({
    name: t.name,
    title: t.title,
    description: t.description,
    inputSchema: inputSchema(t.params),
    outputSchema: t.outputSchema,
    annotations: {
      title: t.title,
      readOnlyHint: true,
      destructiveHint: false,
      idempotentHint: true,
      // The live tools read a Stripe account; explain and reasons read only what they are given.
      openWorldHint: t.live,
    },
  }));
}

export type { DiagnosisDocument };
