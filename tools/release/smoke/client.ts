// @dollr/client against @dollr/mock, both installed from their tarballs: type-checked, then run.
import {
  type CheckoutSession,
  type CreateCheckoutSessionPayload,
  createDollrClient,
  DollrApiError,
} from '@dollr/client';
import { startMock, TEST_CREDENTIALS } from '@dollr/mock';

const body: CreateCheckoutSessionPayload = { source_id: 101, source_type: 'INVOICE' };
// @ts-expect-error — 'PAYSLIP' is no source type: the installed types are the spec's, not `any`.
const wrong: CreateCheckoutSessionPayload = { source_id: 101, source_type: 'PAYSLIP' };
void wrong;

const mock = await startMock({ port: 0 });
try {
  const client = createDollrClient({ baseUrl: mock.url, ...TEST_CREDENTIALS, retry: false });
  const token: string = await client.getToken();
  const session: CheckoutSession = await client.createSession.checkout(body);
  const raw = await client.POST('/sessions/checkout', { body });
  if (raw.error !== undefined || raw.data === undefined) throw new Error('raw POST failed');
  const id: number = raw.data.id;
  console.log(
    JSON.stringify({
      token: token.length > 0, // never print the token itself
      sessionId: typeof session.id,
      rawSessionId: typeof id,
      errorClass: typeof DollrApiError,
    }),
  );
} finally {
  await mock.close();
}
