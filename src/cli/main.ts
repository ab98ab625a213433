/**
 * Runs the program against a Runtime (streams, environment, clock, working directory) and
 * returns the exit code: every failure becomes one sentence on stderr and its documented
 * exit code, never a stack trace unless --debug. It reads nothing from `process`
 * (entry.ts does), so tests run it in-process with fake streams and a virtual clock.
 */
import type { CommanderError } from 'commander';
import { oneLine, quoteInput } from '../format/text.js';
import { looksLikeApiKey } from '../stripe/key.js';
import { EXIT, exitCodeForError } from './exitCode.js';
import { UsageError } from '../errors.js';
import { write, WriteError } from './io.js';
import type { Runtime } from './program.js';

/** Commander's own messages ("error: unknown option '--x'") as one sentence of ours. */
function usageSentence(error: CommanderError): string {
  // Commander puts "(Did you mean …?)" on a second line; keep one line.
  const text = error.message
    .replace(/^error:\s*/i, '')
    .replace(/\s*\n\s*/g, ' ')
    .trim()
    // Commander quotes the offending argument whole: keep at most ~60 characters of it.
    .replace(/'([^']{61,})'/g, (_m, arg: string) => quoteInput(arg).replaceAll('"', "'"));
  const sentence = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.?!)]$/.test(sentence) ? sentence : `${sentence}.`;
}

/**
 * A key given where an id, a code or a file name belongs (a swapped shell variable) would be
 * sent in a URL and echoed in errors. Refuse it before anything is sent or printed, without
 * repeating it. Only --api-key may carry a key.
 */
export function refuseMisplacedKey(argv: readonly string[]): void {
  argv.forEach((arg, i) => {
    if (arg === '--api-key' || arg.startsWith('--api-key=') || argv[i - 1] === '--api-key') return;
    if (looksLikeApiKey(arg)) {
      throw new UsageError(
        `Argument ${i + 1} looks like a Stripe API key where an id, a code or a file name belongs; keys go in STRIPE_API_KEY (or --api-key), and this one was not sent anywhere.`,
      );
    }
  });
}

/** Read by shape: commander is loaded lazily, so `instanceof` would need it up front. */
function isCommanderError(error: unknown): error is CommanderError {
  return (
    error instanceof Error &&
    typeof (error as CommanderError).code === 'string' &&
    (error as CommanderError).code.startsWith('commander.')
  );
}

function isBrokenPipe(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null ? (error as NodeJS.ErrnoException).code : undefined;
  return code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED';
}

export async function main(argv: readonly string[], runtime: Runtime): Promise<number> {
  let exitCode: number = EXIT.ok;
  const debug = argv.includes('--debug');
  // Loaded here, not at the top: entry.ts answers --version without it.
  const { buildProgram } = await import('./program.js');
  const program = buildProgram(runtime, (code) => {
    exitCode = code;
  });
  try {
    refuseMisplacedKey(argv);
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    // The reader of stdout went away (`| head -1`): nothing more to say, to anyone.
    if (isBrokenPipe(error)) return exitCode;
    if (isCommanderError(error)) {
      // --help and --version end through exitOverride with exit code 0.
      if (error.exitCode === 0) return EXIT.ok;
      // No command at all: commander has already printed the help on stderr.
      if (error.code === 'commander.help') return EXIT.usage;
      const command = program.commands.find((c) => argv.includes(c.name()))?.name();
      await write(
        runtime.stderr,
        `promo-doctor: ${usageSentence(error)} Run promo-doctor ${command ? `${command} ` : ''}--help for usage.\n`,
      );
      return EXIT.usage;
    }
    if (error instanceof WriteError) {
      // stderr may be the stream that failed: then there is no one to tell.
      await write(runtime.stderr, `promo-doctor: ${oneLine(error.message)}\n`).catch(() => {});
      return EXIT.output;
    }
    const known = exitCodeForError(error);
    if (known !== null) {
      await write(runtime.stderr, `promo-doctor: ${(error as Error).message}\n`);
      if (debug && (error as Error).stack) await write(runtime.stderr, `${(error as Error).stack}\n`);
      return known;
    }
    const message = oneLine(error instanceof Error ? error.message : String(error));
    await write(
      runtime.stderr,
      `promo-doctor: unexpected error: ${message}. Please report it with the command you ran (add --debug for details).\n`,
    );
    if (debug && error instanceof Error && error.stack) await write(runtime.stderr, `${error.stack}\n`);
    return EXIT.failure;
  }
}
