/**
 * `promo-doctor mcp` as an assistant runs it: the built binary, spawned by the SDK's own stdio
 * client. What only a process shows: stdout carries JSON-RPC alone (the client reports any
 * other line as an error), diagnostics go to stderr, the key comes from the environment, and
 * the process exits 0 once the client closes its stdin.
 */
import type { ChildProcess } from 'node:child_process';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, expect, it } from 'vitest';
import { BIN, REPO_ROOT } from '../helpers/cli.js';
import { KEY, LEAK_MARKERS } from '../helpers/keys.js';
import { expectOnlyGets, startFake, stopFakes } from '../helpers/liveStripe.js';
import { AT, AT_ISO, DAY } from '../helpers/time.js';
import * as build from '../support/builders.js';

afterEach(stopFakes);

it('a client discovers the tools, checks a code, explains an error body, looks up a reason; exit 0 when stdin closes', async () => {
  build.resetBuilderIds();
  const fake = await startFake({
    coupons: [build.coupon({ id: 'C1' })],
    promotionCodes: [
      build.promotionCode({ id: 'promo_x', code: 'SPRING', coupon: 'C1', active: false, expires_at: AT - DAY }),
    ],
  });
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [BIN, 'mcp'],
    cwd: REPO_ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: '/nonexistent',
      STRIPE_API_KEY: KEY,
      STRIPE_API_BASE: fake.url,
      NO_COLOR: '1',
    },
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const transportErrors: Error[] = [];
  const client = new Client({ name: 'stdio-test', version: '1.0.0' });
  await client.connect(transport);
  transport.onerror = (error) => transportErrors.push(error);
  // The SDK keeps the child private; its exit code is what this test is about.
  const child = (transport as unknown as { _process: ChildProcess })._process;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const { tools } = await client.listTools();
  expect(tools.map((t) => t.name)).toContain('check_promotion_code');

  const checked = (await client.callTool({
    name: 'check_promotion_code',
    arguments: { code: 'SPRING', at: AT_ISO },
  })) as CallToolResult;
  expect((checked.structuredContent as { verdict: string }).verdict).toBe('not_redeemable');

  const explained = (await client.callTool({
    name: 'explain_stripe_json',
    arguments: {
      input: JSON.stringify({
        error: {
          type: 'invalid_request_error',
          message: 'This promotion code cannot be redeemed because the associated customer has prior transactions.',
        },
      }),
    },
  })) as CallToolResult;
  const docs = (explained.structuredContent as { documents: Array<{ reasons: Array<{ code: string }> }> }).documents;
  expect(docs[0]!.reasons.map((r) => r.code)).toContain('customer_has_prior_transactions');

  const looked = (await client.callTool({
    name: 'lookup_reason',
    arguments: { query: 'promotion_code_expired' },
  })) as CallToolResult;
  expect((looked.structuredContent as { reasons: Array<{ title: string }> }).reasons[0]!.title).toBe(
    'Promotion code expired',
  );

  const bad = (await client.callTool({ name: 'check_coupon', arguments: { coupon: 'a b' } })) as CallToolResult;
  expect(bad.isError).toBe(true);

  await client.close();
  expect(await exited).toBe(0);
  expect(transportErrors).toEqual([]);
  for (const marker of LEAK_MARKERS) {
    expect(stderr.includes(marker)).toBe(false);
    expect(JSON.stringify([checked, explained, looked, bad]).includes(marker)).toBe(false);
  }
  expectOnlyGets(fake);
});
