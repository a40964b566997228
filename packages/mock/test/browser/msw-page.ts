// The page's code, bundled by the test with esbuild for the browser: the published browser build
// of @dollr/mock/msw (its `browser` export) behind msw's service worker, and the docs-style integration, unchanged.

import { createSandboxHandlers } from '@dollr/mock/msw';
import { setupWorker } from 'msw/browser';
import { payInvoice } from '../docs-integration.js';

const { handlers, sandbox } = createSandboxHandlers({ delays: { processingMs: 30, settleMs: 30 } });
const worker = setupWorker(...handlers);

Object.assign(window, {
  async payThroughWorker() {
    await worker.start({
      quiet: true,
      onUnhandledRequest: 'error',
      serviceWorker: { url: '/mockServiceWorker.js' },
    });
    try {
      return await payInvoice(sandbox.credentials, 101, 21);
    } finally {
      worker.stop();
    }
  },
});
