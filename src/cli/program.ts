/**
 * Commander wiring. Each action stays short: parse flags -> run the command module ->
 * return an exit code. Command modules are imported when their command runs, so
 * `--help`, `--version`, `reasons` and `explain` never load the Stripe SDK.
 */
import { Command } from 'commander';
import { createPalette, colourAllowed, type Palette } from '../render/palette.js';
import type { AuditFlags } from './audit.js';
import type { CheckFlags } from './check.js';
import { addConnectionOptions } from './connectionOptions.js';
import { addContextOptions, type ContextFlags } from './contextOptions.js';
import type { CustomerFlags } from './customer.js';
import type { Streams } from './io.js';
import { VERSION } from './version.js';

export interface Runtime extends Streams {
  readonly env: Record<string, string | undefined>;
  /** The clock, unix seconds. */
  readonly now: () => number;
}

interface GlobalFlags {
  color: boolean;
  json?: boolean;
  debug?: boolean;
}

export function buildProgram(runtime: Runtime, setExitCode: (code: number) => void): Command {
  const program = new Command('promo-doctor')
    .description('Every reason a Stripe promotion code or coupon cannot be redeemed, with the evidence.')
    .version(VERSION, '-v, --version')
    .option('--json', 'one JSON document on stdout (lists: one per line)')
    .option('--no-color', 'no colours (also: NO_COLOR, or stdout not a terminal)')
    .option('--debug', 'show stack traces and request lines (the API key masked)')
    .showSuggestionAfterError(true)
    .configureHelp({ sortSubcommands: false })
    .addHelpText(
      'after',
      `
Commands are listed in the order you will want them: explain needs no API key.

Examples:
  $ promo-doctor explain examples/customer-discount-2020-08-27.json
  $ STRIPE_API_KEY=rk_test_… promo-doctor check SUMMER20 --customer cus_NffrFeUfNV2Hib --amount 4000 --currency usd
  $ promo-doctor audit --json | jq -r 'select(.verdict == "not_redeemable") | .target.code'

Exit codes: 0 redeemable or conditional, 1 not redeemable, 2 bad usage or input, 3 could not diagnose.`,
    )
    // Set before any .command(): subcommands inherit these only at creation. Errors end
    // in a CommanderError that main() reports as one sentence with exit 2.
    .exitOverride()
    .configureOutput({
      writeOut: (text) => void runtime.stdout.write(text),
      writeErr: (text) => void runtime.stderr.write(text),
      outputError: () => {},
    });

  const palette = (): Palette => {
    const flags = program.opts<GlobalFlags>();
    return createPalette(colourAllowed({ flag: flags.color, env: runtime.env, isTTY: runtime.stdout.isTTY === true }));
  };
  const globals = () => program.opts<GlobalFlags>();

  const readerEnvironment = () => ({
    env: runtime.env,
    version: VERSION,
    debug: globals().debug ? (line: string) => void runtime.stderr.write(`debug: ${line}\n`) : null,
  });

  addContextOptions(
    program
      .command('explain')
      .argument('<file>', 'a file with Stripe JSON or a pasted Dashboard request log; - for standard input')
      .description('offline: diagnose Stripe JSON from a file or stdin, no API key needed')
      .option('--json', 'one JSON document on stdout (a list: one per line)'),
  )
    .addHelpText(
      'after',
      `
Examples:
  $ promo-doctor explain examples/customer-discount-2020-08-27.json
  $ promo-doctor explain examples/promotion-code-2026-10-28.json --amount 4000 --currency eur
  $ pbpaste | promo-doctor explain - --json | jq '.reasons[].code'`,
    )
    .action(async (file: string, flags: ContextFlags & { json?: boolean }) => {
      const { runExplain } = await import('./explain.js');
      setExitCode(await runExplain(file, { ...flags, json: flags.json ?? globals().json }, runtime, palette(), runtime.now()));
    });

  addConnectionOptions(
    addContextOptions(
      program
        .command('check')
        .argument('<promo_id|code>', 'a promotion code id (promo_…) or the customer-facing code')
        .description('diagnose one promotion code, by id or customer-facing code')
        .option('--json', 'one JSON document on stdout')
        .option('--for <cs_…|in_…|sub_…|cus_…>', 'take customer, currency, amount and products from this object (flags win)'),
    ),
  )
    .addHelpText(
      'after',
      `
Examples:
  $ promo-doctor check SUMMER20 --customer cus_NffrFeUfNV2Hib --amount 4000 --currency usd
  $ promo-doctor check promo_1MiM6KLkdIwHu7ixrIaX4wgn --json | jq -r '.reasons[].code'
  $ promo-doctor check SUMMER20 --strict || echo "SUMMER20 needs attention"`,
    )
    .action(async (target: string, flags: CheckFlags) => {
      const { runCheck } = await import('./check.js');
      setExitCode(await runCheck(target, { ...flags, json: flags.json ?? globals().json }, runtime, palette(), readerEnvironment(), runtime.now()));
    });

  addConnectionOptions(
    program
      .command('customer')
      .argument('<cus_id>', 'the customer id')
      .description('explain the discounts on a customer and its subscriptions')
      .option('--json', 'one JSON document on stdout')
      .option('--at <time>', 'evaluate as of this moment (ISO-8601 or unix seconds) instead of now')
      .option('--warn-within <duration>', 'horizon for "expires soon" warnings', '7d')
      .option('--strict', 'also fail (exit 1) on conditional and warning findings'),
  )
    .addHelpText(
      'after',
      `
Examples:
  $ promo-doctor customer cus_NffrFeUfNV2Hib
  $ promo-doctor customer cus_NffrFeUfNV2Hib --json | jq '.discounts[] | {coupon: .discount.coupon.id, applies}'`,
    )
    .action(async (id: string, flags: CustomerFlags) => {
      const { runCustomer } = await import('./customer.js');
      setExitCode(await runCustomer(id, { ...flags, json: flags.json ?? globals().json }, runtime, palette(), readerEnvironment(), runtime.now()));
    });

  addConnectionOptions(
    addContextOptions(
      program
        .command('coupon')
        .argument('<coupon_id>', 'the coupon id')
        .description('diagnose one coupon')
        .option('--json', 'one JSON document on stdout')
        .option('--for <cs_…|in_…|sub_…|cus_…>', 'take customer, currency, amount and products from this object (flags win)'),
    ),
  )
    .addHelpText(
      'after',
      `
Examples:
  $ promo-doctor coupon SUMMER25
  $ promo-doctor coupon SUMMER25 --currency eur --product prod_NWjs8kKbJWmuuc
  $ promo-doctor coupon SUMMER25 --json | jq '.coupon.times_redeemed'`,
    )
    .action(async (id: string, flags: CheckFlags) => {
      const { runCoupon } = await import('./coupon.js');
      setExitCode(await runCoupon(id, { ...flags, json: flags.json ?? globals().json }, runtime, palette(), readerEnvironment(), runtime.now()));
    });

  addConnectionOptions(
    addContextOptions(
      program
        .command('audit')
        .description('diagnose every promotion code in the account (streams)')
        .option('--json', 'NDJSON: one diagnosis document per code, written as pages arrive')
        .option('--format <format>', 'table, json (NDJSON) or csv', 'table')
        .option('--active', 'only active codes')
        .option('--inactive', 'only inactive codes')
        .option('--coupon <coupon_id>', 'only codes of this coupon')
        .option('--code <code>', 'only codes with this customer-facing code')
        .option('--created-after <time>', 'only codes created at or after (ISO-8601 or unix seconds)')
        .option('--created-before <time>', 'only codes created at or before (ISO-8601 or unix seconds)')
        .option('--starting-after <promo_id>', 'resume an audit after this code (printed when one stops)')
        .option('--max-rps <n>', 'at most this many requests per second'),
    ),
  )
    .addHelpText(
      'after',
      `
With --customer, only codes restricted to that customer are listed, and each is judged
for that customer (its history is read once).

Examples:
  $ promo-doctor audit --active --warn-within 7d
  $ promo-doctor audit --json | jq -r 'select(.verdict == "not_redeemable") | .target.code'
  $ promo-doctor audit --format csv --currency eur --amount 4000 > codes.csv`,
    )
    .action(async (flags: AuditFlags) => {
      const { runAudit } = await import('./audit.js');
      setExitCode(await runAudit({ ...flags, json: flags.json ?? globals().json }, runtime, palette(), readerEnvironment(), runtime.now()));
    });

  program
    .command('reasons')
    .argument('[code]', 'one reason code, to show its cause and fix')
    .description('the catalogue of reason codes, with cause and fix')
    .option('--json', 'the catalogue as JSON')
    .addHelpText(
      'after',
      `
Examples:
  $ promo-doctor reasons
  $ promo-doctor reasons coupon_max_redemptions_reached
  $ promo-doctor reasons --json | jq -r '.[] | select(.severity == "blocking") | .code'`,
    )
    .action(async (code: string | undefined, flags: { json?: boolean }) => {
      const { runReasons } = await import('./reasons.js');
      setExitCode(await runReasons(code, { json: flags.json ?? globals().json }, runtime, palette()));
    });

  return program;
}
