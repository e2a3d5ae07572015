// Back office: catalog pages (staff or admin, checked on every route).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import { translate, type MessageKey } from '../../i18n';
import { MANUAL_REASONS } from '../../inventory/service';
import { ValidationError } from '../../lib/errors';
import { formBody, formView, type Form, type FormView } from '../../lib/forms';
import { idFromPath } from '../../lib/form-input';
import { paginationLinks } from '../../lib/pagination';
import { requireRole } from '../../plugins/auth';
import { flash, takeFlash } from '../../plugins/flash';
import { productHref } from '../../catalog/service';
import {
  PRODUCT_STATUSES,
  addVariant,
  adjustStock,
  archiveProduct,
  categoryOptions,
  createProduct,
  getVariant,
  listAdminProducts,
  loadProductForEdit,
  parseProductInput,
  parseStockAdjustment,
  parseVariantInput,
  productFormValues,
  productValues,
  stockFormValues,
  updateProduct,
  updateVariant,
  variantFormValues,
  type ProductStatus,
} from './service';
import { listOptionTexts, loadProductTranslation, parseProductTranslation, saveOptionTexts, saveProductTranslation, translationFormValues, translationValues } from './translations';
import { IMAGE_LIMITS, addImages, deleteImage, getImage, listImages, moveImage, parseAlts, processImage, updateImageAlt, type ProcessedImage } from './images';

const guard = { preHandler: requireRole('staff') };

function actorOf(request: FastifyRequest) {
  return { id: request.user!.id, email: request.user!.email };
}

function errorsOf(err: unknown): Record<string, MessageKey> {
  if (err instanceof ValidationError) return err.fields;
  throw err;
}

/** A form posted on the product page that failed, so the page re-renders with it as typed. */
interface Rejected {
  kind: 'product' | 'newVariant' | 'variant' | 'stock' | 'images' | 'image' | 'translation';
  /** The variant (kinds variant, stock) or image (kind image) the form was about. */
  variantId?: number;
  status?: number;
  values: Form;
  errors: Record<string, MessageKey>;
}

