/**
 * Commander wiring. Each action stays short: parse flags -> run the command module ->
 * return an exit code. Command modules are imported when their command runs, so
 * `--help`, `--version`, `reasons` and `explain` never load the Stripe SDK.
 */
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { createPalette, colourAllowed, type Palette } from '../render/palette.js';
import { addContextOptions, type ContextFlags } from './contextOptions.js';
import type { Streams } from './io.js';

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

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

export function buildProgram(runtime: Runtime, setExitCode: (code: number) => void): Command {
  const program = new Command('promo-doctor')
    .description('Every reason a Stripe promotion code or coupon cannot be redeemed, with the evidence.')
    .version(packageVersion(), '-v, --version')
    .option('--json', 'one JSON document on stdout (lists: one per line)')
    .option('--no-color', 'no colours (also: NO_COLOR, or stdout not a terminal)')
    .option('--debug', 'show stack traces and request lines (the API key masked)')
    .showSuggestionAfterError(true)
    .configureHelp({ sortSubcommands: false });

  const palette = (): Palette => {
    const flags = program.opts<GlobalFlags>();
    return createPalette(colourAllowed({ flag: flags.color, env: runtime.env, isTTY: runtime.stdout.isTTY === true }));
  };
  const globals = () => program.opts<GlobalFlags>();

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
