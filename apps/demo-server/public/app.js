// The pages' behaviour, in plain JavaScript. Every piece of dynamic text goes into the page
// through textContent (never innerHTML), so nothing the server or a user sends can become markup.

// ---------- small helpers ----------

/** Creates an element; children are nodes or strings (strings become text nodes). */
function h(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    if (name === 'className') node.className = value;
    else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

class ApiError extends Error {
  constructor(status, body) {
    super(body?.error ?? `The server answered ${status}`);
    this.status = status;
    this.fields = body?.fields ?? {};
    this.attempt = body?.attempt;
  }
}

/** Calls the demo server's JSON API; a non-2xx answer becomes an ApiError with its message. */
async function api(method, url, body) {
  const init = { method, headers: { accept: 'application/json' } };
  if (body !== undefined) {
    init.headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(url, init);
  } catch {
    throw new ApiError(0, { error: 'The demo server cannot be reached. Is it still running?' });
  }
  const data = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}

function money(amount, currency) {
  if (amount === null || amount === undefined) return '—';
  try {
    return new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(amount);
  } catch {
    return `${Number(amount).toFixed(2)} ${currency}`;
  }
}

function showAlert(node, message) {
  node.textContent = message ?? '';
  node.hidden = !message;
}

function formValues(form) {
  return Object.fromEntries(new FormData(form).entries());
}

/** Shows an ApiError on a form: the message in its alert, each field's problem by its input. */
function showFormError(form, error) {
  clearFormErrors(form);
  showAlert(form.querySelector('[data-form-error]'), error.message);
  for (const [name, problem] of Object.entries(error.fields ?? {})) {
    const slot = form.querySelector(`[data-for="${name}"]`) ?? form.querySelector(`#${name}-error`);
    if (slot) {
      slot.textContent = `${labelOf(form, name)} ${problem}`;
      slot.hidden = false;
    }
    for (const input of form.querySelectorAll(`[name="${name}"]`)) {
      input.setAttribute('aria-invalid', 'true');
    }
  }
}

function clearFormErrors(form) {
  showAlert(form.querySelector('[data-form-error]'), '');
  for (const slot of form.querySelectorAll('.field-error')) {
    slot.textContent = '';
    slot.hidden = true;
  }
  for (const input of form.querySelectorAll('[aria-invalid]'))
    input.removeAttribute('aria-invalid');
}

function labelOf(form, name) {
  const input = form.querySelector(`[name="${name}"]`);
  const label = input?.id ? form.querySelector(`label[for="${input.id}"]`) : null;
  return label?.firstChild?.textContent?.trim() ?? name;
}

const STATUS_WORDS = {
  STARTING: 'Starting: creating the session',
  PENDING: 'PENDING: Dollr has the request',
  PROCESSING: 'PROCESSING: the provider is working on it',
  COMPLETED: 'COMPLETED',
  FAILED: 'FAILED',
};

function badge(status, text = status) {
  return h('span', { className: `badge badge-${status.toLowerCase()}` }, text);
}

function shortTime(iso) {
  return new Date(iso).toLocaleTimeString([], {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
}

async function showMode() {
  const config = await api('GET', '/api/config');
  const mode = document.getElementById('mode');
  mode.textContent =
    config.dollr.kind === 'embedded'
      ? `Running on the embedded Dollr sandbox at ${config.dollr.baseUrl}: test money only.`
      : `Running against the Dollr API at ${config.dollr.baseUrl}.`;
  mode.hidden = false;
  return config;
}

/**
 * Follows one attempt through the server's event stream and shows it in a progress panel:
 * a status line (aria-live), a timeline of every status seen, and the attempt's facts.
 */
/** How the server follows the payment's status: Dollr's realtime channel, or polling. */
const FOLLOWED_BY = {
  realtime: 'live (Dollr realtime channel)',
  polling: 'polling the status',
};

function follow(panel, attempt, { onFinal } = {}) {
  const timeline = panel.querySelector('[data-timeline]');
  const statusText = panel.querySelector('[data-status-text]');
  const facts = panel.querySelector('[data-facts]');
  const notice = panel.querySelector('[data-action-notice]');
  timeline.replaceChildren();
  let last = null;

  const render = (a) => {
    if (a.status !== last && a.status !== 'STARTING') {
      last = a.status;
      timeline.append(
        h(
          'li',
          { className: `step step-${a.status.toLowerCase()}` },
          badge(a.status),
          ' ',
          h('time', { datetime: a.updated_at }, shortTime(a.updated_at)),
        ),
      );
    }
    const message = a.message ?? '';
    statusText.textContent = `${STATUS_WORDS[a.status] ?? a.status}${message ? ` — ${message}` : ''}`;
    statusText.className = `status-line status-${a.status.toLowerCase()}`;
    if (notice) notice.hidden = !(a.requires_action && !a.final);
    const rows = [
      ['Reference id', h('code', {}, a.reference_id ?? '(not sent yet)')],
      ['Session', a.session_id ?? '—'],
    ];
    if (a.followed_by) rows.push(['Followed by', FOLLOWED_BY[a.followed_by] ?? a.followed_by]);
    panel.dataset.followedBy = a.followed_by ?? '';
    if (a.payer_amount !== null) rows.push(['Payer pays', money(a.payer_amount, a.payer_currency)]);
    if (a.payee_amount !== null)
      rows.push(['Merchant receives', money(a.payee_amount, a.payee_currency)]);
    facts.replaceChildren(
      ...rows.flatMap(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]),
    );
  };

  render(attempt);
  if (attempt.final) {
    onFinal?.(attempt);
    return () => {};
  }
  const source = new EventSource(`/api/attempts/${attempt.id}/events`);
  source.addEventListener('attempt', (event) => {
    const a = JSON.parse(event.data);
    render(a);
    if (a.final) {
      source.close();
      onFinal?.(a);
    }
  });
  source.onerror = () => {
    // The browser reconnects by itself; the server resends the current state on reconnect.
  };
  return () => source.close();
}

function wireDialog(dialog, onClose) {
  for (const button of dialog.querySelectorAll('[data-close]')) {
    button.addEventListener('click', () => dialog.close());
  }
  dialog.addEventListener('close', onClose);
}

// ---------- the shop: invoices, checkout, refund ----------

async function shopPage() {
  const pageError = document.getElementById('page-error');
  const tbody = document.querySelector('#invoices tbody');
  const checkout = document.getElementById('checkout');
  const payForm = document.getElementById('pay-form');
  const payProgress = document.getElementById('pay-progress');
  const refundDialog = document.getElementById('refund');
  const refundForm = document.getElementById('refund-form');
  const refundProgress = document.getElementById('refund-progress');
  let current = null; // the invoice in the open dialog
  let stopFollowing = () => {};

  const config = await showMode();

  document.getElementById('account-choices').replaceChildren(
    ...config.payment_accounts.map((account, index) =>
      h(
        'label',
        { className: 'choice' },
        h('input', {
          type: 'radio',
          name: 'payment_account_id',
          value: account.id,
          checked: index === 0,
          required: true,
        }),
        h(
          'span',
          { className: 'choice-text' },
          h('span', { className: 'choice-label' }, `${account.label} — account ${account.id}`),
          h('span', { className: 'choice-outcome' }, account.outcome),
        ),
      ),
    ),
  );

  async function load() {
    try {
      const { invoices } = await api('GET', '/api/invoices');
      tbody.replaceChildren(...invoices.map(row));
      showAlert(pageError, '');
    } catch (error) {
      showAlert(pageError, error.message);
    }
  }

  function statusOf(invoice) {
    if (invoice.in_flight) {
      return invoice.in_flight.kind === 'refund'
        ? badge('processing', 'REFUNDING')
        : badge('processing', 'PROCESSING');
    }
    if (invoice.status === 'OPEN') {
      const failed =
        invoice.last_attempt?.status === 'FAILED' && invoice.last_attempt.kind === 'collection';
      return [
        badge('open', 'UNPAID'),
        failed ? h('span', { className: 'status-note' }, ' last try failed') : null,
      ];
    }
    if (invoice.status === 'REFUNDED') return badge('refunded', 'REFUNDED');
    const refunded =
      invoice.refunded_amount > 0
        ? h(
            'span',
            { className: 'status-note' },
            ` ${money(invoice.refunded_amount, invoice.currency)} refunded`,
          )
        : null;
    return [badge('paid', 'PAID'), refunded];
  }

  function row(invoice) {
    let action = null;
    if (invoice.in_flight) {
      action = h(
        'button',
        { type: 'button', onclick: () => openCheckout(invoice, invoice.in_flight) },
        'Follow',
        h('span', { className: 'visually-hidden' }, ` ${invoice.number}`),
      );
    } else if (invoice.status === 'OPEN') {
      action = h(
        'button',
        { type: 'button', className: 'primary', onclick: () => openCheckout(invoice) },
        'Pay',
        h('span', { className: 'visually-hidden' }, ` ${invoice.number}`),
      );
    } else if (invoice.status === 'PAID') {
      action = h(
        'button',
        { type: 'button', onclick: () => openRefund(invoice) },
        'Refund',
        h('span', { className: 'visually-hidden' }, ` ${invoice.number}`),
      );
    }
    return h(
      'tr',
      { 'data-invoice': invoice.id },
      h(
        'th',
        { scope: 'row' },
        h('span', { className: 'doc-number' }, invoice.number),
        h('span', { className: 'doc-type' }, invoice.source_type === 'ORDER' ? 'order' : 'invoice'),
      ),
      h('td', {}, invoice.customer),
      h('td', {}, invoice.description),
      h('td', { className: 'num' }, money(invoice.amount, invoice.currency)),
      h('td', { className: 'status-cell' }, statusOf(invoice)),
      h('td', { className: 'action-cell' }, action),
    );
  }

  function openCheckout(invoice, inFlight) {
    current = invoice;
    document.getElementById('checkout-title').textContent = `Pay ${invoice.number}`;
    document.getElementById('checkout-summary').textContent =
      `${invoice.description} for ${invoice.customer}: ${money(invoice.amount, invoice.currency)}${invoice.fee_bearer === 'PAYER' ? ' plus fees' : ', fees included'}.`;
    document.getElementById('pay-button').textContent =
      `Pay ${money(invoice.amount, invoice.currency)}`;
    clearFormErrors(payForm);
    payForm.hidden = !!inFlight;
    payProgress.hidden = !inFlight;
    checkout.showModal();
    if (inFlight) stopFollowing = follow(payProgress, inFlight, { onFinal: load });
  }

  payForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = payForm.querySelector('[type="submit"]');
    button.disabled = true; // one click, one payment (the server enforces it too)
    clearFormErrors(payForm);
    try {
      const { attempt } = await api('POST', `/api/invoices/${current.id}/pay`, formValues(payForm));
      payForm.hidden = true;
      payProgress.hidden = false;
      stopFollowing = follow(payProgress, attempt, { onFinal: load });
      void load();
    } catch (error) {
      showFormError(payForm, error);
      if (error.attempt && !error.attempt.final) {
        // Someone (another click, another tab) is already paying it: follow that payment.
        payForm.hidden = true;
        payProgress.hidden = false;
        stopFollowing = follow(payProgress, error.attempt, { onFinal: load });
      }
    } finally {
      button.disabled = false;
    }
  });

  function openRefund(invoice) {
    current = invoice;
    document.getElementById('refund-title').textContent = `Refund ${invoice.number}`;
    const left = money(
      invoice.refundable_amount,
      invoice.payment?.payee_currency ?? invoice.currency,
    );
    document.getElementById('refund-summary').textContent =
      `${invoice.customer} paid ${money(invoice.payment?.payer_amount ?? invoice.amount, invoice.payment?.payer_currency ?? invoice.currency)}; the shop received ${money(invoice.payment?.payee_amount ?? invoice.amount, invoice.payment?.payee_currency ?? invoice.currency)}.`;
    document.getElementById('refund-amount-hint').textContent = `At most ${left}.`;
    refundForm.amount.value = invoice.refundable_amount.toFixed(2);
    refundForm.reason.value = '';
    clearFormErrors(refundForm);
    refundForm.hidden = false;
    refundProgress.hidden = true;
    refundDialog.showModal();
  }

  refundForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = refundForm.querySelector('[type="submit"]');
    button.disabled = true;
    clearFormErrors(refundForm);
    try {
      const { attempt } = await api(
        'POST',
        `/api/invoices/${current.id}/refund`,
        formValues(refundForm),
      );
      refundForm.hidden = true;
      refundProgress.hidden = false;
      stopFollowing = follow(refundProgress, attempt, { onFinal: load });
      void load();
    } catch (error) {
      showFormError(refundForm, error);
    } finally {
      button.disabled = false;
    }
  });

  const onClose = () => {
    stopFollowing();
    stopFollowing = () => {};
    void load();
  };
  wireDialog(checkout, onClose);
  wireDialog(refundDialog, onClose);

  // Changes made elsewhere (another tab, the admin page, a recovered payment) refresh the list.
  let pending = null;
  const updates = new EventSource('/api/events');
  updates.addEventListener('attempt', () => {
    clearTimeout(pending);
    pending = setTimeout(load, 150);
  });

  await load();
}

