// Intra-EU VAT numbers: normalised (capitals, no spaces, dots or dashes) and checked for their shape. A French
// number is FR, a two-character key and the 9-digit SIREN; a numeric key must match the SIREN
// (key = (12 + 3 × (SIREN mod 97)) mod 97), which catches most typing mistakes. Other member states get a
// light pattern (their prefix and 2 to 12 letters or digits). Only VIES can say a number is registered.

/** Member-state prefixes (Greece is EL, Northern Ireland XI). */
export const EU_VAT_PREFIXES = ['AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'EL', 'ES', 'FI', 'FR', 'HR', 'HU', 'IE', 'IT', 'LT', 'LU', 'LV', 'MT', 'NL', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK', 'XI'] as const;

export function normaliseVatNumber(input: string): string {
  return input.toUpperCase().replace(/[\s.\-]/g, '');
}

/** The French key of a SIREN (9 digits). */
export function frenchVatKey(siren: string): string {
  return String((12 + 3 * (Number(siren) % 97)) % 97).padStart(2, '0');
}

/** True when `vat` (normalised) has the shape of an intra-EU VAT number. */
export function isValidVatNumber(vat: string): boolean {
  const prefix = vat.slice(0, 2);
  if (!(EU_VAT_PREFIXES as readonly string[]).includes(prefix)) return false;
  if (prefix === 'FR') {
    const m = /^FR([0-9A-HJ-NP-Z]{2})(\d{9})$/.exec(vat);
    if (!m) return false;
    return /^\d{2}$/.test(m[1]) ? m[1] === frenchVatKey(m[2]) : true;
  }
  return /^[A-Z]{2}[0-9A-Z+*]{2,12}$/.test(vat);
}
