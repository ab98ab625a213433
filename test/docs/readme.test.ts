/**
 * The README is part of the interface: its sample output is exactly what the tool prints for
 * the command shown, and its library example is the consumer project's code. (Its commands,
 * and those of docs/, are run by test/docs/commands.test.ts; its links by test/docs/links.test.ts.)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../helpers/cli.js';

const README = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');

describe('README', () => {
  it('shows, as its sample, exactly what the tool prints for the command shown', async () => {
    const sample = /```\n\$ (promo-doctor explain [^\n]+)\n([\s\S]*?)```/.exec(README);
    expect(sample).not.toBeNull();
    const args = sample![1]!.split(' ').slice(1);
    expect(args).toContain('--at');
    const { stdout } = await runCli(args);
    expect(sample![2]).toBe(stdout);
  });
});

describe('Use it in your app', () => {
  it('shows the checkout example that the consumer project compiles and runs (test/package/package.test.ts)', () => {
    const section = README.slice(README.indexOf('## Use it in your app'));
    const code = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
    expect(code).toBe(readFileSync(join(REPO_ROOT, 'test', 'fixtures', 'consumer', 'src', 'checkout.ts'), 'utf8'));
  });
});
