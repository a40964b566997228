/**
 * A merchant's integration written the way the Dollr docs' snippets are: raw `fetch` to
 * https://api.heydollr.app/v1, nothing that knows about a mock. The MSW tests run it unchanged, in
 * Node (msw.test.ts) and in Chromium (browser/msw.browser.ts).
 */
const DOLLR_API = 'https://api.heydollr.app/v1';

export interface Credentials {
  clientId: string;
  clientSecret: string;
}

async function dollr<T>(path: string, init: RequestInit & { token?: string } = {}): Promise<T> {
  const response = await fetch(`${DOLLR_API}${path}`, {
    ...init,
    headers: {
      'Content-Type': 'application/json',
      ...(init.token ? { Authorization: `Bearer ${init.token}` } : {}),
    },
  });
  const body = await response.json();
  if (!response.ok) throw new Error(`Dollr ${response.status}: ${JSON.stringify(body)}`);
  return body as T;
}

export async function payInvoice(credentials: Credentials, invoiceId: number, accountId: number) {
  const { access_token } = await dollr<{ access_token: string; expires_in: number }>(
    '/jwt/client/obtain/token',
    {
      method: 'POST',
      body: JSON.stringify({
        client_id: credentials.clientId,
        client_secret: credentials.clientSecret,
      }),
    },
  );
  const session = await dollr<{ id: number; status: string }>('/sessions/checkout', {
    method: 'POST',
    token: access_token,
    body: JSON.stringify({ source_type: 'INVOICE', source_id: invoiceId }),
  });
  const referenceId = crypto.randomUUID();
  const execution = await dollr<{ reference_id: string; status: string }>(
    '/executions/collection',
    {
      method: 'POST',
      token: access_token,
      body: JSON.stringify({
        session_id: String(session.id),
        payment_account_id: String(accountId),
        currency: 'USD',
        reference_id: referenceId,
      }),
    },
  );
  // Poll until the payment is final, as the docs advise.
  let status = execution.status;
  const seen = [status];
  while (status !== 'COMPLETED' && status !== 'FAILED') {
    await new Promise((resolve) => setTimeout(resolve, 20));
    ({ status } = await dollr<{ status: string }>(`/status/collection/${referenceId}`, {
      token: access_token,
    }));
    if (seen.at(-1) !== status) seen.push(status);
  }
  const source = await dollr<{ status: string; paid_at: string | null }>(
    `/status/source?source_type=INVOICE&source_id=${invoiceId}`,
    { token: access_token },
  );
  return { session, referenceId, statuses: seen, source };
}
