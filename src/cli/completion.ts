/**
 * `promo-doctor completion bash|zsh|fish`: the description of the program read off the
 * commander program itself (commands, flags, their choices) and the reason catalogue, so
 * the script cannot drift from what the program accepts.
 */
import type { Command, Option } from 'commander';
import { UsageError } from '../errors.js';
import { REASON_CODES } from '../rules/catalogue.js';
import {
  renderCompletion,
  SHELLS,
  type CommandSpec,
  type FlagSpec,
  type ProgramSpec,
  type Shell,
} from '../render/completion.js';
import { write, type Streams } from './io.js';

/** Flags whose value is a file name. The values of the others are their commander `.choices()`. */
const FILE_FLAGS = new Set(['--output']);

function flagSpec(option: Option): FlagSpec {
  const long = option.long ?? option.short ?? option.flags;
  const choices = option.argChoices;
  return {
    long,
    ...(option.short && option.long ? { short: option.short } : {}),
    description: option.description,
    takesValue: option.required || option.optional,
    ...(choices ? { choices } : {}),
    ...(FILE_FLAGS.has(long) ? { file: true } : {}),
  };
}

/** What the first argument of each command completes to. */
function argumentOf(command: Command): CommandSpec['argument'] {
  if (command.name() === 'reasons') return { kind: 'words', words: REASON_CODES };
  if (command.name() === 'completion') return { kind: 'words', words: SHELLS };
  if (command.name() === 'explain') return { kind: 'file' };
  const first = command.registeredArguments[0];
  if (first?.argChoices) return { kind: 'words', words: first.argChoices };
  return { kind: 'none' };
}

export function describeProgram(program: Command): ProgramSpec {
  const helpFlag = { long: '--help', short: '-h', description: 'display help', takesValue: false } satisfies FlagSpec;
  const flags = [...program.options.map(flagSpec), helpFlag];
  return {
    name: program.name(),
    flags,
    // --version answers only before a command.
    inherited: flags.filter((f) => f.long !== '--version'),
    commands: program.commands.map((c) => ({
      name: c.name(),
      description: c.description(),
      flags: c.options.map(flagSpec),
      argument: argumentOf(c),
    })),
  };
}

export async function runCompletion(shell: string, program: Command, io: Streams): Promise<number> {
  if (!(SHELLS as readonly string[]).includes(shell))
    throw new UsageError(`"${shell}" is not a shell promo-doctor completes: give bash, zsh or fish.`);
  await write(io.stdout, renderCompletion(shell as Shell, describeProgram(program)));
  return 0;
}
