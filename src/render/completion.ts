/**
 * Shell completion scripts for bash, zsh and fish, written from a description of the
 * program (src/cli/completion.ts reads it off the commander program) and the reason codes,
 * so a new command, flag or reason code is completed without anyone editing a script.
 */

export type Shell = 'bash' | 'zsh' | 'fish';
export const SHELLS: readonly Shell[] = ['bash', 'zsh', 'fish'];

export interface FlagSpec {
  /** `--amount` */
  readonly long: string;
  /** `-v`, when there is one. */
  readonly short?: string;
  readonly description: string;
  /** Whether a value follows the flag. */
  readonly takesValue: boolean;
  /** The values it accepts, when they are a fixed list. */
  readonly choices?: readonly string[];
  /** Whether its value is a file name. */
  readonly file?: boolean;
}

export interface CommandSpec {
  readonly name: string;
  readonly description: string;
  readonly flags: readonly FlagSpec[];
  /** What the first argument completes to: a fixed list, file names, or nothing known. */
  readonly argument:
    | { readonly kind: 'words'; readonly words: readonly string[] }
    | { readonly kind: 'file' }
    | { readonly kind: 'none' };
}

export interface ProgramSpec {
  readonly name: string;
  /** Flags of the program itself, before any command. */
  readonly flags: readonly FlagSpec[];
  /** Program flags that also count after a command's name (commander reads them anywhere). */
  readonly inherited: readonly FlagSpec[];
  readonly commands: readonly CommandSpec[];
}

const functionName = (name: string): string => `_${name.replace(/[^A-Za-z0-9]/g, '_')}`;
/** Single-quoted for the shell: ' becomes '\'' (POSIX, fish and zsh alike). */
const sq = (text: string): string => `'${text.replaceAll("'", "'\\''")}'`;
const words = (list: readonly string[]): string => list.join(' ');
const allFlags = (flags: readonly FlagSpec[]): string[] =>
  flags.flatMap((f) => (f.short ? [f.long, f.short] : [f.long]));

/** A command's own flags, then the inherited ones it does not define itself. */
function flagsOf(spec: ProgramSpec, command: CommandSpec): FlagSpec[] {
  const own = new Set(command.flags.map((f) => f.long));
  return [...command.flags, ...spec.inherited.filter((f) => !own.has(f.long))];
}

export function renderCompletion(shell: Shell, spec: ProgramSpec): string {
  if (shell === 'bash') return bashScript(spec);
  if (shell === 'zsh') return zshScript(spec);
  return fishScript(spec);
}

function valueCases(flags: readonly FlagSpec[]): string {
  const lines: string[] = [];
  for (const f of flags.filter((x) => x.takesValue)) {
    const names = [f.long, ...(f.short ? [f.short] : [])].join('|');
    if (f.choices) lines.push(`      ${names}) COMPREPLY=($(compgen -W ${sq(words(f.choices))} -- "$cur")); return ;;`);
    else if (f.file) lines.push(`      ${names}) COMPREPLY=($(compgen -f -- "$cur")); return ;;`);
    else lines.push(`      ${names}) return ;;`);
  }
  return lines.join('\n');
}

function bashScript(spec: ProgramSpec): string {
  const fn = functionName(spec.name);
  const commandCases = spec.commands
    .map((c) => {
      const arg =
        c.argument.kind === 'words'
          ? `COMPREPLY=($(compgen -W ${sq(words(c.argument.words))} -- "$cur"))`
          : c.argument.kind === 'file'
            ? 'COMPREPLY=($(compgen -f -- "$cur"))'
            : ':';
      return `    ${c.name})
      case "$prev" in
${valueCases(flagsOf(spec, c)) || '      *) ;;'}
      esac
      if [[ $cur == -* ]]; then COMPREPLY=($(compgen -W ${sq(words(allFlags(flagsOf(spec, c))))} -- "$cur")); else ${arg}; fi
      ;;`;
    })
    .join('\n');
  return `# bash completion for ${spec.name}: written by \`${spec.name} completion bash\`.
# Load it with: source <(${spec.name} completion bash)
${fn}() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}" command="" i
  for ((i = 1; i < COMP_CWORD; i++)); do
    case "\${COMP_WORDS[i]}" in
      ${spec.commands.map((c) => c.name).join('|')}) command="\${COMP_WORDS[i]}"; break ;;
    esac
  done
  COMPREPLY=()
  case "$command" in
    "")
      case "$prev" in
${valueCases(spec.flags) || '      *) ;;'}
      esac
      COMPREPLY=($(compgen -W ${sq(words([...spec.commands.map((c) => c.name), ...allFlags(spec.flags)]))} -- "$cur"))
      ;;
${commandCases}
  esac
}
complete -o filenames -F ${fn} ${spec.name}
`;
}

