/** Realtime test helpers: a raw Phoenix client over `ws`, and a collection to follow. */
import { REALTIME_COLLECTION } from '@dollr/spec/vocabulary';
import { WebSocket } from 'ws';
import type { Api, Json } from './support.js';
import { ref } from './support.js';

export type Vsn = '1.0.0' | '2.0.0';

export interface Frame {
  join_ref: string | null;
  ref: string | null;
  topic: string;
  event: string;
  payload: Json;
}

/** A Phoenix client as realtime-js speaks it, recording every frame it receives. */
export class RawSubscriber {
  readonly frames: Frame[] = [];
  private waiters: Array<() => void> = [];
  private nextRef = 1;

  private constructor(
    private readonly ws: WebSocket,
    readonly vsn: Vsn,
  ) {
    ws.on('message', (data) => {
      const raw = JSON.parse(data.toString());
      this.frames.push(
        Array.isArray(raw)
          ? { join_ref: raw[0], ref: raw[1], topic: raw[2], event: raw[3], payload: raw[4] }
          : raw,
      );
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  /** Connect to `${rootUrl}/realtime/v1/websocket`; rejects with the handshake's status. */
  static connect(rootUrl: string, apikey: string | null, vsn: Vsn = '2.0.0') {
    const query = new URLSearchParams({ vsn });
    if (apikey !== null) query.set('apikey', apikey);
    const url = `${rootUrl.replace(/^http/, 'ws')}/realtime/v1/websocket?${query}`;
    const ws = new WebSocket(url);
    return new Promise<RawSubscriber>((resolve, reject) => {
      ws.once('open', () => resolve(new RawSubscriber(ws, vsn)));
      ws.once('unexpected-response', (_req, res) => {
        let body = '';
        res.on('data', (chunk) => {
          body += chunk;
        });
        res.on('end', () =>
          reject(Object.assign(new Error(body), { status: res.statusCode, body })),
        );
      });
      ws.once('error', reject);
    });
  }

  /** Send a frame; a join's `join_ref` is its own ref, as realtime-js sends it. */
  send(topic: string, event: string, payload: Json, joinRef: string | null = null): string {
    const ref = String(this.nextRef++);
    const frame = { join_ref: event === 'phx_join' ? ref : joinRef, ref, topic, event, payload };
    this.ws.send(
      JSON.stringify(this.vsn === '2.0.0' ? [frame.join_ref, ref, topic, event, payload] : frame),
    );
    return ref;
  }

  /** The first frame (from `from` on) that passes `test`, waiting up to `ms`. */
  async next(test: (frame: Frame) => boolean, ms = 5000, from = 0): Promise<Frame> {
    const deadline = Date.now() + ms;
    for (;;) {
      const found = this.frames.slice(from).find(test);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(`no such frame within ${ms} ms; got ${JSON.stringify(this.frames)}`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  reply(ref: string, ms?: number): Promise<Frame> {
    return this.next((f) => f.event === 'phx_reply' && f.ref === ref, ms);
  }

  /** Join the collection's channel with the docs' binding; the join reply. */
  async join(
    key: string | undefined,
    sessionId: number,
    referenceId: string,
    filterRef = referenceId,
  ) {
    const topic = `realtime:${channelFor(sessionId, referenceId)}`;
    const payload: Json = {
      config: {
        broadcast: { ack: false, self: false },
        presence: { key: '', enabled: false },
        postgres_changes: [binding(filterRef)],
        private: false,
      },
    };
    if (key !== undefined) payload.access_token = key;
    const joinRef = this.send(topic, 'phx_join', payload);
    return { topic, joinRef, reply: await this.reply(joinRef) };
  }

  changes(topic: string): Json[] {
    return this.frames
      .filter((f) => f.topic === topic && f.event === REALTIME_COLLECTION.event)
      .map((f) => f.payload);
  }

  /** The close code, once the server closes the socket. */
  closed(): Promise<number> {
    return new Promise((resolve) => {
      if (this.ws.readyState === WebSocket.CLOSED) resolve(1006);
      this.ws.once('close', (code) => resolve(code));
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.ws.readyState === WebSocket.CLOSED) return resolve();
      this.ws.once('close', () => resolve());
      this.ws.close();
    });
  }
}

export function channelFor(sessionId: number, referenceId: string): string {
  return REALTIME_COLLECTION.channel
    .replace('{session_id}', String(sessionId))
    .replace('{reference_id}', referenceId);
}

export function binding(referenceId: string) {
  return {
    event: REALTIME_COLLECTION.postgresEvent,
    schema: REALTIME_COLLECTION.schema,
    table: REALTIME_COLLECTION.table,
    filter: REALTIME_COLLECTION.filter.replace('{reference_id}', referenceId),
  };
}

/** A checkout session for an invoice, a realtime key for it, and a reference id to collect. */
export async function prepareCollection(client: Api, token: string, sourceId: number) {
  const session = await client.call('POST', '/sessions/checkout', {
    token,
    body: { source_id: sourceId, source_type: 'INVOICE' },
  });
  if (session.status !== 200) throw new Error(`checkout: ${JSON.stringify(session.body)}`);
  const referenceId = ref();
  const key = await client.call('POST', '/realtime-keys/collection', {
    token,
    body: { session_id: session.body.id, source_type: 'INVOICE', reference_id: referenceId },
  });
  if (key.status !== 200) throw new Error(`key: ${JSON.stringify(key.body)}`);
  const sessionId = session.body.id as number;
  return {
    sessionId,
    referenceId,
    key: key.body.access_token as string,
    expiresIn: key.body.expires_in as number,
    collect: (account = '18') =>
      client.call('POST', '/executions/collection', {
        token,
        body: {
          session_id: String(sessionId),
          payment_account_id: account,
          currency: 'USD',
          reference_id: referenceId,
        },
      }),
  };
}
