/**
 * The MCP server of `promo-doctor mcp`, on the official SDK's low-level `Server`: the tools of
 * ./tools.ts with their JSON Schemas as declared, and one reader for every call.
 *
 * - The key is resolved as the CLI resolves it (STRIPE_API_KEY, else the Stripe CLI's login),
 *   on the first call that reads Stripe, so explain_stripe_json and lookup_reason work without
 *   one. It is never a tool argument (arguments.ts refuses one) and never in a result: errors
 *   are the CLI's sentences, which mask keys (src/stripe/errors.ts).
 * - Every call shares one reader, and so one pacer (src/stripe/pacer.ts): concurrent calls
 *   together stay under the rate an audit keeps, whatever the assistant sends at once.
 * - What the caller got wrong, and what Stripe refused, is a tool result with isError: true
 *   and one sentence; the server stays up. An unknown tool is a JSON-RPC error (-32602), as
 *   the MCP specification's tools page shows for one.
 */
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CallToolRequestSchema,
  type CallToolResult,
  ErrorCode,
  ListToolsRequestSchema,
  McpError,
} from '@modelcontextprotocol/sdk/types.js';
import type { Clock } from '../../clock.js';
import { DiagnosisError, InputError } from '../../errors.js';
import { oneLine, quoteInput } from '../../format/text.js';
import { maskKey } from '../../stripe/key.js';
import { Pacer } from '../../stripe/pacer.js';
import type { StripeReader } from '../../stripe/reader.js';
import { openReader } from '../live.js';
import { runTool, TOOLS, toolList, type ToolDeps } from './tools.js';

/** As the audit's defaults (src/cli/audit.ts): 15 requests/s leaves checkout 10 of Stripe's 25 per endpoint. */
const MAX_RPS = 15;
const MAX_CONCURRENCY = 8;

export interface McpEnvironment {
  readonly env: Record<string, string | undefined>;
  readonly clock: Clock;
  readonly version: string;
  /** Diagnostics (stderr); never stdout, which carries JSON-RPC alone. */
  readonly log: (line: string) => void;
}

export interface McpServerHandle {
  readonly server: Server;
  /** Resolves when no tool call is running. */
  idle(): Promise<void>;
}

export const INSTRUCTIONS =
  'promo-doctor explains why a Stripe promotion code or coupon cannot be redeemed. Start with check_promotion_code for a code a customer reports, explain_stripe_json for an error or object the user pasted, explain_customer for a customer whose discount is missing, lookup_reason for a reason code or Stripe error code. Give every order detail you know (customer, amount and currency, products): missing details leave findings conditional. Every tool only reads; none changes the Stripe account.';

export function createMcpServer(environment: McpEnvironment): McpServerHandle {
  const server = new Server(
    { name: 'promo-doctor', title: 'promo-doctor', version: environment.version },
    { capabilities: { tools: {} }, instructions: INSTRUCTIONS },
  );
  const clock = environment.clock;
  const pacer = new Pacer({ maxRps: MAX_RPS, maxConcurrency: MAX_CONCURRENCY, clock });
  let reader: Promise<StripeReader> | null = null;
  const deps: ToolDeps = {
    now: () => Math.floor(clock.now() / 1000),
    reader: () => {
      reader ??= openReader({}, { env: environment.env, version: environment.version, debug: null, clock }, pacer);
      // A key that was missing may be there at the next call (`stripe login` meanwhile): try again then.
      reader.catch(() => {
        reader = null;
      });
      return reader;
    },
  };

  const running = new Set<Promise<unknown>>();

  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: toolList() }) as never);
  server.setRequestHandler(CallToolRequestSchema, async (request): Promise<CallToolResult> => {
    const tool = TOOLS.find((t) => t.name === request.params.name);
    if (!tool)
      throw new McpError(
        ErrorCode.InvalidParams,
        `Unknown tool ${quoteInput(request.params.name)}: the tools are ${TOOLS.map((t) => t.name).join(', ')}.`,
      );
    const call = answer(tool.name, request.params.arguments, deps, environment.log);
    running.add(call);
    try {
      return await call;
    } finally {
      running.delete(call);
    }
  });

  return {
    server,
    idle: async () => {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
  };
}

async function answer(
  name: string,
  args: unknown,
  deps: ToolDeps,
  log: (line: string) => void,
): Promise<CallToolResult> {
  const tool = TOOLS.find((t) => t.name === name)!;
  try {
    const { structured, text } = await runTool(tool, args, deps);
    return { content: [{ type: 'text', text }], structuredContent: structured };
  } catch (error) {
    if (error instanceof InputError || error instanceof DiagnosisError)
      // The CLI's sentence for a missing key points at its explain command; here the offline tools are.
      return failure(
        error.message.replace(
          '(or use explain, which needs no key)',
          '(explain_stripe_json and lookup_reason need none)',
        ),
      );
    // Unexpected: one line to the caller and to stderr, never a stack (it could carry request data).
    const message = oneLine(error instanceof Error ? error.message : String(error))
      .replace(/\b(sk|rk|pk)_(test|live)_[A-Za-z0-9]+/g, maskKey)
      .slice(0, 200);
    log(`promo-doctor mcp: ${name} failed unexpectedly: ${message}`);
    return failure(`promo-doctor failed unexpectedly: ${message}. Please report it.`);
  }
}

function failure(sentence: string): CallToolResult {
  return { content: [{ type: 'text', text: sentence }], isError: true };
}
