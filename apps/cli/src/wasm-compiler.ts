/**
 * On Node 20 the first `fetch` compiles undici's HTTP parser (WebAssembly), and V8 keeps
 * optimising it on a background thread that the process waits for when it exits: a command that
 * makes one request spent about 150 ms more, of wall and CPU time alike. V8's baseline compiler
 * alone is quick enough for the few answers a command reads. Node 22 and later load the parser
 * differently and gain nothing from this, so it is set on Node 20 only.
 */
import { setFlagsFromString } from 'node:v8';

export function useBaselineWasmCompilerOnNode20(): void {
  const { node, bun, deno } = process.versions;
  if (node.split('.')[0] === '20' && !bun && !deno) setFlagsFromString('--liftoff-only');
}