export async function adminCatalogRoutes(app: FastifyInstance): Promise<void> {
  const db = app.db;

  async function statusOptions(request: FastifyRequest) {
    const t = (key: MessageKey) => translate(request.locale, key);
    return PRODUCT_STATUSES.map((s) => ({ value: s, label: t(`adminCatalog.status.${s}`) }));
  }

  async function renderNew(request: FastifyRequest, reply: FastifyReply, form: FormView, status = 200) {
    return reply.render(
      'admin/catalog/product-new',
      { form, categories: await categoryOptions(db), statuses: await statusOptions(request), noindex: true },
      status,
    );
  }

  async function renderEdit(request: FastifyRequest, reply: FastifyReply, id: number, rejected: Rejected | null = null) {
    const { product, variants } = await loadProductForEdit(db, id);
    const t = (key: MessageKey) => translate(request.locale, key);
    const pick = (kind: Rejected['kind'], variantId?: number) => (rejected && rejected.kind === kind && rejected.variantId === variantId ? rejected : null);
    const productRejected = pick('product');
    const newRejected = pick('newVariant');
    const imagesRejected = pick('images');
    const translationRejected = pick('translation');
    const images = await listImages(db, id);
    const french = await loadProductTranslation(db, id, 'fr');
    return reply.render(
      'admin/catalog/product-edit',
      {
        product: { id: product.id, name: product.name, status: product.status, href: productHref(product.slug), archived: product.status === 'archived' },
        form: formView('product', productRejected ? productFormValues(productRejected.values) : productValues(product), productRejected?.errors ?? {}),
        // The French beside the English it translates.
        translation: {
          english: { name: product.name, slug: product.slug, description: product.description },
          form: formView('translation-fr', translationRejected ? translationFormValues(translationRejected.values) : translationValues(french), translationRejected?.errors ?? {}),
        },
        newVariantForm: formView('new-variant', newRejected ? variantFormValues(newRejected.values) : { stock: '0' }, newRejected?.errors ?? {}),
        variants: variants.map((v) => {
          const edit = pick('variant', v.id);
          const stock = pick('stock', v.id);
          return {
            id: v.id,
            sku: v.sku,
            stock: v.stock,
            form: formView(`variant-${v.id}`, edit ? variantFormValues(edit.values) : v.values, edit?.errors ?? {}),
            stockForm: formView(`stock-${v.id}`, stock ? stockFormValues(stock.values) : { reason: 'received' }, stock?.errors ?? {}),
            ledger: v.ledger.map((e) => ({
              at: e.at,
              change: e.change > 0 ? `+${e.change}` : String(e.change),
              stockAfter: e.stockAfter,
              reason: t(`adminCatalog.reason.${e.reason}`),
              note: e.note,
              orderId: e.orderId,
            })),
          };
        }),
        imagesForm: formView('images', { alt: imagesRejected ? String(imagesRejected.values.alt ?? '') : '', altFr: imagesRejected ? String(imagesRejected.values.altFr ?? '') : '' }, imagesRejected?.errors ?? {}),
        images: images.map((img, i) => {
          const edit = pick('image', img.id);
          const values = edit ? { alt: String(edit.values.alt ?? ''), altFr: String(edit.values.altFr ?? '') } : { alt: img.alt, altFr: img.altFr };
          return { ...img, first: i === 0, last: i === images.length - 1, form: formView(`image-${img.id}`, values, edit?.errors ?? {}) };
        }),
        // What a variant may show: one of the product's images, by position and description.
        imageOptions: images.map((img, i) => ({ value: String(img.id), label: `${i + 1}. ${img.alt}` })),
        categories: await categoryOptions(db),
        statuses: await statusOptions(request),
        reasons: MANUAL_REASONS.map((r) => ({ value: r, label: t(`adminCatalog.reason.${r}`) })),
        flash: rejected ? [] : takeFlash(request),
        noindex: true,
      },
      rejected ? (rejected.status ?? 422) : 200,
    );
  }

  app.get<{ Querystring: { q?: unknown; status?: unknown; page?: unknown; missing?: unknown } }>('/admin/products', guard, async (request, reply) => {
    const q = typeof request.query.q === 'string' ? request.query.q.slice(0, 100) : '';
    const status = typeof request.query.status === 'string' && (PRODUCT_STATUSES as readonly string[]).includes(request.query.status) ? (request.query.status as ProductStatus) : '';
    const page = typeof request.query.page === 'string' && /^\d{1,6}$/.test(request.query.page) ? Number(request.query.page) : 1;
    const missing = request.query.missing === 'fr' ? 'fr' : '';
    const { rows, window } = await listAdminProducts(db, { q, status, page, missing });
    const href = (p: number) =>
      `/admin/products?${new URLSearchParams({ ...(q ? { q } : {}), ...(status ? { status } : {}), ...(missing ? { missing } : {}), ...(p > 1 ? { page: String(p) } : {}) })}`;
    const statuses = await statusOptions(request);
    return reply.render('admin/catalog/products', {
      q,
      status,
      missing,
      statuses,
      total: window.total,
      products: rows.map((r) => ({ ...r, editHref: `/admin/products/${r.id}`, statusLabel: statuses.find((s) => s.value === r.status)!.label })),
      pagination: paginationLinks(window, href),
      flash: takeFlash(request),
      noindex: true,
    });
  });

  app.get('/admin/products/new', guard, async (request, reply) => renderNew(request, reply, formView('product', { status: 'draft' })));

  app.post('/admin/products/new', guard, async (request, reply) => {
    const form = formBody(request);
    try {
      const id = await createProduct(db, actorOf(request), await parseProductInput(db, form));
      app.catalog.invalidate();
      flash(request, 'adminCatalog.flash.created');
      return reply.redirect(`/admin/products/${id}`, 303);
    } catch (err) {
      return renderNew(request, reply, formView('product', productFormValues(form), errorsOf(err)), 422);
    }
  });

  app.get<{ Params: { id: string } }>('/admin/products/:id', guard, async (request, reply) => renderEdit(request, reply, idFromPath(request.params.id)));

  app.post<{ Params: { id: string } }>('/admin/products/:id', guard, async (request, reply) => {
    const id = idFromPath(request.params.id);
    const form = formBody(request);
    try {
      await updateProduct(db, actorOf(request), id, await parseProductInput(db, form));
    } catch (err) {
      return renderEdit(request, reply, id, { kind: 'product', values: form, errors: errorsOf(err) });
    }
    app.catalog.invalidate();
    flash(request, 'adminCatalog.flash.saved');
    return reply.redirect(`/admin/products/${id}`, 303);
  });

  app.post<{ Params: { id: string } }>('/admin/products/:id/translations/fr', guard, async (request, reply) => {
    const id = idFromPath(request.params.id);
    const form = formBody(request);
    try {
      await saveProductTranslation(db, actorOf(request), id, 'fr', parseProductTranslation(form));
    } catch (err) {
      return renderEdit(request, reply, id, { kind: 'translation', values: form, errors: errorsOf(err) });
    }
    app.catalog.invalidate();
    flash(request, 'adminTranslations.saved');
    return reply.redirect(`/admin/products/${id}#french`, 303);
  });

  async function renderOptions(request: FastifyRequest, reply: FastifyReply, rejected: { values: Form; errors: Record<string, MessageKey> } | null = null) {
    const rows = await listOptionTexts(db, 'fr');
    return reply.render(
      'admin/catalog/options',
      {
        rows: rows.map((r) => {
          const field = `${r.kind}:${r.source}`;
          return { ...r, field, value: rejected && field in rejected.values ? String(rejected.values[field] ?? '') : r.text, error: rejected?.errors[field] ?? null };
        }),
        hasErrors: rejected !== null,
        flash: rejected ? [] : takeFlash(request),
        noindex: true,
      },
      rejected ? 422 : 200,
    );
  }

  app.get('/admin/options', guard, async (request, reply) => renderOptions(request, reply));

  app.post('/admin/options', guard, async (request, reply) => {
    const form = formBody(request);
    try {
      await saveOptionTexts(db, actorOf(request), 'fr', form);
    } catch (err) {
      return renderOptions(request, reply, { values: form, errors: errorsOf(err) });
    }
    app.catalog.invalidate();
    flash(request, 'adminTranslations.optionsSaved');
    return reply.redirect('/admin/options', 303);
  });

  app.post<{ Params: { id: string } }>('/admin/products/:id/archive', guard, async (request, reply) => {
    const id = idFromPath(request.params.id);
    await archiveProduct(db, actorOf(request), id);
    app.catalog.invalidate();
    flash(request, 'adminCatalog.flash.archived');
    return reply.redirect(`/admin/products/${id}`, 303);
  });

  app.post<{ Params: { id: string } }>('/admin/products/:id/variants', guard, async (request, reply) => {
    const id = idFromPath(request.params.id);
    const form = formBody(request);
    try {
      await addVariant(db, actorOf(request), id, parseVariantInput(form, true));
    } catch (err) {
      return renderEdit(request, reply, id, { kind: 'newVariant', values: form, errors: errorsOf(err) });
    }
    app.catalog.invalidate();
    flash(request, 'adminCatalog.flash.variantAdded');
    return reply.redirect(`/admin/products/${id}#variants`, 303);
  });

  app.post<{ Params: { id: string } }>('/admin/variants/:id', guard, async (request, reply) => {
    const variant = await getVariant(db, idFromPath(request.params.id));
    const form = formBody(request);
    try {
      await updateVariant(db, actorOf(request), variant.id, parseVariantInput(form, false));
    } catch (err) {
      return renderEdit(request, reply, variant.productId, { kind: 'variant', variantId: variant.id, values: form, errors: errorsOf(err) });
    }
    app.catalog.invalidate();
    flash(request, 'adminCatalog.flash.variantSaved');
    return reply.redirect(`/admin/products/${variant.productId}#variant-${variant.id}`, 303);
  });

  app.post<{ Params: { id: string } }>('/admin/variants/:id/stock', guard, async (request, reply) => {
    const variant = await getVariant(db, idFromPath(request.params.id));
    const form = formBody(request);
    try {
      await adjustStock(db, actorOf(request), variant.id, parseStockAdjustment(form));
    } catch (err) {
      return renderEdit(request, reply, variant.productId, { kind: 'stock', variantId: variant.id, values: form, errors: errorsOf(err) });
    }
    app.catalog.invalidate();
    flash(request, 'adminCatalog.flash.stockChanged');
    return reply.redirect(`/admin/products/${variant.productId}#variant-${variant.id}`, 303);
  });
  // Images. Uploads are multipart, parsed only inside this child plugin; the CSRF token comes as the
  // form's _csrf field (or the x-csrf-token header) and is checked here once the fields are read.
  await app.register(async (uploads) => {
    await uploads.register(multipart, { limits: IMAGE_LIMITS, throwFileSizeLimit: true });

    uploads.post<{ Params: { id: string } }>('/admin/products/:id/images', { ...guard, config: { csrf: false } }, async (request, reply) => {
      const id = idFromPath(request.params.id);
      const fields: Record<string, string> = {};
      const files: Buffer[] = [];
      let tooLarge = false;
      let fieldTooLong = false;
      try {
        for await (const part of request.parts()) {
          if (part.type === 'file') {
            const data = await part.toBuffer();
            if (part.filename === '' && data.length === 0) continue;
            files.push(data);
          } else if (typeof part.value === 'string' && !(part.fieldname in fields)) {
            if (part.valueTruncated) fieldTooLong = true;
            fields[part.fieldname] = part.value;
          }
        }
      } catch (err) {
        if ((err as { statusCode?: number }).statusCode !== 413) throw err;
        tooLarge = true;
      }
      // The same check as every other form, with the token read from the multipart fields.
      if (typeof fields._csrf === 'string') request.body = { _csrf: fields._csrf };
      await new Promise<void>((resolve, reject) => app.csrfProtection(request, reply, (err?: Error) => (err ? reject(err) : resolve())));

      const values = { alt: fields.alt ?? '', altFr: fields.altFr ?? '' };
      const reject = (errors: Record<string, MessageKey>, status = 422) => renderEdit(request, reply, id, { kind: 'images', values, errors, status });
      if (tooLarge) return reject({ files: 'adminCatalog.error.imageTooLarge' }, 413);
      let alts: { alt: string; altFr: string };
      try {
        if (fieldTooLong) throw new ValidationError({ alt: 'adminCatalog.error.altTooLong' });
        alts = parseAlts(fields);
      } catch (err) {
        return reject(errorsOf(err));
      }
      if (files.length === 0) return reject({ files: 'adminCatalog.error.imageRequired' });
      const processed: ProcessedImage[] = [];
      try {
        for (const file of files) processed.push(await processImage(file));
      } catch (err) {
        return reject(errorsOf(err));
      }
      await addImages(db, app.config.uploadDir, actorOf(request), id, processed, alts.alt, alts.altFr);
      app.catalog.invalidate();
      flash(request, 'adminCatalog.flash.imagesAdded');
      return reply.redirect(`/admin/products/${id}#images`, 303);
    });
  });

  app.post<{ Params: { id: string } }>('/admin/images/:id', guard, async (request, reply) => {
    const image = await getImage(db, idFromPath(request.params.id));
    const form = formBody(request);
    try {
      await updateImageAlt(db, actorOf(request), image.id, parseAlts(form));
    } catch (err) {
      return renderEdit(request, reply, image.productId, { kind: 'image', variantId: image.id, values: form, errors: errorsOf(err) });
    }
    app.catalog.invalidate();
    flash(request, 'adminCatalog.flash.imageSaved');
    return reply.redirect(`/admin/products/${image.productId}#image-${image.id}`, 303);
  });

  app.post<{ Params: { id: string } }>('/admin/images/:id/move', guard, async (request, reply) => {
    const image = await getImage(db, idFromPath(request.params.id));
    const direction = formBody(request).direction;
    if (direction === 'up' || direction === 'down') {
      await moveImage(db, actorOf(request), image.id, direction);
      app.catalog.invalidate();
      flash(request, 'adminCatalog.flash.imageMoved');
    }
    return reply.redirect(`/admin/products/${image.productId}#images`, 303);
  });

  app.post<{ Params: { id: string } }>('/admin/images/:id/delete', guard, async (request, reply) => {
    const image = await getImage(db, idFromPath(request.params.id));
    await deleteImage(db, app.config.uploadDir, actorOf(request), image.id);
    app.catalog.invalidate();
    flash(request, 'adminCatalog.flash.imageDeleted');
    return reply.redirect(`/admin/products/${image.productId}#images`, 303);
  });
}
