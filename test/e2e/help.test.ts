/**
 * Help that teaches: every command's --help ends with real examples, the top-level help
 * lists commands in the order a newcomer needs them, and the examples that need no key run.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const COMMANDS = ['explain', 'check', 'customer', 'coupon', 'audit', 'reasons'];

/** The "$ promo-doctor …" lines of the Examples section that ends a help text. */
function examples(help: string): string[] {
  const section = help.split('\nExamples:\n')[1] ?? '';
  return section
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith('$ '))
    .map((line) => line.slice(2));
}

describe('help', () => {
  it('lists the commands in newcomer order, offline explain first', async () => {
    const { stdout, code } = await runCli(['--help']);
    expect(code).toBe(0);
    const listed = [...stdout.matchAll(/^ {2}(\w+) \[options\]/gm)].map((m) => m[1]);
    expect(listed).toEqual(COMMANDS);
  });

  it.each([...COMMANDS, 'mcp'])('%s --help ends with two or three examples of itself', async (command) => {
    const { stdout, code } = await runCli([command, '--help']);
    expect(code).toBe(0);
    const lines = examples(stdout);
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(lines.length).toBeLessThanOrEqual(3);
    for (const line of lines) expect(line).toMatch(new RegExp(`promo-doctor ${command}\\b`));
    expect(stdout.trimEnd().split('\n').at(-1)).toMatch(/^\s+\$ /);
  });

  it.each(['explain', 'reasons'])('the keyless examples of %s --help run', async (command) => {
    const { stdout } = await runCli([command, '--help']);
    for (const line of examples(stdout)) {
      const words = line.split(' | ')[0]!.split(/\s+/);
      if (words[0] !== 'promo-doctor' || words.includes('-')) continue;
      const args = words.slice(1).map((w) => w.replace(/^'|'$/g, ''));
      const result = await runCli(args);
      expect(result.stderr).toBe('');
      expect([0, 1]).toContain(result.code);
    }
  });
});
