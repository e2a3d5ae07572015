// PostgreSQL search stems each language with its own text-search configuration (`english` for the base text,
// `french` for the French translations) beside every whole word (`simple`): the index rows of existing products
// are rewritten. SQLite's index is unchanged (its stems come from the same Snowball algorithms, computed in Node).
// Self-contained on purpose: it writes the columns product_search has on PostgreSQL at this point of the schema.
import type { Knex } from 'knex';
import { foldText, plainText } from '../../src/catalog/search-text';

const CONFIGS: Record<string, string> = { en: 'english', fr: 'french' };

export async function up(knex: Knex): Promise<void> {
  if (knex.client.config.client !== 'pg') return;
  const products: { id: number; name: string; description: string }[] = await knex('products').select('id', 'name', 'description');
  const skus = new Map<number, string[]>();
  for (const v of (await knex('variants').select('product_id', 'sku')) as { product_id: number; sku: string }[]) {
    skus.set(Number(v.product_id), [...(skus.get(Number(v.product_id)) ?? []), v.sku]);
  }
  const translated = new Map<number, { locale: string; name: string; description: string }[]>();
  for (const r of (await knex('product_translations').select('product_id', 'locale', 'name', 'description')) as {
    product_id: number;
    locale: string;
    name: string | null;
    description: string | null;
  }[]) {
    translated.set(Number(r.product_id), [...(translated.get(Number(r.product_id)) ?? []), { locale: r.locale, name: r.name ?? '', description: r.description ?? '' }]);
  }
  await knex('product_search').delete();
  for (const p of products) {
    const texts = [{ locale: 'en', name: p.name, description: p.description }, ...(translated.get(Number(p.id)) ?? []).filter((t) => CONFIGS[t.locale] && t.locale !== 'en')];
    const bindings: (string | number)[] = [p.id];
    const vectors = (field: 'name' | 'description', extra: string, weight: string) => {
      const all = texts.map((t) => plainText(t[field])).filter((t) => t !== '');
      const parts = ["to_tsvector('simple', ?)"];
      bindings.push([...all, extra].filter((t) => t !== '').join(' '));
      for (const t of texts) {
        const plain = plainText(t[field]);
        if (plain === '') continue;
        parts.push(`to_tsvector('${CONFIGS[t.locale]}', ?)`);
        bindings.push(plain);
      }
      return `setweight(${parts.join(' || ')}, '${weight}')`;
    };
    const names = vectors('name', foldText((skus.get(Number(p.id)) ?? []).join(' ')), 'A');
    const descriptions = vectors('description', '', 'C');
    await knex.raw(`insert into product_search (product_id, document) values (?, ${names} || ${descriptions})`, bindings);
  }
}

export async function down(): Promise<void> {
  // The rows stay searchable with the configurations; the previous version's reindex rewrites them if needed.
}
