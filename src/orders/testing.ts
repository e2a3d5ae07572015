// Test helpers for orders: a payment provider that records what it was asked, and shoppers with filled carts.
import type { Knex } from 'knex';
import { addProduct } from '../test-support/catalog-fixtures';
import { addToCart, createGuestCart, ensureUserCart } from '../cart/service';
import type { Audience } from '../catalog/service';
import { ProcessorTimeoutError, type ChargeInput, type ChargeLookup, type ChargeResult, type RefundInput, type RefundResult } from '../payments/provider';
import { TestCardProvider, TEST_CARDS } from '../payments/test-card-provider';
import { newCheckoutToken, quoteCheckout, type PlaceOrderInput, type ShippingAddress } from './service';

/** The test-card processor, keeping every charge and refund it answered, with a hook that runs after a charge. */
export class RecordingProvider extends TestCardProvider {
  readonly charges: { input: ChargeInput; result: ChargeResult }[] = [];
  readonly refunds: { input: RefundInput; result: RefundResult }[] = [];
  /** Runs after each charge is decided and before it is returned, e.g. to sell the stock in between. */
  afterCharge: ((result: ChargeResult) => Promise<void>) | null = null;

  /**
   * How the next charges are answered: 'timeout' carries the charge out and then throws ProcessorTimeoutError
   * (the shop cannot know it was made); 'pending' answers pending and decides nothing until confirmPending().
   */
  chargeMode: 'answer' | 'timeout' | 'pending' = 'answer';
  /** Charges answered 'pending' and not yet decided, by idempotency key. */
  readonly undecided = new Map<string, ChargeInput>();
  /** Called at the start of every charge, before the processor decides (e.g. to look at the shop's rows then). */
  beforeCharge: ((input: ChargeInput) => Promise<void>) | null = null;

  override async charge(input: ChargeInput): Promise<ChargeResult> {
    if (this.beforeCharge) await this.beforeCharge(input);
    if (this.chargeMode === 'pending' && !(await super.lookupCharge(input.idempotencyKey)).status.startsWith('succ')) {
      this.undecided.set(input.idempotencyKey, input);
      return { status: 'pending' };
    }
    const result = await super.charge(input);
    if (this.chargeMode === 'timeout') {
      this.charges.push({ input, result });
      throw new ProcessorTimeoutError(input.idempotencyKey);
    }
    this.charges.push({ input, result });
    if (this.afterCharge) await this.afterCharge(result);
    return result;
  }

  override async refund(input: RefundInput): Promise<RefundResult> {
    const result = await super.refund(input);
    this.refunds.push({ input, result });
    return result;
  }

  /** The processor decides the charges it answered 'pending' (as the test processor would after its delay). */
  async confirmPending(): Promise<void> {
    const inputs = [...this.undecided.values()];
    this.undecided.clear();
    for (const input of inputs) this.charges.push({ input, result: await super.charge(input) });
  }

  override async lookupCharge(idempotencyKey: string): Promise<ChargeLookup> {
    if (this.undecided.has(idempotencyKey)) return { status: 'pending' };
    return super.lookupCharge(idempotencyKey);
  }

  /** Distinct successful charges (a replayed idempotency key answers with the same charge). */
  succeededCharges(): Map<string, number> {
    const map = new Map<string, number>();
    for (const { result } of this.charges) if (result.status === 'succeeded') map.set(result.chargeId, result.amountCents);
    return map;
  }

  /** Refunded on a charge, each refund counted once however often its key was replayed. */
  refundedCents(chargeId: string): number {
    const byRefund = new Map<string, number>();
    for (const { result } of this.refunds) if (result.status === 'succeeded' && result.chargeId === chargeId) byRefund.set(result.refundId, result.amountCents);
    return [...byRefund.values()].reduce((a, b) => a + b, 0);
  }
}

export const CARD = { number: TEST_CARDS.succeeds, expMonth: 12, expYear: 2099, cvc: '123' };
export const DECLINED_CARD = { ...CARD, number: TEST_CARDS.declined };

export const PARIS: ShippingAddress = {
  name: 'Camille Martin',
  line1: '12 rue de la Paix',
  line2: '',
  postalCode: '75002',
  city: 'Paris',
  region: '',
  country: 'FR',
  phone: '',
};

let sequence = 0;

/** A product with one variant; returns the variant's id. */
export async function addVariant(db: Knex, priceCents: number, stock: number, memberPriceCents: number | null = null): Promise<{ variantId: number; sku: string }> {
  sequence += 1;
  const sku = `SKU-${sequence}-${Date.now() % 100000}`;
  await addProduct(db, null, { slug: `product-${sku.toLowerCase()}`, name: `Product ${sequence}`, variants: [{ sku, priceCents, stock }], images: 0 });
  const row = await db('variants').where({ sku }).first('id');
  const variantId = Number(row.id);
  if (memberPriceCents !== null) await db('variants').where({ id: variantId }).update({ member_price_cents: memberPriceCents });
  return { variantId, sku };
}

export const guest = (now: number): Audience => ({ member: false, now });

/** A cart (a guest's, or the account's when userId is given) holding these variants and quantities. */
export async function cartWith(db: Knex, lines: [variantId: number, quantity: number][], audience: Audience, userId: number | null = null): Promise<number> {
  const cartId = userId === null ? await createGuestCart(db) : await ensureUserCart(db, userId);
  for (const [variantId, quantity] of lines) await addToCart(db, cartId, variantId, quantity, audience);
  return cartId;
}

export interface Checkout {
  cartId: number;
  audience: Audience;
  userId?: number | null;
  email?: string;
  discountCode?: string | null;
  shippingMethodCode?: string;
  now: number;
}

/** What the review page would show and then post: a fresh token and the quoted total. */
export async function reviewedOrder(db: Knex, c: Checkout): Promise<PlaceOrderInput> {
  const email = c.email ?? `shopper-${c.cartId}@example.test`;
  const shippingMethodCode = c.shippingMethodCode ?? 'standard';
  const quote = await quoteCheckout(db, {
    cartId: c.cartId,
    audience: c.audience,
    userId: c.userId ?? null,
    email,
    shippingMethodCode,
    country: PARIS.country,
    region: PARIS.region,
    discountCode: c.discountCode ?? null,
    now: c.now,
  });
  return {
    idempotencyKey: newCheckoutToken(),
    cartId: c.cartId,
    audience: c.audience,
    userId: c.userId ?? null,
    email,
    shippingAddress: PARIS,
    shippingMethodCode,
    discountCode: c.discountCode ?? null,
    card: CARD,
    expectedTotalCents: quote.totals.totalCents,
    currency: 'EUR',
    now: c.now,
  };
}

export async function stockOf(db: Knex, variantId: number): Promise<number> {
  const row = await db('variants').where({ id: variantId }).first('stock');
  return Number(row.stock);
}

export async function count(db: Knex, table: string, where: Record<string, unknown> = {}): Promise<number> {
  const row = await db(table).where(where).count({ n: '*' }).first();
  return Number(row?.n ?? 0);
}

/** One discount code (one insert per code: a multi-row insert on SQLite would send NULL for the columns a row leaves out). */
export async function addDiscountCode(db: Knex, fields: Record<string, unknown> & { code: string; kind: string }): Promise<void> {
  await db('discount_codes').insert({ value: 0, ...fields });
}
