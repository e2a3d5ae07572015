// Several processors behind one contract: new charges go to the shop's own, while each refund and each open attempt goes back to the processor that took its money.
import type { ChargeInput, ChargeLookup, ChargeResult, PaymentProvider, RefundInput, RefundLookup, RefundResult } from './provider';

/**
 * With PAYMENT_PROVIDER=stripe, orders paid on Stripe's page must be refunded and reconciled through Stripe,
 * while orders the test processor charged earlier (or through the REST API) still go to it. Rows name their
 * processor (payment_attempts.provider, payment_refunds.provider), so callers pick with providerFor.
 */
export class PaymentProviderRouter implements PaymentProvider {
  readonly name: string;
  constructor(
    private readonly main: PaymentProvider,
    private readonly others: readonly PaymentProvider[],
  ) {
    this.name = main.name;
  }

  forName(name: string): PaymentProvider {
    return this.others.find((p) => p.name === name) ?? this.main;
  }

  charge(input: ChargeInput): Promise<ChargeResult> {
    return this.main.charge(input);
  }
  refund(input: RefundInput): Promise<RefundResult> {
    return this.main.refund(input);
  }
  lookupCharge(idempotencyKey: string): Promise<ChargeLookup> {
    return this.main.lookupCharge(idempotencyKey);
  }
  lookupRefund(idempotencyKey: string): Promise<RefundLookup> {
    return this.main.lookupRefund(idempotencyKey);
  }
}

/** The processor a row names (its `provider` column), when `provider` routes between several. */
export function providerFor(provider: PaymentProvider, name: string): PaymentProvider {
  return provider instanceof PaymentProviderRouter ? provider.forName(name) : provider;
}
