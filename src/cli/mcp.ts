/**
 * `promo-doctor mcp`: the Model Context Protocol server on stdio (src/cli/mcp/server.ts).
 * stdout carries JSON-RPC and nothing else; diagnostics go to stderr. The server runs until
 * its client closes stdin, lets the calls still running answer, and exits 0. The SDK is
 * imported only here, so no other command loads it (scripts/build.mjs: one chunk per command).
 */
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { Clock } from '../clock.js';
import { EXIT } from './exitCode.js';
import type { Streams } from './io.js';
import { createMcpServer } from './mcp/server.js';

export interface McpRuntime extends Streams {
  readonly env: Record<string, string | undefined>;
  readonly clock: Clock;
}

export async function runMcp(runtime: McpRuntime, version: string): Promise<number> {
  const log = (line: string): void => void runtime.stderr.write(`${line}\n`);
  const { server, idle } = createMcpServer({ env: runtime.env, clock: runtime.clock, version, log });
  const stdin = runtime.stdin;
  const closed = new Promise<void>((resolve) => {
    stdin.once('end', resolve);
    stdin.once('close', resolve);
  });
  const transport = new StdioServerTransport(stdin, runtime.stdout);
  // A line that is no JSON-RPC is the client's mistake: say so on stderr and read on.
  transport.onerror = (error) => log(`promo-doctor mcp: ${error.message.split('\n')[0]}`);
  await server.connect(transport);
  if (runtime.stdin.isTTY)
    log('promo-doctor mcp: an MCP server on stdio, for an AI assistant to start (see docs/mcp.md); Ctrl-D ends it.');
  await closed;
  await idle();
  // The last answers are sent after their handlers settle: one turn of the event loop.
  await new Promise((resolve) => setImmediate(resolve));
  await server.close();
  return EXIT.ok;
}
