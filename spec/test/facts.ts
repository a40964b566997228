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

/** A schema whose required fields are those that cannot be null, as for every Dollr schema here. */
function schema(fields: Record<string, FieldKind>): SchemaFact {
  return { fields, required: Object.keys(fields).filter((name) => !fields[name]?.endsWith('?')) };
}

/** A session as Dollr answers it: an id, its own fields, a status and its times. */
function sessionResponse(own: Record<string, FieldKind>): SchemaFact {
  return schema({
    id: 'int',
    ...own,
    status: 'enum',
    expires_at: 'datetime',
    created_at: 'datetime',
    updated_at: 'datetime',
  });
}

const execution: SchemaFact = schema({
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
});

const sessionExecution: SchemaFact = schema({ session_id: 'str', reference_id: 'uuid4' });

const statusOf = (kind: string, Kind: string): OperationFact => ({
  method: 'GET',
  path: `/status/${kind}/{reference_id}`,
  operationId: `get${Kind}Status`,
  tag: 'status',
  authenticated: true,
  response: execution,
});

/** POST /sessions/{kind}: creates a session, answered with the session. */
const createSession = (
  kind: string,
  Kind: string,
  request: Record<string, FieldKind>,
  answered: Record<string, FieldKind>,
): OperationFact => ({
  method: 'POST',
  path: `/sessions/${kind}`,
  operationId: `create${Kind}Session`,
  tag: 'sessions',
  authenticated: true,
  request: schema(request),
  response: sessionResponse(answered),
});

/** POST /executions/{kind}: executes a session, answered with the execution. */
const executeSession = (kind: string, request: SchemaFact): OperationFact => ({
  method: 'POST',
  path: `/executions/${kind}`,
  operationId: kind === 'collection' ? 'collect' : kind,
  tag: 'executions',
  authenticated: true,
  request,
  response: execution,
});

export const operationFacts: OperationFact[] = [
  {
    method: 'POST',
    path: '/jwt/client/obtain/token',
    operationId: 'obtainToken',
    tag: 'jwt',
    authenticated: false,
    request: schema({ client_id: 'str', client_secret: 'str' }),
    response: schema({ access_token: 'str', expires_in: 'int' }),
  },
  createSession(
    'checkout',
    'Checkout',
    { source_id: 'int', source_type: 'enum' },
    { source_id: 'int', source_type: 'enum', payment_account_id: 'amount?' },
  ),
  createSession(
    'payout',
    'Payout',
    { payout_account_id: 'int', amount: 'positive-amount', currency: 'currency' },
    { wallet_id: 'int', payout_account_id: 'int', amount: 'amount', currency: 'currency' },
  ),
  createSession(
    'transfer',
    'Transfer',
    {
      from_wallet_id: 'int',
      to_counterparty_id: 'int',
      amount: 'positive-amount',
      currency: 'currency',
      expires_at: 'datetime',
    },
    { from_wallet_id: 'int', to_counterparty_id: 'int', amount: 'amount', currency: 'currency' },
  ),
  createSession(
    'refund',
    'Refund',
    {
      original_payment_intent_id: 'int',
      amount: 'positive-amount',
      reason: 'str?',
      expires_at: 'datetime',
    },
    { original_payment_intent_id: 'int', amount: 'amount', reason: 'str?' },
  ),
  executeSession(
    'collection',
    schema({
      session_id: 'str',
      payment_account_id: 'str',
      currency: 'currency',
      reference_id: 'uuid4',
    }),
  ),
  executeSession(
    'payout',
    schema({
      session_id: 'str',
      payout_account_id: 'str',
      reference_id: 'uuid4',
      passcode: 'object',
    }),
  ),
  executeSession('transfer', sessionExecution),
  executeSession('refund', sessionExecution),
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
    response: schema({
      source_id: 'int',
      source_type: 'enum',
      source_number: 'str',
      status: 'enum',
      currency: 'currency',
      total_amount: 'amount',
      paid_at: 'datetime?',
    }),
  },
  {
    method: 'POST',
    path: '/realtime-keys/collection',
    operationId: 'createCollectionRealtimeKey',
    tag: 'realtime',
    authenticated: true,
    // The quirks: session_id is an integer here, and expires_in is in seconds.
    request: schema({ session_id: 'int', source_type: 'enum', reference_id: 'uuid4' }),
    response: schema({ access_token: 'str', expires_in: 'int' }),
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
