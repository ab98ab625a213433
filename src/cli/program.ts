/**
 * Commander wiring: the program and its global flags, then one function per command that
 * declares it (its arguments, its flags through the shared option builders, its help) and
 * its action. Each action stays short: flags -> run the command module -> an exit code.
 * Command modules are imported when their command runs, so `--help`, `--version`, `reasons`
 * and `explain` never load the Stripe SDK.
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
import { AUDIT_FORMAT, addOutputOptions, formatOption } from './outputOptions.js';
import { outputFile, type OutputFile } from './outputFile.js';
import { outputWidth } from './terminal.js';
import { VERSION } from './version.js';
import type { Clock } from '../clock.js';
import type { ReaderEnvironment } from './live.js';

/** Everything the program reads from its process, so that tests can run it in-process. */
export interface Runtime extends Streams {
  readonly env: Record<string, string | undefined>;
  readonly clock: Clock;
  /** The working directory that relative file names are read from. */
  readonly cwd: string;
  /** SIGINT and SIGTERM, for the audit to stop cleanly; absent: signals keep their default. */
  readonly interrupts?: Interrupts;
}

/** The help of `--history` (check, coupon, customer). */
const HISTORY_HELP =
  "also read the account's events of the last 30 days (all Stripe keeps; at most 2 more requests): when a code was deactivated, a coupon deleted or a discount removed, and by whom";

interface GlobalFlags {
  color: boolean;
  json?: boolean;
  debug?: boolean;
  output?: string;
}

/** What every command's action needs from the program it belongs to. */
interface Wiring {
  readonly program: Command;
  /** The Runtime whose stdout is the --output file during an action. */
  readonly runtime: Runtime;
  /** The output flags of a command, with the width the terminal allows. */
  readonly output: <F extends OutputFlags>(flags: F) => F;
  readonly palette: () => Palette;
  readonly readerEnvironment: () => ReaderEnvironment;
  readonly nowSeconds: () => number;
  /**
   * Every action has one shape: --json counts before or after the command name, the command
   * module is imported only when its command runs, and what it returns is the exit code.
   */
  readonly action: <F extends { json?: boolean }>(
    run: (args: readonly string[], flags: F) => Promise<number>,
  ) => (this: Command) => Promise<void>;
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

  const globals = () => program.opts<GlobalFlags>();

  // A program hook runs around the action of every command.
  program.hook('preAction', async (_program, command) => {
    redirected = await outputFile(command.opts<{ output?: string }>().output ?? globals().output, given.cwd);
  });
  program.hook('postAction', async () => {
    await redirected?.finish();
    redirected = null;
  });

  const wiring: Wiring = {
    program,
    runtime,
    output: (flags) => ({
      ...flags,
      json: flags.json ?? globals().json,
      width: outputWidth(runtime.stdout, runtime.env),
    }),
    palette: () =>
      createPalette(colourAllowed({ flag: globals().color, env: runtime.env, isTTY: runtime.stdout.isTTY === true })),
    readerEnvironment: () => ({
      env: runtime.env,
      version: VERSION,
      debug: globals().debug ? (line: string) => void runtime.stderr.write(`debug: ${line}\n`) : null,
      clock: runtime.clock,
    }),
    nowSeconds: () => Math.floor(runtime.clock.now() / 1000),
    // Commander calls an action with `this` set to its command.
    action: (run) =>
      async function (this: Command): Promise<void> {
        const flags = this.opts<{ json?: boolean }>();
        try {
          setExitCode(await run(this.args, { ...flags, json: flags.json ?? globals().json } as never));
        } catch (error) {
          // A failed run leaves an --output target as it was (src/cli/outputFile.ts).
          await redirected?.abandon();
          redirected = null;
          throw error;
        }
      },
  };

  // In the order help lists them: the order a newcomer needs them.
  for (const declare of [
    explainCommand,
    checkCommand,
    customerCommand,
    couponCommand,
    auditCommand,
    reasonsCommand,
    mcpCommand,
    completionCommand,
  ])
    declare(wiring);
  return program;
}

/** `--for`, for the commands that judge a code or coupon against a live object. */
function addForOption(command: Command): Command {
  return command.option(
    '--for <cs_…|plink_…|in_…|sub_…|sub_sched_…|cus_…>',
    'take customer, currency, amount and products from this object (flags win)',
  );
}

function explainCommand(w: Wiring): void {
  addContextOptions(
    addOutputOptions(
      w.program
        .command('explain')
        .argument('<file>', 'a file with Stripe JSON or a pasted Dashboard request log; - for standard input')
        .description('offline: diagnose Stripe JSON from a file or stdin, no API key needed'),
    ),
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
      w.action<ExplainFlags>(async ([file], flags) => {
        const { runExplain } = await import('./explain.js');
        return runExplain(file!, w.output(flags), w.runtime, w.palette(), w.nowSeconds());
      }),
    );
}

