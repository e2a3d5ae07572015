// Receiving a processor's verified webhook events once each: recorded by id, acted on, then marked processed.
import type { Knex } from 'knex';
import type { PaymentEvent } from './redirect-provider';

export type ActionablePaymentEvent = Exclude<PaymentEvent, { kind: 'ignored' }>;

/**
 * What the shop does with a payment's outcome, whether it comes from a webhook or from the shopper's
 * return: the one function both call. It must be safe to call twice for one payment (the payment attempt's
 * forward-only status makes the second call find the work done).
 */
export type PaymentEventHandler = (event: ActionablePaymentEvent) => Promise<void>;

export type Receipt = 'processed' | 'duplicate' | 'ignored';

/**
 * The event's id is written first, so a redelivery after success is answered 'duplicate' without acting.
 * The row is marked processed only after the handler returns: an event whose handling crashed or failed is
 * handled again when the processor redelivers it (it retries until it gets a 2xx).
 */
export async function receivePaymentEvent(db: Knex, provider: string, event: PaymentEvent, handle: PaymentEventHandler, now = Date.now()): Promise<Receipt> {
  await db('payment_webhook_events')
    .insert({ provider, event_id: event.id, kind: event.kind, event_json: JSON.stringify(event), received_at: now, processed_at: null })
    .onConflict(['provider', 'event_id'])
    .ignore();
  const row = await db('payment_webhook_events').where({ provider, event_id: event.id }).first('processed_at');
  if (row?.processed_at !== null && row?.processed_at !== undefined) return 'duplicate';
  if (event.kind !== 'ignored') await handle(event);
  await db('payment_webhook_events').where({ provider, event_id: event.id }).whereNull('processed_at').update({ processed_at: now });
  return event.kind === 'ignored' ? 'ignored' : 'processed';
}
