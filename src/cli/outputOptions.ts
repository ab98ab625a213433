/**
 * The output flags: --json, --format and --verbose, declared once. --format lists its values
 * with commander's `.choices()`, so help and the completion scripts (src/cli/completion.ts)
 * know them, and refuses any other value here, in one place, with one sentence.
 */
import { Option, type Command } from 'commander';
import { UsageError } from '../errors.js';
import { quoteInput } from '../format/text.js';

/** The formats of a command's --format, and what --json means beside them. */
export interface FormatFlag<F extends string> {
  readonly formats: readonly F[];
  readonly description: string;
  /** Commander's default, which --json may override; without one, the first format is used. */
  readonly default?: F;
  /** What --json is, for the sentence that refuses --json with another format. */
  readonly jsonIs: string;
  /** Formats of other commands that people try here, and the sentence that says where they belong. */
  readonly elsewhere?: Readonly<Record<string, string>>;
}

export const DIAGNOSIS_FORMAT: FormatFlag<'human' | 'json' | 'markdown' | 'reply'> = {
  formats: ['human', 'json', 'markdown', 'reply'],
  description:
    'human (default), markdown (for a ticket or an issue), reply (plain sentences to paste to the customer) or json',
  jsonIs: '--format json',
};

export const AUDIT_FORMAT: FormatFlag<'table' | 'json' | 'ndjson' | 'csv' | 'html'> = {
  formats: ['table', 'json', 'ndjson', 'csv', 'html'],
  description: 'table, json (NDJSON; ndjson is the same), csv or html (a self-contained report: use --output)',
  default: 'table',
  jsonIs: '--format json, NDJSON',
  elsewhere: {
    reply:
      '--format reply writes to one customer about one code: use it with check, coupon or explain, not with audit.',
    markdown:
      '--format markdown is for one diagnosis: use it with check, coupon, customer or explain; audit writes table, json, csv or html.',
  },
};

const orList = (words: readonly string[]): string =>
  words.length === 1 ? words[0]! : `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`;

/** `--format <format>` with its values. */
export function formatOption<F extends string>(flag: FormatFlag<F>): Option {
  const option = new Option('--format <format>', flag.description).choices(flag.formats).argParser((text) => {
    const elsewhere = flag.elsewhere && Object.hasOwn(flag.elsewhere, text) ? flag.elsewhere[text] : undefined;
    if (elsewhere !== undefined) throw new UsageError(elsewhere);
    if (!(flag.formats as readonly string[]).includes(text))
      throw new UsageError(`--format ${quoteInput(text)} is not one of ${orList(flag.formats)}.`);
    return text as F;
  });
  return flag.default === undefined ? option : option.default(flag.default);
}

/** The format asked for: `--json` is `--format json`, and `--json` with another format given is a contradiction. */
export function chosenFormat<F extends string>(flag: FormatFlag<F>, flags: { json?: boolean; format?: F }): F {
  const format = flags.format;
  // A format that commander filled in as the default does not contradict --json.
  if (flags.json && format !== undefined && format !== 'json' && format !== flag.default) {
    throw new UsageError(`--json and --format ${format} ask for two formats: give one (--json is ${flag.jsonIs}).`);
  }
  return flags.json ? ('json' as F) : (format ?? flag.default ?? flag.formats[0]!);
}

/** --json, --format and --verbose, as every command that writes diagnoses has them. */
export function addOutputOptions(command: Command): Command {
  return command
    .option('--json', 'one JSON document on stdout (= --format json)')
    .addOption(formatOption(DIAGNOSIS_FORMAT))
    .option('--verbose', 'also every check and the raw evidence (unix seconds beside ISO)');
}
