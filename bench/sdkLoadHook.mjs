/**
 * `node --import ./bench/sdkLoadHook.mjs …`: prints STRIPE-SDK-LOADED on stderr each time the
 * Stripe SDK is loaded, whether from node_modules/stripe (unbundled) or from the chunk
 * scripts/build.mjs bundles it into. The chunk is recognised by what it holds, not by its
 * name: esbuild heads each bundled module with a `// node_modules/stripe/…` path comment.
 * MCP-SDK-LOADED likewise for the MCP SDK, which only `promo-doctor mcp` may load.
 * Used by bench/run.mjs and test/e2e/sdk-loading.test.ts, each with a positive control (a live
 * command must print the marker), so a build that loses the comments fails loudly instead of
 * passing silently.
 */
import { register } from 'node:module';

const hook = `export async function load(url, context, next) {
  const loaded = await next(url, context);
  const fromPackage = url.includes('/node_modules/stripe/');
  const bundled = url.startsWith('file:') && loaded.source != null && String(loaded.source).includes('// node_modules/stripe/');
  if (fromPackage || bundled) process._rawDebug('STRIPE-SDK-LOADED');
  const mcp = url.includes('/node_modules/@modelcontextprotocol/sdk/') || (url.startsWith('file:') && loaded.source != null && String(loaded.source).includes('// node_modules/@modelcontextprotocol/sdk/'));
  if (mcp) process._rawDebug('MCP-SDK-LOADED');
  return loaded;
}`;

register(`data:text/javascript,${encodeURIComponent(hook)}`);
