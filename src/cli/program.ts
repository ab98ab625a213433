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
import { addContextOptions, addPriceOption } from './contextOptions.js';
import type { CustomerFlags } from './customer.js';
import type { ExplainFlags } from './explain.js';
import type { Interrupts, Streams } from './io.js';
import type { OutputFlags } from './output.js';
import { outputFile, type OutputFile } from './outputFile.js';
import { outputWidth } from './terminal.js';
import { VERSION } from './version.js';
import type { Clock } from '../clock.js';

/** Everything the program reads from its process, so that tests can run it in-process. */
export interface Runtime extends Streams {
  readonly env: Record<string, string | undefined>;
  readonly clock: Clock;
  /** The working directory that relative file names are read from. */
  readonly cwd: string;
  /** SIGINT and SIGTERM, for the audit to stop cleanly; absent: signals keep their default. */
  readonly interrupts?: Interrupts;
}

interface GlobalFlags {
  color: boolean;
  json?: boolean;
  debug?: boolean;
  output?: string;
}

export function buildProgram(runtime: Runtime, setExitCode: (code: number) => void): Command {
  // --output sends what a command writes to stdout into a file: every writer reads
  // runtime.stdout when it writes, so the file stands in for stdout during the action only
  // (the hooks below). Everything else is read from the Runtime given, its prototype.
  const given = runtime;
  let redirected: OutputFile | null = null;
  runtime = Object.create(given, { stdout: { get: () => redirected ?? given.stdout } }) as Runtime;
  const program = new Command('promo-doctor')
    .description('Every reason a Stripe promotion code or coupon cannot be redeemed, with the evidence.')
    .version(VERSION, '-v, --version')
    .option('--json', 'one JSON document on stdout (lists: one per line)')
    .option('--no-color', 'no colours (also NO_COLOR, CLICOLOR=0, or stdout not a terminal; FORCE_COLOR forces them)')
    .option('--debug', 'show stack traces and request lines (the API key masked)')
    .option('--output <file>', 'write what goes to stdout to this file instead (- for stdout)')
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

Exit codes: 0 redeemable or conditional, 1 not redeemable, 2 bad usage or input, 3 could not diagnose,
4 the output could not be written, 130/143 an audit interrupted by SIGINT/SIGTERM.`,
    )
    // Set before any .command(): subcommands inherit these only at creation. Errors end
    // in a CommanderError that main() reports as one sentence with exit 2.
    .exitOverride()
    .configureOutput({
      writeOut: (text) => void runtime.stdout.write(text),
      writeErr: (text) => void runtime.stderr.write(text),
      outputError: () => {},
      // Commander would ask process.stdout; the program's streams are the ones that count.
      getOutHelpWidth: () => (runtime.stdout.isTTY ? (runtime.stdout.columns ?? 80) : 80),
      getErrHelpWidth: () => (runtime.stderr.isTTY ? (runtime.stderr.columns ?? 80) : 80),
      getOutHasColors: () => false,
      getErrHasColors: () => false,
    });

  /** The output flags of a command, with the width the terminal allows. */
  const output = <F extends OutputFlags>(flags: F): F => ({
    ...flags,
    json: flags.json ?? globals().json,
    width: outputWidth(runtime.stdout, runtime.env),
  });

  const palette = (): Palette => {
    const flags = program.opts<GlobalFlags>();
    return createPalette(colourAllowed({ flag: flags.color, env: runtime.env, isTTY: runtime.stdout.isTTY === true }));
  };
  const globals = () => program.opts<GlobalFlags>();
  const nowSeconds = () => Math.floor(runtime.clock.now() / 1000);

  /**
   * Every action has one shape: --json counts before or after the command name, the command
   * module is imported only when its command runs, and what it returns is the exit code.
   * Commander calls an action with `this` set to its command.
   */
  const action = <F extends { json?: boolean }>(run: (args: readonly string[], flags: F) => Promise<number>) =>
    async function (this: Command): Promise<void> {
      const flags = this.opts<F>();
      try {
        setExitCode(await run(this.args, { ...flags, json: flags.json ?? globals().json }));
      } catch (error) {
        // A failed run leaves an --output target as it was (src/cli/outputFile.ts).
        await redirected?.abandon();
        redirected = null;
        throw error;
      }
    };

  // A program hook runs around the action of every command.
  program.hook('preAction', async (_program, command) => {
    redirected = await outputFile(command.opts<{ output?: string }>().output ?? globals().output, given.cwd);
  });
  program.hook('postAction', async () => {
    await redirected?.finish();
    redirected = null;
  });

  const readerEnvironment = () => ({
    env: runtime.env,
    version: VERSION,
    debug: globals().debug ? (line: string) => void runtime.stderr.write(`debug: ${line}\n`) : null,
    clock: runtime.clock,
  });

  addContextOptions(
    program
      .command('explain')
      .argument('<file>', 'a file with Stripe JSON or a pasted Dashboard request log; - for standard input')
      .description('offline: diagnose Stripe JSON from a file or stdin, no API key needed')
      .option('--json', 'one JSON document on stdout (= --format json)')
      .option('--format <format>', 'human (default), markdown (for a ticket or an issue) or json')
      .option('--verbose', 'also every check and the raw evidence (unix seconds beside ISO)'),
  )
    .addHelpText(
      'after',
      `
examples/… names the examples shipped with promo-doctor, from any directory.

Examples:
  $ promo-doctor explain examples/customer-discount-2020-08-27.json
  $ promo-doctor explain examples/promotion-code-2026-10-28.json --amount 4000 --currency eur --format markdown
  $ echo '{"id": "cus_1", "object": "customer", "deleted": true}' | promo-doctor explain - --json | jq '.reasons[].code'`,
    )
    .action(
      action<ExplainFlags>(async ([file], flags) => {
        const { runExplain } = await import('./explain.js');
        return runExplain(file!, output(flags), runtime, palette(), nowSeconds());
      }),
    );

  addConnectionOptions(
    addContextOptions(
      addPriceOption(
        program
          .command('check')
          .argument('<promo_id|code>', 'a promotion code id (promo_…) or the customer-facing code')
          .description('diagnose one promotion code, by id or customer-facing code')
          .option('--json', 'one JSON document on stdout (= --format json)')
          .option('--format <format>', 'human (default), markdown (for a ticket or an issue) or json')
          .option('--verbose', 'also every check and the raw evidence (unix seconds beside ISO)')
          .option(
            '--for <cs_…|in_…|sub_…|cus_…>',
            'take customer, currency, amount and products from this object (flags win)',
          )
          .option(
            '--ask-stripe',
            'also ask Stripe with an invoice preview and show its answer beside ours: sends one POST (/v1/invoices/create_preview) that creates nothing; needs the Invoices permission (Write on a restricted key)',
          ),
      ),
    ),
  )
    .addHelpText(
      'after',
      `
Examples:
  $ promo-doctor check SUMMER20 --customer cus_NffrFeUfNV2Hib --amount 4000 --currency usd
  $ promo-doctor check promo_1MiM6KLkdIwHu7ixrIaX4wgn --price price_1MoBy5LkdIwHu7ixZhnattbh --format markdown
  $ promo-doctor check SUMMER20 --surface portal --customer cus_NffrFeUfNV2Hib --amount 4000 --currency usd --ask-stripe`,
    )
    .action(
      action<CheckFlags>(async ([target], flags) => {
        const { runCheck } = await import('./check.js');
        return runCheck(target!, output(flags), runtime, palette(), readerEnvironment(), nowSeconds());
      }),
    );

  addConnectionOptions(
    program
      .command('customer')
      .argument('<cus_id>', 'the customer id')
      .description('explain the discounts on a customer and its subscriptions')
      .option('--json', 'one JSON document on stdout (= --format json)')
      .option('--format <format>', 'human (default), markdown (for a ticket or an issue) or json')
      .option('--verbose', 'also every check and the raw evidence (unix seconds beside ISO)')
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
    .action(
      action<CustomerFlags>(async ([id], flags) => {
        const { runCustomer } = await import('./customer.js');
        return runCustomer(id!, output(flags), runtime, palette(), readerEnvironment(), nowSeconds());
      }),
    );

  addConnectionOptions(
    addContextOptions(
      addPriceOption(
        program
          .command('coupon')
          .argument('<coupon_id>', 'the coupon id')
          .description('diagnose one coupon')
          .option('--json', 'one JSON document on stdout (= --format json)')
          .option('--format <format>', 'human (default), markdown (for a ticket or an issue) or json')
          .option('--verbose', 'also every check and the raw evidence (unix seconds beside ISO)')
          .option(
            '--for <cs_…|in_…|sub_…|cus_…>',
            'take customer, currency, amount and products from this object (flags win)',
          ),
      ),
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
    .action(
      action<CheckFlags>(async ([id], flags) => {
        const { runCoupon } = await import('./coupon.js');
        return runCoupon(id!, output(flags), runtime, palette(), readerEnvironment(), nowSeconds());
      }),
    );

  addConnectionOptions(
    addContextOptions(
      addPriceOption(
        program
          .command('audit')
          .description('diagnose every promotion code in the account (streams)')
          .option('--json', 'NDJSON: one diagnosis document per code, written as pages arrive')
          .option(
            '--format <format>',
            'table, json (NDJSON), csv or html (a self-contained report: use --output)',
            'table',
          )
          .option('--output <file>', 'write to this file instead of stdout (- for stdout)')
          .option('--active', 'only active codes')
          .option('--inactive', 'only inactive codes')
          .option('--coupon <coupon_id>', 'only codes of this coupon')
          .option('--code <code>', 'only codes with this customer-facing code')
          .option('--created-after <time>', 'only codes created at or after (ISO-8601 or unix seconds)')
          .option('--created-before <time>', 'only codes created at or before (ISO-8601 or unix seconds)')
          .option('--starting-after <promo_id>', 'start after this code, as a page-by-page audit would (see --resume)')
          .option('--resume <token>', 'go on with an audit that stopped: the token it printed, with the same flags')
          .option(
            '--max-rps <n>',
            'at most this many requests per second (default 15: Stripe allows 25 per endpoint, leave checkout some)',
          )
          .option('--concurrency <n>', 'at most this many requests in flight (default 8; 1 reads page after page)'),
      ),
    ),
  )
    .addHelpText(
      'after',
      `
With --customer, only codes restricted to that customer are listed, and each is judged
for that customer (its history is read once).

Large accounts are read in parallel windows of the created range; NDJSON and CSV come in
the order pages are read (--concurrency 1: newest first). Codes created after the audit
starts are out of scope. Ctrl-C (exit 130), SIGTERM (143) or a page lost after retries (3)
print what was read, the summary and a resume token on stderr: run the same command
with --resume <token> appended (and >> to the same file) to read exactly the rest.

Examples:
  $ promo-doctor audit --json | jq -r 'select(.verdict == "not_redeemable") | .target.code'
  $ promo-doctor audit --json --max-rps 24 --concurrency 16 > codes.ndjson
  $ promo-doctor audit --format html --output report.html`,
    )
    .action(
      action<AuditFlags>(async (_args, flags) => {
        const { runAudit } = await import('./audit.js');
        return runAudit(flags, runtime, palette(), readerEnvironment(), nowSeconds());
      }),
    );

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
    .action(
      action<{ json?: boolean }>(async ([code], flags) => {
        const { runReasons } = await import('./reasons.js');
        return runReasons(code, { json: flags.json }, runtime, palette());
      }),
    );

  program
    .command('completion')
    .argument('<shell>', 'bash, zsh or fish')
    .description('a completion script for bash, zsh or fish')
    .addHelpText(
      'after',
      `
Examples:
  $ source <(promo-doctor completion bash)
  $ promo-doctor completion fish > ~/.config/fish/completions/promo-doctor.fish`,
    )
    .action(
      action<{ json?: boolean }>(async ([shell]) => {
        const { runCompletion } = await import('./completion.js');
        return runCompletion(shell!, program, runtime);
      }),
    );

  return program;
}
