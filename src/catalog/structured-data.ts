// schema.org Product JSON-LD for product pages, made safe to embed in a <script> element.
import type { Config } from '../config';
import type { ProductDetail } from './service';

function availability(kind: string): string {
  return kind === 'sold_out' ? 'https://schema.org/OutOfStock' : kind === 'low' ? 'https://schema.org/LimitedAvailability' : 'https://schema.org/InStock';
}

function cents(value: number): string {
  return (value / 100).toFixed(2);
}

export function productJsonLd(product: ProductDetail, config: Pick<Config, 'publicUrl' | 'currency'>): string {
  const data = {
    '@context': 'https://schema.org',
    '@type': 'Product',
    name: product.name,
    description: product.description,
    url: config.publicUrl + product.href,
    image: product.images.map((i) => config.publicUrl + i.url),
    sku: product.variants[0]?.sku,
    category: product.category?.name,
    offers: {
      '@type': 'AggregateOffer',
      priceCurrency: config.currency,
      lowPrice: cents(product.minPriceCents),
      highPrice: cents(product.maxPriceCents),
      offerCount: product.variants.length,
      availability: availability(product.stock.kind),
      offers: product.variants.map((v) => ({
        '@type': 'Offer',
        sku: v.sku,
        price: cents(v.priceCents),
        priceCurrency: config.currency,
        availability: availability(v.stock.kind),
        url: `${config.publicUrl}${product.href}?variant=${v.id}`,
      })),
    },
  };
  // "<" escaped so no product text can close the script element.
  return JSON.stringify(data).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}
