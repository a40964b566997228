/**
 * Where the demo follows collections live: the embedded sandbox's realtime, Dollr's Supabase URL
 * and anon key from the environment, or an external sandbox's (it says where, over its control
 * API). Nothing, and the demo polls; the start-up log says which.
 */
import type { DollrClient } from '@dollr/client';
import type { RealtimeOptions } from '@dollr/client/realtime';
import type { RunningSandbox } from '@dollr/mock';
import { createControlClient } from '@dollr/mock/control';
import type { RealtimeSetting } from './config.js';

/** Node 22+ has a WebSocket of its own; Node 20 borrows `ws`'s. */
async function webSocket(): Promise<unknown> {
  return (globalThis as { WebSocket?: unknown }).WebSocket ?? (await import('ws')).default;
}

async function askSandbox(client: DollrClient, baseUrl: string) {
  const control = createControlClient({ baseUrl, token: () => client.getToken() });
  const { data } = await control
    .GET('/_sandbox/realtime', { signal: AbortSignal.timeout(5_000) })
    .catch(() => ({ data: undefined }));
  return data ? { url: data.url, anonKey: data.anon_key } : undefined;
}

export async function resolveRealtime(
  setting: RealtimeSetting,
  dollr: { sandbox?: RunningSandbox; client: DollrClient; baseUrl: string },
  log: (message: string) => void,
): Promise<RealtimeOptions | undefined> {
  const where =
    setting.kind === 'off'
      ? undefined
      : setting.kind === 'given'
        ? { url: setting.url, anonKey: setting.anonKey }
        : dollr.sandbox
          ? { url: dollr.sandbox.realtime.url, anonKey: dollr.sandbox.realtime.anonKey }
          : await askSandbox(dollr.client, dollr.baseUrl);
  if (!where) {
    log(
      setting.kind === 'off'
        ? 'live status: polling (DOLLR_REALTIME=off)'
        : 'live status: polling (no realtime: set DOLLR_REALTIME_URL and DOLLR_REALTIME_ANON_KEY)',
    );
    return undefined;
  }
  // No URL in this line: the banner's first URL must stay the shop's (it is what people open).
  log(
    `live status: through ${setting.kind === 'given' ? "Dollr's" : "the sandbox's"} realtime channel, polling as the fallback`,
  );
  return { ...where, WebSocket: await webSocket() };
}
