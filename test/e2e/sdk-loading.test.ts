/**
 * The Stripe SDK is bundled into its own chunk (scripts/build.mjs) that only the live commands'
 * dynamic import loads: the commands that need no API must never pay for it. The built binary
 * runs under bench/sdkLoadHook.mjs, which prints a marker on stderr whenever the SDK loads,
 * from its chunk or from node_modules/stripe.
 */
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, spawnCli } from '../helpers/cli.js';
import { KEY } from '../helpers/keys.js';
import { closedPortUrl } from '../helpers/liveStripe.js';

const MARKER = 'STRIPE-SDK-LOADED';
/** The MCP SDK (bench/sdkLoadHook.mjs): only `promo-doctor mcp` loads it. */
const MCP_MARKER = 'MCP-SDK-LOADED';
const hooked = { NODE_OPTIONS: `--import=${pathToFileURL(join(REPO_ROOT, 'bench', 'sdkLoadHook.mjs')).href}` };

describe('which commands load the Stripe SDK (and the MCP SDK)', () => {
  it('a live command does (the control: the hook sees the bundled SDK)', async () => {
    const r = await spawnCli(['check', 'promo_1', '--max-retries', '0'], {
      env: { ...hooked, STRIPE_API_KEY: KEY, STRIPE_API_BASE: await closedPortUrl() },
    });
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toContain(MARKER);
    expect(r.stderr).not.toContain(MCP_MARKER);
  });

  it('mcp loads the MCP SDK (the control), and exits 0 when stdin closes at once', async () => {
    const r = await spawnCli(['mcp'], { env: hooked, stdin: '' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(MCP_MARKER);
    expect(r.stdout).toBe('');
  });

  it.each([
    ['--version', ['--version']],
    ['--help', ['--help']],
    ['check --help', ['check', '--help']],
    ['reasons', ['reasons']],
    ['explain', ['explain', 'examples/promotion-code-2026-10-28.json']],
  ])('%s does not', async (_name, args) => {
    const r = await spawnCli(args, { env: hooked });
    expect(r.code, r.stderr).toBeLessThanOrEqual(1);
    expect(r.stderr).not.toContain(MARKER);
    expect(r.stderr).not.toContain(MCP_MARKER);
  });
});
