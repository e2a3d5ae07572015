// Why an order could not be quoted or placed: domain errors the checkout pages and APIs explain to the shopper.
import type { MessageKey } from '../i18n';
import { DomainError } from '../lib/errors';
import type { DeclineReason } from '../payments/provider';

export class EmptyCartError extends DomainError {
  constructor() {
    super('orders.error.emptyCart', 409);
  }
}

export class UnknownShippingMethodError extends DomainError {
  constructor(readonly shippingMethodCode: string) {
    super('orders.error.unknownShippingMethod', 422, {}, 'shippingMethod');
  }
}

/** No tax rate for the country (and region): we do not deliver there. */
export class DestinationNotServedError extends DomainError {
  constructor(
    readonly country: string,
    readonly region: string,
  ) {
    super('orders.error.destinationNotServed', 422, {}, 'country');
  }
}

/**
 * A cart line asks for more than is on hand: found when quoting (the cart is short of stock) or when the
 * stock is taken at commit (someone else bought the last units in between).
 */
export class OutOfStockError extends DomainError {
  constructor(
    readonly variantId: number,
    readonly sku: string,
    readonly available: number | null,
  ) {
    super('orders.error.outOfStock', 409, { sku });
  }
}

/** The total now differs from what the review page showed: the shopper confirms again, never gets a surprise. */
export class CartChangedError extends DomainError {
  constructor(
    readonly expectedTotalCents: number,
    readonly totalCents: number,
  ) {
    super('orders.error.cartChanged', 409);
  }
}

/** A concurrent attempt with the same checkout token gave up its payment while this one was completing. */
export class CheckoutInterruptedError extends DomainError {
  constructor() {
    super('orders.error.checkoutInterrupted', 409);
  }
}

/** The checkout token already placed an order for another cart or account: never show that order here. */
export class CheckoutTokenUsedError extends DomainError {
  constructor() {
    super('orders.error.checkoutUsed', 409);
  }
}

const DECLINE_MESSAGES: Record<DeclineReason, MessageKey> = {
  card_declined: 'orders.payment.declined',
  insufficient_funds: 'orders.payment.insufficientFunds',
  invalid_number: 'orders.payment.invalidNumber',
  expired_card: 'orders.payment.expiredCard',
  invalid_cvc: 'orders.payment.invalidCvc',
  invalid_expiry: 'orders.payment.invalidExpiry',
};

/** The card was declined: nothing was written, the cart and stock are as they were, the shopper may try again. */
export class PaymentDeclinedError extends DomainError {
  constructor(readonly reason: DeclineReason) {
    super(DECLINE_MESSAGES[reason], 402, {}, 'card');
  }
}

/**
 * The order failed after the card was charged and the refund was not confirmed. The charge is recorded (its
 * payment attempt refund_pending, which the reconciler asks about again, or refund_failed, shown to staff as
 * needing attention); `orderError` says why the order failed.
 */
export class RefundPendingError extends DomainError {
  constructor(
    readonly chargeId: string,
    readonly orderError: unknown,
  ) {
    super('orders.error.refundPending', 502);
  }
}

/** Emporium Plus is a membership of an account: a guest checkout cannot buy it. Refused before any charge. */
export class PlusNeedsAccountError extends DomainError {
  constructor() {
    super('orders.error.plusNeedsAccount', 409);
  }
}

/**
 * One cart, one payment: another tab, device or app is paying this cart right now. Nothing was charged here;
 * `reference` names the attempt in progress (its status page says when its order is placed).
 */
export class PaymentInProgressError extends DomainError {
  constructor(readonly reference: string) {
    super('orders.error.paymentInProgress', 409);
  }
}

/**
 * The processor has not decided yet (it answered pending, or did not answer in time). The attempt is kept:
 * the order is written as soon as the processor confirms (the reconciler asks), or nothing is taken.
 */
export class PaymentPendingError extends DomainError {
  constructor(readonly reference: string) {
    super('orders.error.paymentPending', 409);
  }
}

/**
 * The processor's hosted payment page could not be opened (no answer, an error). Nothing can have been paid:
 * the shopper never reached the page, so the attempt is failed and the cart may be paid again.
 */
export class PaymentPageUnavailableError extends DomainError {
  constructor() {
    super('orders.error.paymentPageUnavailable', 503);
  }
}

/**
 * The shop takes payment on its processor's hosted page (PAYMENT_PROVIDER=stripe): a card sent to the REST API
 * would otherwise go to the built-in test processor and place an order without real money.
 */
export class CardPaymentsNotTakenError extends DomainError {
  constructor() {
    super('orders.error.cardsNotTaken', 409);
  }
}
