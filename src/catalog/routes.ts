// Storefront pages: home, category, product, search, plus sitemap.xml and robots.txt.
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config';
import { paginationLinks } from '../lib/pagination';
import { parseId } from '../lib/form-input';
import { listingHref, listingKey, parseListingQuery, LISTING_SORTS, SEARCH_SORTS, type ListingParseResult } from './listing-query';
import { categoryHref, type CatalogReader, type CategoryNode, type Listing, type ProductDetail, type SitemapEntry } from './service';
import { LOCALES, type Locale } from '../i18n';
import { localizePath } from '../i18n/locale-paths';
import { variantChoice } from './variant-choice';
import { headlineShipping } from '../pricing/free-shipping';
import { activeShippingMethods } from '../orders/settings';
import { productJsonLd } from './structured-data';
import { isMember } from '../plugins/auth';

function listingModel(basePath: string, parsed: ListingParseResult, listing: Listing, mode: 'category' | 'search') {
  const { query } = parsed;
  return {
    cards: listing.cards,
    total: listing.window.total,
    filters: {
      action: basePath,
      input: parsed.input,
      errors: parsed.errors,
      notices: parsed.notices,
      inStockOnly: query.inStockOnly,
      sort: query.sort,
      sorts: mode === 'search' ? SEARCH_SORTS : LISTING_SORTS,
      clearHref: listingHref(basePath, { ...query, minPriceCents: null, maxPriceCents: null, inStockOnly: false, page: 1 }, {}, mode),
      showQueryField: mode === 'search',
    },
    pagination: paginationLinks(listing.window, (page) => listingHref(basePath, query, { page }, mode)),
  };
}

function selectedVariantId(product: ProductDetail, raw: unknown): number {
  const id = parseId(raw);
  const chosen = product.variants.find((v) => v.id === id);
  // Without a valid choice, show the first variant that can be bought.
  return (chosen ?? product.variants.find((v) => v.stock.kind !== 'sold_out') ?? product.variants[0]).id;
}

