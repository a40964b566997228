// @dollr/mock as installed: start and stop the Prism mock and the stateful sandbox.
import { startMock, startSandbox, TEST_CREDENTIALS } from '@dollr/mock';

const obtainToken = async (url) => {
  const response = await fetch(`${url}/jwt/client/obtain/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      client_id: TEST_CREDENTIALS.clientId,
      client_secret: TEST_CREDENTIALS.clientSecret,
    }),
  });
  return response.status;
};

const result = {};
const mock = await startMock({ port: 0 });
try {
  result.mock = await obtainToken(mock.url);
} finally {
  await mock.close();
}
const sandbox = await startSandbox({ port: 0, quiet: true });
try {
  result.sandbox = await obtainToken(sandbox.url);
} finally {
  await sandbox.close();
}
console.log(JSON.stringify(result));