// ---------- admin: payout, transfer, every attempt ----------

async function adminPage() {
  const pageError = document.getElementById('page-error');
  const config = await showMode();
  const options = (select, accounts) =>
    select.replaceChildren(
      ...accounts.map((a) =>
        h('option', { value: a.id }, a.outcome ? `${a.label} — ${a.outcome}` : a.label),
      ),
    );
  const payoutForm = document.getElementById('payout-form');
  const transferForm = document.getElementById('transfer-form');
  options(payoutForm.payout_account_id, config.payout_accounts);
  options(transferForm.from_wallet_id, config.wallets);
  options(transferForm.to_counterparty_id, config.counterparties);
  payoutForm.phone.value = config.payout_defaults.phone;
  payoutForm.passcode.value = config.payout_defaults.passcode;
  document.getElementById('passcode-hint').textContent =
    config.dollr.kind === 'embedded'
      ? "Prefilled with the sandbox's test passcode."
      : 'Your merchant passcode.';

  const tbody = document.querySelector('#attempts tbody');
  const rows = new Map();

  function attemptRow(a) {
    let what = a.account ?? '';
    if (a.invoice_id) what = `invoice ${a.invoice_id}`;
    else if (a.kind === 'payout') what = `payout account ${a.account}`;
    const account = a.kind === 'collection' && a.account ? ` · account ${a.account}` : '';
    return h(
      'tr',
      { 'data-attempt': a.id },
      h('td', { className: 'num' }, a.id),
      h('td', {}, a.kind),
      h('td', {}, what, account ? h('span', { className: 'muted small' }, account) : null),
      h(
        'td',
        {},
        a.reference_id
          ? h('code', { className: 'ref' }, a.reference_id)
          : h('span', { className: 'muted' }, 'none yet'),
      ),
      h(
        'td',
        { className: 'num' },
        money(a.amount ?? a.payer_amount, a.currency ?? a.payer_currency ?? 'USD'),
      ),
      h('td', {}, badge(a.status)),
      h('td', { className: 'message' }, a.message ?? ''),
    );
  }

  function upsert(a) {
    const node = attemptRow(a);
    const old = rows.get(a.id);
    if (old) old.replaceWith(node);
    else tbody.prepend(node);
    rows.set(a.id, node);
  }

  async function loadAttempts() {
    try {
      const { attempts } = await api('GET', '/api/attempts');
      rows.clear();
      tbody.replaceChildren();
      if (attempts.length === 0)
        tbody.append(
          h(
            'tr',
            { className: 'empty' },
            h('td', { colspan: 7, className: 'muted' }, 'No attempts yet.'),
          ),
        );
      for (const a of [...attempts].reverse()) upsert(a);
      showAlert(pageError, '');
    } catch (error) {
      showAlert(pageError, error.message);
    }
  }

  // Live updates for the whole table.
  const live = document.getElementById('attempts-live');
  const source = new EventSource('/api/events');
  source.addEventListener('ready', () => {
    live.textContent = 'Live: updates appear as they happen.';
    void loadAttempts();
  });
  source.addEventListener('attempt', (event) => {
    tbody.querySelector('tr.empty')?.remove();
    upsert(JSON.parse(event.data));
  });
  source.onerror = () => {
    live.textContent = 'Reconnecting…';
  };

  function wire(form, url) {
    const statusText = form.querySelector('[data-status-text]');
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const button = form.querySelector('[type="submit"]');
      button.disabled = true;
      clearFormErrors(form);
      statusText.textContent = '';
      try {
        const { attempt } = await api('POST', url, formValues(form));
        statusText.textContent = `Attempt #${attempt.id} sent with reference id ${attempt.reference_id}: ${attempt.status}. Follow it in the table below.`;
        upsert(attempt);
      } catch (error) {
        showFormError(form, error);
        if (error.attempt) upsert(error.attempt);
      } finally {
        button.disabled = false;
      }
    });
  }
  wire(payoutForm, '/api/payouts');
  wire(transferForm, '/api/transfers');

  await loadAttempts();
}

const pages = { shop: shopPage, admin: adminPage };
pages[document.body.dataset.page]?.().catch((error) => {
  showAlert(document.getElementById('page-error'), error.message);
});