export async function catalogRoutes(app: FastifyInstance, opts: { catalog: CatalogReader; config: Config }): Promise<void> {
  const { catalog, config } = opts;

  app.get('/', async (request, reply) =>
    reply.renderPublic('home', 'catalog/home', async () => ({ ...(await catalog.home(isMember(request.user), request.locale)), currentPath: '/' })),
  );

  app.get<{ Params: { slug: string }; Querystring: Record<string, unknown> }>('/categories/:slug', async (request, reply) => {
    const category = await catalog.category(request.params.slug, request.locale);
    const parsed = parseListingQuery(request.query, 'category');
    const basePath = category.href;
    const tree = await catalog.categoryTree(request.locale);
    const parent: CategoryNode | null = category.parentId === null ? null : tree.byId.get(category.parentId) ?? null;
    // The category's address in each language (a translated slug), for hreflang and the language switch.
    const hrefs = Object.fromEntries(
      await Promise.all(LOCALES.map(async (l) => [l, (await catalog.categoryTree(l)).byId.get(category.id)?.href ?? category.href] as const)),
    ) as Record<Locale, string>;
    const build = async () => {
      const listing = await catalog.listing(parsed.query, { category }, isMember(request.user), request.locale);
      return {
        category,
        parent,
        subcategories: category.children,
        ...listingModel(basePath, parsed, listing, 'category'),
        currentPath: listingHref(basePath, parsed.query, { page: listing.window.page }),
        alternatePaths: hrefs,
        canonical: `${config.publicUrl}${listingHref(basePath, { ...parsed.query, sort: 'featured', minPriceCents: null, maxPriceCents: null, inStockOnly: false }, { page: listing.window.page })}`,
      };
    };
    const hasErrors = Object.keys(parsed.errors).length > 0;
    if (hasErrors) return reply.render('catalog/category', await build(), 400);
    return reply.renderPublic(`category|${category.id}|${listingKey(parsed.query)}`, 'catalog/category', build);
  });

  app.get<{ Params: { slug: string }; Querystring: { variant?: string } }>('/products/:slug', async (request, reply) => {
    const product = await catalog.product(request.params.slug, isMember(request.user), request.locale);
    const variantId = selectedVariantId(product, request.query.variant);
    const selected = product.variants.find((v) => v.id === variantId) ?? product.variants[0];
    // A chosen variant stays in this page's address (language switch, return after login).
    const explicit = request.query.variant !== undefined && selected.id === parseId(request.query.variant);
    return reply.renderPublic(`product|${product.id}|${variantId}|${explicit ? 1 : 0}`, 'catalog/product', async () => ({
      product,
      selected,
      choice: variantChoice(product.variants, selected),
      // A short delivery and returns line: the cheapest method and its free threshold (the same for everyone).
      delivery: headlineShipping(await activeShippingMethods(app.db)),
      canonical: `${config.publicUrl}${product.href}`,
      alternatePaths: product.hrefs,
      jsonLd: productJsonLd(product, config),
      currentPath: explicit ? `${product.href}?variant=${selected.id}` : product.href,
    }));
  });

  app.get<{ Querystring: Record<string, unknown> }>('/search', async (request, reply) => {
    const parsed = parseListingQuery(request.query, 'search');
    const build = async () => {
      const listing = await catalog.listing(parsed.query, { search: true }, isMember(request.user), request.locale);
      return {
        query: parsed.query.q,
        suggestions: listing.cards.length === 0 ? await catalog.suggestions(isMember(request.user), request.locale) : [],
        categories: (await catalog.categoryTree(request.locale)).roots,
        ...listingModel('/search', parsed, listing, 'search'),
        currentPath: listingHref('/search', parsed.query, { page: listing.window.page }, 'search'),
      };
    };
    if (Object.keys(parsed.errors).length > 0) return reply.render('catalog/search', await build(), 400);
    return reply.renderPublic(`search|${listingKey(parsed.query)}`, 'catalog/search', build);
  });

  // Every page once per language, each naming all its languages (and x-default) as alternates.
  app.get('/sitemap.xml', async (_request, reply) => {
    const entries = await catalog.sitemap();
    const urlIn = (e: SitemapEntry, locale: Locale) =>
      escapeXml(config.publicUrl + localizePath(e.paths?.[locale] ?? e.path, locale, config.defaultLocale));
    const urls = entries
      .flatMap((e) => {
        const lastmod = e.lastModified && !Number.isNaN(e.lastModified.getTime()) ? `<lastmod>${e.lastModified.toISOString().slice(0, 10)}</lastmod>` : '';
        const alternates = [
          ...LOCALES.map((l) => `<xhtml:link rel="alternate" hreflang="${l}" href="${urlIn(e, l)}"/>`),
          `<xhtml:link rel="alternate" hreflang="x-default" href="${urlIn(e, config.defaultLocale)}"/>`,
        ].join('');
        return LOCALES.map((l) => `<url><loc>${urlIn(e, l)}</loc>${lastmod}${alternates}</url>`);
      })
      .join('\n');
    return reply
      .type('application/xml; charset=utf-8')
      .header('cache-control', 'public, max-age=3600')
      .send(
        `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n${urls}\n</urlset>\n`,
      );
  });

  app.get('/robots.txt', async (_request, reply) =>
    reply
      .type('text/plain; charset=utf-8')
      .header('cache-control', 'public, max-age=86400')
      .send(
        [
          'User-agent: *',
          // The personal and endless pages, in every language.
          ...['/cart', '/checkout', '/account', '/search'].flatMap((p) => LOCALES.map((l) => `Disallow: ${localizePath(p, l, config.defaultLocale)}`)),
          'Disallow: /admin',
          'Disallow: /language/',
          '',
          `Sitemap: ${config.publicUrl}/sitemap.xml`,
          '',
        ].join('\n'),
      ),
  );

  // Kept for links that name the category list.
  app.get('/categories', async (_request, reply) => {
    const tree = await catalog.categoryTree();
    return reply.redirect(tree.roots[0] ? categoryHref(tree.roots[0].slug) : '/', 302);
  });
}

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] as string);
}
