/**
 * `promo-doctor completion bash|zsh|fish`. The bash script is loaded into a real bash and
 * asked to complete, as bash asks it on Tab (COMP_WORDS, COMP_CWORD, then COMPREPLY).
 * Expected words come from the contract (the commands of the README, the reason codes of the
 * design table) and, for flags, from the commander program itself: every flag it accepts
 * must complete, so a flag added later without completion fails here.
 */
import { execFileSync } from 'node:child_process';
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/program.js';
import { runCli } from '../helpers/cli.js';
import { VirtualClock } from '../helpers/clock.js';
import { DESIGN_SEVERITY, DESIGN_SURFACES } from '../helpers/design.js';

const COMMANDS = ['explain', 'check', 'customer', 'coupon', 'audit', 'reasons', 'mcp', 'completion'];
const REASONS = Object.keys(DESIGN_SEVERITY);

async function script(shell: string): Promise<string> {
  const result = await runCli(['completion', shell]);
  expect(result.code, result.stderr).toBe(0);
  expect(result.stderr).toBe('');
  return result.stdout;
}

/** What the script completes for a command line whose last word is being typed. */
function complete(bashScript: string, line: string[]): string[] {
  const words = line.map((w) => `'${w.replaceAll("'", "'\\''")}'`).join(' ');
  const program = `${bashScript}
COMP_WORDS=(${words}); COMP_CWORD=${line.length - 1}; COMP_LINE='${line.join(' ')}'; COMP_POINT=\${#COMP_LINE}
_promo_doctor
printf '%s\\n' "\${COMPREPLY[@]}"`;
  const out = execFileSync('bash', ['--norc', '--noprofile', '-c', program], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
  });
  return out.split('\n').filter((w) => w !== '');
}

describe('completion bash', () => {
  it('registers a completion function for promo-doctor', async () => {
    const out = execFileSync(
      'bash',
      ['--norc', '--noprofile', '-c', `${await script('bash')}\ncomplete -p promo-doctor`],
      { encoding: 'utf8' },
    );
    expect(out.trim()).toBe('complete -o filenames -F _promo_doctor promo-doctor');
  });

  it('completes the commands, then the reason codes of `reasons`, then the shells of `completion`', async () => {
    const bash = await script('bash');
    expect(complete(bash, ['promo-doctor', ''])).toEqual(expect.arrayContaining(COMMANDS));
    expect(complete(bash, ['promo-doctor', 'au'])).toEqual(['audit']);
    expect(complete(bash, ['promo-doctor', 'reasons', '']).sort()).toEqual([...REASONS].sort());
    expect(complete(bash, ['promo-doctor', 'reasons', 'coupon_redeem_by_p'])).toEqual(['coupon_redeem_by_passed']);
    expect(complete(bash, ['promo-doctor', 'completion', ''])).toEqual(['bash', 'zsh', 'fish']);
  });

  it('completes the flags of each command, global flags after the command too, and nothing after a flag that takes a value', async () => {
    const bash = await script('bash');
    expect(complete(bash, ['promo-doctor', 'audit', '--form'])).toEqual(['--format']);
    expect(complete(bash, ['promo-doctor', 'audit', '--ou'])).toEqual(['--output']);
    expect(complete(bash, ['promo-doctor', 'check', 'SUMMER20', '--proj'])).toEqual(['--project-name']);
    expect(complete(bash, ['promo-doctor', '--no-color', 'check', '--api-key', ''])).toEqual([]);
    expect(complete(bash, ['promo-doctor', 'reasons', '--'])).toEqual(expect.arrayContaining(['--json', '--help']));
    expect(complete(bash, ['promo-doctor', 'reasons', '--'])).not.toContain('--api-key');
  });

  it("completes the values of --format and --surface (commander's .choices()), and help lists them", async () => {
    const bash = await script('bash');
    const surfaces = DESIGN_SURFACES;
    for (const command of ['explain', 'check', 'coupon', 'customer'])
      expect(complete(bash, ['promo-doctor', command, 'x', '--format', '']).sort(), command).toEqual(
        ['human', 'json', 'markdown', 'reply'].sort(),
      );
    expect(complete(bash, ['promo-doctor', 'audit', '--format', '']).sort()).toEqual(
      ['csv', 'html', 'json', 'ndjson', 'table'].sort(),
    );
    expect(complete(bash, ['promo-doctor', 'audit', '--format', 'h'])).toEqual(['html']);
    for (const command of ['explain', 'check', 'coupon', 'audit'])
      expect(complete(bash, ['promo-doctor', command, '--surface', '']).sort(), command).toEqual([...surfaces].sort());
    const help = (await runCli(['check', '--help'])).stdout.replace(/\s+/g, ' ');
    expect(help).toContain('(choices: "human", "json", "markdown", "reply")');
    expect(help).toContain(`(choices: ${surfaces.map((s) => `"${s}"`).join(', ')})`);
    const zsh = await script('zsh');
    expect(zsh).toContain('(human json markdown reply)');
    expect(zsh).toContain('(table json ndjson csv html)');
  });

  it('every flag of every command of the program completes (generated from it, so no drift)', async () => {
    const bash = await script('bash');
    const runtime = {
      stdin: Readable.from([]),
      stdout: new PassThrough(),
      stderr: new PassThrough(),
      env: {},
      clock: new VirtualClock(),
      cwd: '/',
    };
    const program = buildProgram(runtime, () => {});
    expect(program.commands.map((c) => c.name())).toEqual(COMMANDS);
    for (const command of program.commands) {
      const offered = complete(bash, ['promo-doctor', command.name(), '--']);
      for (const option of command.options) expect(offered, `${command.name()} ${option.long}`).toContain(option.long);
    }
  });
});

describe('completion zsh and fish', () => {
  it('zsh: a compdef script naming every command and the reason codes', async () => {
    const zsh = await script('zsh');
    expect(zsh.startsWith('#compdef promo-doctor\n')).toBe(true);
    for (const command of COMMANDS) expect(zsh).toContain(`'${command}:`);
    expect(zsh).toContain(`'1:reasons argument:(${REASONS.join(' ')})'`);
    expect(zsh).toContain('compdef _promo_doctor promo-doctor');
  });

  it('fish: complete lines for every command and the reason codes', async () => {
    const fish = await script('fish');
    for (const command of COMMANDS)
      expect(fish).toMatch(new RegExp(`^complete -c promo-doctor -n '[^']*' -a ${command} -d `, 'm'));
    expect(fish).toContain(
      `complete -c promo-doctor -n '__fish_seen_subcommand_from reasons' -a '${REASONS.join(' ')}'`,
    );
  });

  it('another shell: exit 2, one sentence', async () => {
    const result = await runCli(['completion', 'powershell']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'promo-doctor: "powershell" is not a shell promo-doctor completes: give bash, zsh or fish.\n',
    );
  });
});
