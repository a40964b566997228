// Per-call overhead of @dollr/client against raw fetch and bare openapi-fetch, in one run, against
// a local node:http server on 127.0.0.1. Prints the median time per call, the ratio to raw fetch, the
// floor (bare openapi-fetch, what any client built on it pays) and whether the target (≤ 1.10×) is met.
// Wall time is what callers feel; CPU time (client and server share this process) is steadier on a
// busy machine. Run after `build`: it measures dist/, what users get.
import { createServer } from 'node:http';
import createClient from 'openapi-fetch';
import { createDollrClient } from '../dist/index.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 30);
const CALLS = Number(process.env.BENCH_CALLS ?? 200);
const TARGET = 1.1;
const REFERENCE = '3f6c1d2e-8a4b-4c5d-9e7f-1a2b3c4d5e6f';
const EXECUTION = JSON.stringify({
  reference_id: REFERENCE,
  status: 'COMPLETED',
  payer_amount: 101.5,
  payer_currency: 'USD',
  payee_amount: 100,
  payee_currency: 'USD',
  operation_type: 'COLLECTION',
});
const TOKEN = JSON.stringify({ access_token: 'bench-token', expires_in: 60 });

const server = createServer((req, res) => {
  const body = req.url === '/v1/jwt/client/obtain/token' ? TOKEN : EXECUTION;
  req.resume();
  req.on('end', () => {
    res.writeHead(200, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
    });
    res.end(body);
  });
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const baseUrl = `http://127.0.0.1:${server.address().port}/v1`;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

try {
  const bare = createClient({ baseUrl });
  const dollr = createDollrClient({ baseUrl, clientId: 'bench', clientSecret: 'bench-secret' });
  await dollr.getToken(); // auth cached: measure the steady state
  const headers = { authorization: 'Bearer bench-token' };
  const params = { path: { reference_id: REFERENCE } };
  const url = `${baseUrl}/status/collection/${REFERENCE}`;

  const contenders = {
    'raw fetch': async () => (await fetch(url, { headers })).json(),
    // What a per-request timeout alone costs: one AbortController and one timer per call.
    'raw fetch + timeout signal': async () => {
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), 30_000);
      try {
        return await (await fetch(url, { headers, signal: controller.signal })).json();
      } finally {
        clearTimeout(timer);
      }
    },
    'openapi-fetch': () => bare.GET('/status/collection/{reference_id}', { params, headers }),
    '@dollr/client GET': () => dollr.GET('/status/collection/{reference_id}', { params }),
    '@dollr/client getExecution': () => dollr.getExecution('collection', REFERENCE),
  };
  const names = Object.keys(contenders);
  const wall = Object.fromEntries(names.map((n) => [n, []]));
  const cpu = Object.fromEntries(names.map((n) => [n, []]));

  for (let round = -3; round < ROUNDS; round++) {
    // Rotate the order each round so no contender always runs on a warmer or colder process.
    for (let i = 0; i < names.length; i++) {
      const name = names[(i + round + 3) % names.length];
      const call = contenders[name];
      globalThis.gc?.(); // start each batch with a clean heap: garbage is charged to its maker
      const start = performance.now();
      const cpuStart = process.cpuUsage();
      for (let c = 0; c < CALLS; c++) await call();
      const { user, system } = process.cpuUsage(cpuStart);
      if (round >= 0) {
        // The first three rounds warm up the JIT and the sockets.
        wall[name].push(((performance.now() - start) * 1000) / CALLS);
        cpu[name].push((user + system) / CALLS);
      }
    }
  }

  const base = { wall: median(wall['raw fetch']), cpu: median(cpu['raw fetch']) };
  console.log(
    `median per call, ${ROUNDS} interleaved rounds × ${CALLS} sequential GETs (Node ${process.version})`,
  );
  console.log(`${''.padEnd(28)}   wall µs   ratio     cpu µs   ratio`);
  for (const name of names) {
    const w = median(wall[name]);
    const c = median(cpu[name]);
    const cells = [
      w.toFixed(1),
      `${(w / base.wall).toFixed(3)}×`,
      c.toFixed(1),
      `${(c / base.cpu).toFixed(3)}×`,
    ];
    console.log(`${name.padEnd(28)} ${cells.map((x) => x.padStart(9)).join(' ')}`);
  }
  const ratios = (name) => ({
    wall: median(wall[name]) / base.wall,
    cpu: median(cpu[name]) / base.cpu,
  });
  const client = ratios('@dollr/client GET');
  const floor = ratios('openapi-fetch');
  const timeoutOnly = ratios('raw fetch + timeout signal');
  const over = (a, b) => (a / b).toFixed(3);
  const verdict = (measure) => (client[measure] <= TARGET ? 'met' : 'MISSED');
  console.log(
    `@dollr/client vs raw fetch (median of ${ROUNDS} rounds): ${client.wall.toFixed(3)}× wall, ` +
      `${client.cpu.toFixed(3)}× cpu; target ≤ ${TARGET.toFixed(2)}×: wall ${verdict('wall')}, cpu ${verdict('cpu')}`,
  );
  console.log(
    `  floor, bare openapi-fetch in the same run: ${floor.wall.toFixed(3)}× wall, ${floor.cpu.toFixed(3)}× cpu; ` +
      `@dollr/client over it: ${over(client.wall, floor.wall)}× wall, ${over(client.cpu, floor.cpu)}× cpu ` +
      `(a per-request timeout alone: ${timeoutOnly.wall.toFixed(3)}× wall, ${timeoutOnly.cpu.toFixed(3)}× cpu)`,
  );
  for (const measure of ['wall', 'cpu']) {
    if (client[measure] > TARGET && floor[measure] > TARGET) {
      console.log(
        `  ${measure}: bare openapi-fetch alone is ${floor[measure].toFixed(3)}× here, above the target: ` +
          'no client built on it can meet it in this run; what @dollr/client adds on top (token ' +
          'header, per-request timeout, retry bookkeeping) is its ratio over openapi-fetch above.',
      );
    }
  }
} finally {
  server.close();
  server.closeAllConnections?.();
}
