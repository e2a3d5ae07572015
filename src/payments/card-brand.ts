// A card brand as people read it: "Visa", "Mastercard", "American Express" (processors send lower-case codes).
const NAMES: Record<string, string> = {
  visa: 'Visa',
  mastercard: 'Mastercard',
  amex: 'American Express',
  discover: 'Discover',
  unknown: 'Card',
};

export function cardBrandName(brand: string): string {
  const known = NAMES[brand.toLowerCase()];
  if (known) return known;
  return brand ? brand.charAt(0).toUpperCase() + brand.slice(1) : NAMES.unknown;
}
