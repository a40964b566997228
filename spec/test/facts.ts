// What is known of the real Dollr API (../shared/dollr-api.md), written down independently of
// the spec so that a test can hold the spec to it. Field kinds:
//   int, str, amount (number or integer), positive-amount (≥ 0.01 / ≥ 1), currency (3 chars),
//   uuid4, datetime, and `?` for nullable.

export type FieldKind =
  | 'int'
  | 'str'
  | 'bool?'
  | 'str?'
  | 'int?'
  | 'amount'
  | 'amount?'
  | 'positive-amount'
  | 'currency'
  | 'uuid4'
  | 'datetime'
  | 'datetime?'
  | 'enum'
  | 'object';

export interface SchemaFact {
  fields: Record<string, FieldKind>;
  required: string[];
}

export interface OperationFact {
  method: 'GET' | 'POST';
  path: string;
  operationId: string;
  tag: 'jwt' | 'sessions' | 'executions' | 'status' | 'realtime';
  authenticated: boolean;
  request?: SchemaFact;
  response: SchemaFact;
}

/** A session as Dollr answers it: an id, its own fields, a status and its times; every field that cannot be null is required. */
function sessionResponse(own: Record<string, FieldKind>): SchemaFact {
  const fields: Record<string, FieldKind> = {
    id: 'int',
    ...own,
    status: 'enum',
    expires_at: 'datetime',
    created_at: 'datetime',
    updated_at: 'datetime',
  };
  return { fields, required: Object.keys(fields).filter((name) => !fields[name]?.endsWith('?')) };
}

const execution: SchemaFact = {
  fields: {
    reference_id: 'str',
    status: 'enum',
    payer_amount: 'amount',
    payer_currency: 'currency',
    payee_amount: 'amount',
    payee_currency: 'currency',
    operation_type: 'enum',
    provider_transaction_id: 'str?',
    gateway_message: 'str?',
    wallet_message: 'str?',
    client_secret: 'str?',
    requires_action: 'bool?',
  },
  required: [
    'reference_id',
    'status',
    'payer_amount',
    'payer_currency',
    'payee_amount',
    'payee_currency',
    'operation_type',
  ],
};

const sessionExecution: SchemaFact = {
  fields: { session_id: 'str', reference_id: 'uuid4' },
  required: ['session_id', 'reference_id'],
};

const statusOf = (kind: string, Kind: string): OperationFact => ({
  method: 'GET',
  path: `/status/${kind}/{reference_id}`,
  operationId: `get${Kind}Status`,
  tag: 'status',
  authenticated: true,
  response: execution,
});

