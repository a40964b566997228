// The page's own code (served as is, not through vitest): a checkout with the built client, as an
// app in a browser would write it.
import { createDollrClient, DollrApiError } from '/dist/index.js';
import { watchExecution } from '/dist/realtime.js';

/** A checkout session for an invoice, and a collection sent in it. */
async function startCollection(dollr, invoiceId) {
  const session = await dollr.createSession.checkout({
    source_id: invoiceId,
    source_type: 'INVOICE',
  });
  const started = await dollr.collect({
    session_id: String(session.id),
    payment_account_id: '18',
    currency: 'USD',
  });
  return { session, started };
}

window.checkout = async (baseUrl, credentials) => {
  const dollr = createDollrClient({ baseUrl, ...credentials });
  const { session, started } = await startCollection(dollr, 101);
  const statuses = [];
  const final = await dollr.waitForExecution('collection', started.reference_id, {
    intervalMs: 20,
    maxIntervalMs: 20,
    onStatus: (execution) => statuses.push(execution.status),
  });
  const source = await dollr.getSourceStatus({ source_type: 'INVOICE', source_id: 101 });
  const missing = await dollr
    .getExecution('collection', crypto.randomUUID())
    .catch((error) => ({ isApiError: error instanceof DollrApiError, status: error.status }));
  return { session, started, final, statuses, source, missing };
};

window.watchLive = async (baseUrl, credentials, realtime) => {
  const dollr = createDollrClient({ baseUrl, ...credentials });
  const { session, started } = await startCollection(dollr, 102);
  const transports = [];
  const statuses = [];
  const { execution, via } = await watchExecution(dollr, 'collection', started.reference_id, {
    session: { id: session.id, sourceType: 'INVOICE' },
    realtime,
    maxIntervalMs: 600_000,
    onTransport: (transport) => transports.push(transport),
    onStatus: ({ status }) => statuses.push(status),
  });
  return { transports, statuses, via, final: execution };
};
window.ready = true;
