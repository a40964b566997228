/** Where a page subscribes for live status: the sandbox's Supabase URL, anon key and key lifetime. */
import type { components } from '@dollr/spec/control';
import type { ControlHandler } from '../pipeline.js';
import { SANDBOX_ANON_KEY } from '../realtime/keys.js';
import { REALTIME_PATH } from '../realtime/protocol.js';

type Schemas = components['schemas'];

export const realtimeHandlers: Record<string, ControlHandler> = {
  getRealtime: ({ tenant, c }): Schemas['RealtimeInfo'] => {
    const { origin, protocol, host } = new URL(c.req.url);
    return {
      url: origin,
      websocket_url: `${protocol === 'https:' ? 'wss:' : 'ws:'}//${host}${REALTIME_PATH}`,
      anon_key: SANDBOX_ANON_KEY,
      key_ttl_seconds: tenant.realtimeKeyTtlSeconds,
      subscribers: tenant.feed.subscribers,
    };
  },
};
