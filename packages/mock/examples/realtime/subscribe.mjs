// The Dollr docs' realtime snippet, run as written: follow one collection live with
// @supabase/supabase-js, and fall back to polling on CHANNEL_ERROR. Needs a global WebSocket
// (Node 22 or later; on Node 20 see the README). Prints one JSON line per event.
//
//   SUPABASE_URL=… SUPABASE_ANON_KEY=… REALTIME_KEY=… SESSION_ID=… REFERENCE_ID=… node subscribe.mjs
import { createClient } from '@supabase/supabase-js';

const { SUPABASE_URL, SUPABASE_ANON_KEY, REALTIME_KEY, SESSION_ID, REFERENCE_ID } = process.env;

// The realtime key comes from your server: POST /v1/realtime-keys/collection.
const supabase = createClient(SUPABASE_URL, SUPABASE_ANON_KEY, {
  accessToken: async () => REALTIME_KEY,
});

const print = (line) => console.log(JSON.stringify(line));

// Hand the key to Realtime before joining: a join sent before the accessToken callback resolves
// carries no key, runs as the anon role and sees no row (supabase-js 2.119 does not re-send an
// unchanged key after the join).
await supabase.realtime.setAuth();

supabase
  .channel(`payment-intent:${SESSION_ID}:${REFERENCE_ID}`)
  .on(
    'postgres_changes',
    {
      event: '*',
      schema: 'public',
      table: 'checkout_payment_intent_public_status',
      filter: `reference_id=eq.${REFERENCE_ID}`,
    },
    async (payload) => {
      print({ event: payload.eventType, ...payload.new });
      if (payload.new.status === 'COMPLETED' || payload.new.status === 'FAILED') {
        // A hint only: verify the final state on your server (GET /v1/status/collection/{id}).
        await supabase.removeAllChannels();
        process.exit(0);
      }
    },
  )
  .subscribe((status, error) => {
    print({ subscribe: status, error: error?.message });
    if (status === 'CHANNEL_ERROR' || status === 'TIMED_OUT') {
      // Here a page falls back to polling GET /v1/status/collection/{reference_id}.
      process.exit(2);
    }
  });
