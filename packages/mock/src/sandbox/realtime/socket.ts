/**
 * The realtime websocket of a running sandbox, at `/realtime/v1/websocket` of its root (so the
 * root is a `SUPABASE_URL`): the handshake checks `apikey` as Supabase Realtime does (401 with
 * `{"error": …}`), then each socket is a RealtimeConnection. Node only (`ws`); the browser build
 * has none.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocket, WebSocketServer } from 'ws';
import type { TenantRegistry } from '../tenants.js';
import { RealtimeConnection } from './connection.js';
import { checkToken } from './keys.js';
import { REALTIME_PATH, VSNS, type Vsn } from './protocol.js';
import { SettleScheduler } from './scheduler.js';

export interface RealtimeSocket {
  close(): void;
}

/** Phoenix closes a socket that sent nothing (not even a heartbeat) for 60 s. */
const IDLE_TIMEOUT_MS = 60_000;
/** Frames larger than this close the socket, as a body over 1 MB is refused on `/v1`. */
const MAX_FRAME_BYTES = 1024 * 1024;

function refuse(socket: Duplex, status: number, reason: string, error: string): void {
  const body = JSON.stringify({ error });
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

export function attachRealtime(
  server: Server,
  tenants: TenantRegistry,
  idleTimeoutMs = IDLE_TIMEOUT_MS,
): RealtimeSocket {
  // `ws` is loaded by the first handshake, not at start-up: most sandboxes never open a socket.
  let wss: WebSocketServer | undefined;
  let loading: Promise<WebSocketServer> | undefined;
  let closed = false;
  const webSocketServer = () =>
    (loading ??= import('ws').then(({ WebSocketServer }) => {
      wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
      return wss;
    }));
  const scheduler = new SettleScheduler();
  const accept = (ws: WebSocket, vsn: Vsn, apikey: string) => {
    const connection = new RealtimeConnection(
      { send: (text) => ws.readyState === ws.OPEN && ws.send(text) },
      vsn,
      apikey,
      tenants,
      scheduler,
    );
    let idle: ReturnType<typeof setTimeout> | undefined;
    const awake = () => {
      clearTimeout(idle);
      idle = setTimeout(() => ws.close(1000, 'idle'), idleTimeoutMs);
      idle.unref?.();
    };
    awake();
    ws.on('message', (data, isBinary) => {
      awake();
      if (!isBinary) connection.receive(data.toString());
    });
    ws.on('close', () => {
      clearTimeout(idle);
      connection.close();
    });
    ws.on('error', () => ws.terminate());
  };
  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(request.url ?? '/', 'http://sandbox');
    if (url.pathname.replace(/\/$/, '') !== REALTIME_PATH) {
      return refuse(socket, 404, 'Not Found', 'Not Found');
    }
    const vsn = (url.searchParams.get('vsn') ?? '1.0.0') as Vsn;
    if (!VSNS.includes(vsn)) return refuse(socket, 400, 'Bad Request', `Unsupported vsn: ${vsn}`);
    const header = request.headers['x-api-key'];
    const apikey = (Array.isArray(header) ? header[0] : header) ?? url.searchParams.get('apikey');
    if (!apikey) return refuse(socket, 401, 'Unauthorized', 'API key is missing');
    const check = checkToken(tenants, apikey);
    if (!check.ok) return refuse(socket, 401, 'Unauthorized', check.refusal.handshake);
    webSocketServer().then(
      (wss) => {
        if (closed || socket.destroyed) return socket.destroy();
        wss.handleUpgrade(request, socket, head, (ws: WebSocket) => accept(ws, vsn, apikey));
      },
      () => refuse(socket, 500, 'Internal Server Error', 'websocket unavailable'),
    );
  };
  server.on('upgrade', onUpgrade);
  return {
    close() {
      closed = true;
      server.off('upgrade', onUpgrade);
      for (const client of wss?.clients ?? []) client.terminate();
      wss?.close();
      scheduler.close();
    },
  };
}