/** `[description]` in an _arguments spec: brackets, colons and backslashes escaped. */
const zshDescription = (text: string): string => text.replace(/[\\[\]:]/g, (c) => `\\${c}`);

function zshFlag(f: FlagSpec): string {
  const action = !f.takesValue
    ? ''
    : f.choices
      ? `:value:(${f.choices.join(' ')})`
      : f.file
        ? ':file:_files'
        : ':value: ';
  const names = f.short ? `{${f.short},${f.long}}` : f.long;
  const body = `${f.takesValue ? '=' : ''}[${zshDescription(f.description)}]${action}`;
  // A brace list must stay outside the quotes to expand; the rest is quoted.
  return f.short ? `${names}${sq(body)}` : sq(`*${names}${body}`);
}

function zshScript(spec: ProgramSpec): string {
  const fn = functionName(spec.name);
  const commands = spec.commands.map((c) => sq(`${c.name.replaceAll(':', '\\:')}:${c.description}`)).join('\n    ');
  const cases = spec.commands
    .map((c) => {
      const arg =
        c.argument.kind === 'words'
          ? sq(`1:${c.name} argument:(${c.argument.words.join(' ')})`)
          : c.argument.kind === 'file'
            ? sq('1:file:_files')
            : '';
      return `    ${c.name})\n      _arguments -s \\\n        ${flagsOf(spec, c).map(zshFlag).join(' \\\n        ')}${arg ? ` \\\n        ${arg}` : ''}\n      ;;`;
    })
    .join('\n');
  return `#compdef ${spec.name}
# zsh completion for ${spec.name}: written by \`${spec.name} completion zsh\`.
# Load it with: source <(${spec.name} completion zsh)   (after compinit)
${fn}() {
  local -a commands
  commands=(
    ${commands}
  )
  if (( CURRENT == 2 )); then
    _describe -t commands '${spec.name} command' commands
    _arguments -s ${spec.flags.map(zshFlag).join(' ')}
    return
  fi
  local command=\${words[2]}
  shift words
  (( CURRENT-- ))
  case $command in
${cases}
  esac
}
compdef ${fn} ${spec.name}
`;
}

function fishFlag(spec: ProgramSpec, f: FlagSpec, condition: string): string {
  const parts = [`complete -c ${spec.name}`];
  if (condition) parts.push(`-n ${sq(condition)}`);
  parts.push(`-l ${f.long.replace(/^--/, '')}`);
  if (f.short) parts.push(`-s ${f.short.replace(/^-/, '')}`);
  if (f.takesValue) parts.push(f.file ? '-r -F' : '-x');
  if (f.choices) parts.push(`-a ${sq(words(f.choices))}`);
  parts.push(`-d ${sq(f.description)}`);
  return parts.join(' ');
}

function fishScript(spec: ProgramSpec): string {
  const names = spec.commands.map((c) => c.name).join(' ');
  const lines = [
    `# fish completion for ${spec.name}: written by \`${spec.name} completion fish\`.`,
    `# Load it with: ${spec.name} completion fish | source`,
    `complete -c ${spec.name} -f`,
    // Inherited flags count everywhere; the others only before a command.
    ...spec.flags.map((f) =>
      fishFlag(spec, f, spec.inherited.includes(f) ? '' : `not __fish_seen_subcommand_from ${names}`),
    ),
    ...spec.commands.map(
      (c) =>
        `complete -c ${spec.name} -n ${sq(`not __fish_seen_subcommand_from ${names}`)} -a ${c.name} -d ${sq(c.description)}`,
    ),
  ];
  for (const c of spec.commands) {
    const seen = `__fish_seen_subcommand_from ${c.name}`;
    lines.push(
      ...flagsOf(spec, c)
        .filter((f) => c.flags.includes(f))
        .map((f) => fishFlag(spec, f, seen)),
    );
    if (c.argument.kind === 'words')
      lines.push(`complete -c ${spec.name} -n ${sq(seen)} -a ${sq(words(c.argument.words))}`);
    if (c.argument.kind === 'file') lines.push(`complete -c ${spec.name} -n ${sq(seen)} -F`);
  }
  return `${lines.join('\n')}\n`;
}