function checkCommand(w: Wiring): void {
  addConnectionOptions(
    addContextOptions(
      addPriceOption(
        addForOption(
          addOutputOptions(
            w.program
              .command('check')
              .argument('<promo_id|code>', 'a promotion code id (promo_…) or the customer-facing code')
              .description('diagnose one promotion code, by id or customer-facing code'),
          ),
        )
          .option(
            '--ask-stripe',
            'also ask Stripe with an invoice preview and show its answer beside ours: sends one POST (/v1/invoices/create_preview) that creates nothing; needs the Invoices permission (Write on a restricted key)',
          )
          .option('--history', HISTORY_HELP),
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
      w.action<CheckFlags>(async ([target], flags) => {
        const { runCheck } = await import('./check.js');
        return runCheck(target!, w.output(flags), w.runtime, w.palette(), w.readerEnvironment(), w.nowSeconds());
      }),
    );
}

function customerCommand(w: Wiring): void {
  addConnectionOptions(
    addOutputOptions(
      w.program
        .command('customer')
        .argument('<cus_id>', 'the customer id')
        .description('explain the discounts on a customer and its subscriptions'),
    )
      .option('--at <time>', 'evaluate as of this moment (ISO-8601 or unix seconds) instead of now')
      .option('--warn-within <duration>', 'horizon for "expires soon" warnings', '7d')
      .option('--strict', 'also fail (exit 1) on conditional and warning findings')
      .option('--history', HISTORY_HELP),
  )
    .addHelpText(
      'after',
      `
Examples:
  $ promo-doctor customer cus_NffrFeUfNV2Hib
  $ promo-doctor customer cus_NffrFeUfNV2Hib --json | jq '.discounts[] | {coupon: .discount.coupon.id, applies}'`,
    )
    .action(
      w.action<CustomerFlags>(async ([id], flags) => {
        const { runCustomer } = await import('./customer.js');
        return runCustomer(id!, w.output(flags), w.runtime, w.palette(), w.readerEnvironment(), w.nowSeconds());
      }),
    );
}

function couponCommand(w: Wiring): void {
  addConnectionOptions(
    addContextOptions(
      addPriceOption(
        addForOption(
          addOutputOptions(
            w.program.command('coupon').argument('<coupon_id>', 'the coupon id').description('diagnose one coupon'),
          ),
        ).option('--history', HISTORY_HELP),
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
      w.action<CheckFlags>(async ([id], flags) => {
        const { runCoupon } = await import('./coupon.js');
        return runCoupon(id!, w.output(flags), w.runtime, w.palette(), w.readerEnvironment(), w.nowSeconds());
      }),
    );
}

function auditCommand(w: Wiring): void {
  addConnectionOptions(
    addContextOptions(
      addPriceOption(
        w.program
          .command('audit')
          .description('diagnose every promotion code in the account (streams)')
          .option('--json', 'NDJSON: one diagnosis document per code, written as pages arrive')
          .addOption(formatOption(AUDIT_FORMAT))
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
With --customer, every code is judged as that customer would redeem it (restrictions to
a customer, first-time offers on its history, read once; --amount, --currency, --surface
as for check): which codes can this customer use?

An item that cannot be diagnosed (malformed in Stripe's answer) is named on stderr and
counted in the summary; the others are diagnosed and the exit code is 3.

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
      w.action<AuditFlags>(async (_args, flags) => {
        const { runAudit } = await import('./audit.js');
        return runAudit(flags, w.runtime, w.palette(), w.readerEnvironment(), w.nowSeconds());
      }),
    );
}

function reasonsCommand(w: Wiring): void {
  w.program
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
      w.action<{ json?: boolean }>(async ([code], flags) => {
        const { runReasons } = await import('./reasons.js');
        return runReasons(code, { json: flags.json }, w.runtime, w.palette());
      }),
    );
}

function mcpCommand(w: Wiring): void {
  w.program
    .command('mcp')
    .description('a Model Context Protocol server on stdio, for AI assistants (docs/mcp.md)')
    .addHelpText(
      'after',
      `
Started by an assistant, not by hand: it reads JSON-RPC on stdin and writes it on stdout
until stdin closes. The key comes from STRIPE_API_KEY or the Stripe CLI's login, as for the
other commands, never from a tool call. An assistant's configuration:
  {"command": "npx", "args": ["promo-doctor", "mcp"], "env": {"STRIPE_API_KEY": "rk_test_…"}}

Examples:
  $ STRIPE_API_KEY=rk_test_… promo-doctor mcp
  $ npx @modelcontextprotocol/inspector npx promo-doctor mcp`,
    )
    .action(
      w.action<{ json?: boolean }>(async () => {
        // The SDK is loaded by this import only: no other command pays for it.
        const { runMcp } = await import('./mcp.js');
        return runMcp(w.runtime, VERSION);
      }),
    );
}

function completionCommand(w: Wiring): void {
  w.program
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
      w.action<{ json?: boolean }>(async ([shell]) => {
        const { runCompletion } = await import('./completion.js');
        return runCompletion(shell!, w.program, w.runtime);
      }),
    );
}
