import { streamText } from '@dollr/test-kit';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { createSandbox, startSandbox } from '../src/index.js';
import type { Finding } from '../src/sandbox/doctor/doctor.js';
import { formatFinding } from '../src/sandbox/doctor/print.js';
import { checkCreateFault } from '../src/sandbox/faults/validate.js';
import { RequestLog } from '../src/sandbox/log/request-log.js';
import { streamRequests } from '../src/sandbox/log/stream.js';
import { createTenant } from '../src/tenant.js';
import {
  doctorSummary,
  printDoctorSummary,
  printTenantDoctorSummary,
} from '../src/vitest-doctor.js';

const finding: Finding = {
  id: 1,
  rule: 'POLL_TOO_FAST',
  message: 'polled the status of r1 5 ms after request #2 answered PENDING',
  citation: 'Dollr docs: "Poll every 2–5 s"',
  at: '2026-01-01T00:00:00.000Z',
  request_id: 3,
  method: 'GET',
  path: '/v1/status/collection/r1',
  operation: 'getCollectionStatus',
  related_request_ids: [2],
};

describe('fault rule checks beyond the schema', () => {
  const ops = ['collect', 'getCollectionStatus'];
  it('accepts a sound rule', () => {
    expect(checkCreateFault({ kind: 'ERROR_AFTER_EFFECT', operation: 'collect' }, ops)).toEqual([]);
  });
  it('locates an unknown operation, a reversed window and a LATENCY without latency', () => {
    const issues = checkCreateFault(
      {
        kind: 'LATENCY',
        operation: 'colect',
        from: '2026-01-01T00:02:00Z',
        until: '2026-01-01T00:01:00Z',
      },
      ops,
    );
    expect(issues.map((i) => i.loc)).toEqual([
      ['body', 'operation'],
      ['body', 'until'],
      ['body', 'latency'],
    ]);
    expect(issues[0]?.msg).toContain('collect, getCollectionStatus');
  });
});

describe('doctor output', () => {
  it('prints a finding on one line, naming a tenant other than the default', () => {
    expect(formatFinding(finding)).toBe(
      'doctor: POLL_TOO_FAST: polled the status of r1 5 ms after request #2 answered PENDING (request #3 GET /v1/status/collection/r1)',
    );
    expect(formatFinding(finding, 'tn_1')).toContain('doctor [tenant tn_1]: POLL_TOO_FAST');
  });

  it('summarises findings by tenant and rule, and says nothing when there are none', () => {
    expect(doctorSummary([{ tenant: 'default', findings: [] }])).toBeUndefined();
    const summary = doctorSummary([
      { tenant: 'tn_1', findings: [finding, { ...finding, id: 2 }] },
      { tenant: 'tn_2', findings: [] },
    ]);
    expect(summary).toContain('2 findings');
    expect(summary).toContain('tenant tn_1:');
    expect(summary).toContain('POLL_TOO_FAST ×2: polled the status of r1');
    expect(summary).not.toContain('tn_2');
  });
});

describe('the request log as Server-Sent Events', () => {
  it('sends the backlog after `after`, then live requests, redacted', async () => {
    const log = new RequestLog(10);
    const add = (path: string, body?: unknown) =>
      log.append(log.reserve(), {
        atMs: 0,
        method: 'POST',
        path,
        operation: null,
        status: 200,
        durationMs: 1,
        requestHeaders: {},
        requestBody: body,
        responseHeaders: {},
        responseBody: undefined,
        fault: null,
      });
    add('/v1/one');
    add('/v1/two');
    const app = new Hono().get('/stream', (c) => streamRequests(c, log, 1));
    const controller = new AbortController();
    const response = await app.request('/stream', { signal: controller.signal });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const stream = streamText(response.body);
    await stream.until('/v1/two');
    add('/v1/three', { client_secret: 'hush' });
    await stream.until('/v1/three');
    controller.abort();
    await stream.cancel();
    const events = stream.text.trim().split('\n\n');
    expect(events).toHaveLength(2);
    expect(events[0]?.split('\n').sort()).toEqual([
      expect.stringMatching(/^data: \{"id":2,.*"path":"\/v1\/two"/),
      'event: request',
      'id: 2',
    ]);
    expect(stream.text).not.toContain('/v1/one');
    expect(stream.text).not.toContain('hush');
    expect(log.subscribers).toBe(0);
  });
});

describe('the doctor summary of a vitest run', () => {
  it('prints what the doctor found in each tenant, and nothing when it found nothing', async () => {
    const sandbox = createSandbox({ quiet: true, clock: 'manual' });
    try {
      const lines: string[] = [];
      printDoctorSummary(sandbox.tenants.list(), (text) => lines.push(text));
      expect(lines).toEqual([]);
      const token = () =>
        sandbox.app.request('/v1/jwt/client/obtain/token', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            client_id: 'dollr_test_client',
            client_secret: 'dollr_test_secret',
          }),
        });
      await token();
      await token();
      printDoctorSummary(sandbox.tenants.list(), (text) => lines.push(text));
      expect(lines.join('')).toContain('tenant default:');
      expect(lines.join('')).toContain('TOKEN_PER_CALL ×1: obtained a new token');
    } finally {
      sandbox.close();
    }
  });

  it("prints a tenant's findings read over HTTP, as useDollrTenant does before deleting it", async () => {
    const sandbox = await startSandbox({ quiet: true });
    try {
      const tenant = await createTenant({ url: sandbox.url, credentials: sandbox.credentials });
      const lines: string[] = [];
      await printTenantDoctorSummary(tenant, (text) => lines.push(text));
      expect(lines).toEqual([]);
      for (let i = 0; i < 2; i++) {
        await fetch(`${sandbox.url}/jwt/client/obtain/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            client_id: tenant.credentials.clientId,
            client_secret: tenant.credentials.clientSecret,
          }),
        });
      }
      await printTenantDoctorSummary(tenant, (text) => lines.push(text));
      expect(lines.join('')).toContain(`tenant ${tenant.id}:`);
      expect(lines.join('')).toContain('TOKEN_PER_CALL ×1');
      await tenant.delete();
    } finally {
      await sandbox.close();
    }
  });
});