export const operationFacts: OperationFact[] = [
  {
    method: 'POST',
    path: '/jwt/client/obtain/token',
    operationId: 'obtainToken',
    tag: 'jwt',
    authenticated: false,
    request: {
      fields: { client_id: 'str', client_secret: 'str' },
      required: ['client_id', 'client_secret'],
    },
    response: {
      fields: { access_token: 'str', expires_in: 'int' },
      required: ['access_token', 'expires_in'],
    },
  },
  {
    method: 'POST',
    path: '/sessions/checkout',
    operationId: 'createCheckoutSession',
    tag: 'sessions',
    authenticated: true,
    request: {
      fields: { source_id: 'int', source_type: 'enum' },
      required: ['source_id', 'source_type'],
    },
    response: sessionResponse({
      source_id: 'int',
      source_type: 'enum',
      payment_account_id: 'amount?',
    }),
  },
  {
    method: 'POST',
    path: '/sessions/payout',
    operationId: 'createPayoutSession',
    tag: 'sessions',
    authenticated: true,
    request: {
      fields: { payout_account_id: 'int', amount: 'positive-amount', currency: 'currency' },
      required: ['payout_account_id', 'amount', 'currency'],
    },
    response: sessionResponse({
      wallet_id: 'int',
      payout_account_id: 'int',
      amount: 'amount',
      currency: 'currency',
    }),
  },
  {
    method: 'POST',
    path: '/sessions/transfer',
    operationId: 'createTransferSession',
    tag: 'sessions',
    authenticated: true,
    request: {
      fields: {
        from_wallet_id: 'int',
        to_counterparty_id: 'int',
        amount: 'positive-amount',
        currency: 'currency',
        expires_at: 'datetime',
      },
      required: ['from_wallet_id', 'to_counterparty_id', 'amount', 'currency', 'expires_at'],
    },
    response: sessionResponse({
      from_wallet_id: 'int',
      to_counterparty_id: 'int',
      amount: 'amount',
      currency: 'currency',
    }),
  },
  {
    method: 'POST',
    path: '/sessions/refund',
    operationId: 'createRefundSession',
    tag: 'sessions',
    authenticated: true,
    request: {
      fields: {
        original_payment_intent_id: 'int',
        amount: 'positive-amount',
        reason: 'str?',
        expires_at: 'datetime',
      },
      required: ['original_payment_intent_id', 'amount', 'expires_at'],
    },
    response: sessionResponse({
      original_payment_intent_id: 'int',
      amount: 'amount',
      reason: 'str?',
    }),
  },
  {
    method: 'POST',
    path: '/executions/collection',
    operationId: 'collect',
    tag: 'executions',
    authenticated: true,
    request: {
      fields: {
        session_id: 'str',
        payment_account_id: 'str',
        currency: 'currency',
        reference_id: 'uuid4',
      },
      required: ['session_id', 'payment_account_id', 'currency', 'reference_id'],
    },
    response: execution,
  },
  {
    method: 'POST',
    path: '/executions/payout',
    operationId: 'payout',
    tag: 'executions',
    authenticated: true,
    request: {
      fields: {
        session_id: 'str',
        payout_account_id: 'str',
        reference_id: 'uuid4',
        passcode: 'object',
      },
      required: ['session_id', 'payout_account_id', 'reference_id', 'passcode'],
    },
    response: execution,
  },
  {
    method: 'POST',
    path: '/executions/transfer',
    operationId: 'transfer',
    tag: 'executions',
    authenticated: true,
    request: sessionExecution,
    response: execution,
  },
  {
    method: 'POST',
    path: '/executions/refund',
    operationId: 'refund',
    tag: 'executions',
    authenticated: true,
    request: sessionExecution,
    response: execution,
  },
  statusOf('collection', 'Collection'),
  statusOf('payout', 'Payout'),
  statusOf('transfer', 'Transfer'),
  statusOf('refund', 'Refund'),
  {
    method: 'GET',
    path: '/status/source',
    operationId: 'getSourceStatus',
    tag: 'status',
    authenticated: true,
    response: {
      fields: {
        source_id: 'int',
        source_type: 'enum',
        source_number: 'str',
        status: 'enum',
        currency: 'currency',
        total_amount: 'amount',
        paid_at: 'datetime?',
      },
      required: ['source_id', 'source_type', 'source_number', 'status', 'currency', 'total_amount'],
    },
  },
  {
    method: 'POST',
    path: '/realtime-keys/collection',
    operationId: 'createCollectionRealtimeKey',
    tag: 'realtime',
    authenticated: true,
    // The quirks: session_id is an integer here, and expires_in is in seconds.
    request: {
      fields: { session_id: 'int', source_type: 'enum', reference_id: 'uuid4' },
      required: ['session_id', 'source_type', 'reference_id'],
    },
    response: {
      fields: { access_token: 'str', expires_in: 'int' },
      required: ['access_token', 'expires_in'],
    },
  },
];

/** Where a checkout page subscribes (Supabase Realtime), from the realtime-status guide. */
export const realtimeFacts = {
  channel: 'payment-intent:{session_id}:{reference_id}',
  event: 'postgres_changes',
  postgresEvent: '*',
  schema: 'public',
  table: 'checkout_payment_intent_public_status',
  filter: 'reference_id=eq.{reference_id}',
};

/** The payout passcode, nested under `passcode` in the payout execution. */
export const passcodeFacts = {
  token: { fields: { code: 'str', phone: 'str?', user_id: 'int?' }, required: ['code'] },
  device: {
    fields: { name: 'str', type: 'str', platform: 'str', user_agent: 'str', client_ip: 'str' },
    required: ['name', 'type', 'platform', 'user_agent', 'client_ip'],
  },
} satisfies Record<string, SchemaFact>;

export const enumFacts: Record<string, string[]> = {
  ExecutionStatus: ['PENDING', 'PROCESSING', 'COMPLETED', 'FAILED'],
  OperationType: ['COLLECTION', 'PAYOUT', 'TRANSFER', 'REFUND'],
  SourceStatus: ['IDLE', 'ACTIVE', 'PROCESSING', 'PAID', 'CANCELED'],
  SourceType: ['INVOICE', 'ORDER', 'SUBSCRIPTION'],
  CheckoutSourceType: ['INVOICE', 'ORDER'],
};
