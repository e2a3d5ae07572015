// Back office: category pages (staff or admin, checked on every route): the list, new, edit with its French beside.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { MessageKey } from '../../i18n';
import { ValidationError } from '../../lib/errors';
import { formBody, formView, type Form, type FormView } from '../../lib/forms';
import { idFromPath } from '../../lib/form-input';
import { requireRole } from '../../plugins/auth';
import { flash, takeFlash } from '../../plugins/flash';
import { categoryHref } from '../../catalog/service';
import {
  CategoryNotEmptyError,
  categoryFormValues,
  categoryTranslationFormValues,
  categoryTranslationValues,
  categoryValues,
  createCategory,
  deleteCategory,
  getCategory,
  listAdminCategories,
  loadCategoryTranslation,
  parseCategoryInput,
  parseCategoryTranslation,
  saveCategoryTranslation,
  updateCategory,
} from './categories';

const guard = { preHandler: requireRole('staff') };

function actorOf(request: FastifyRequest) {
  return { id: request.user!.id, email: request.user!.email };
}

function errorsOf(err: unknown): Record<string, MessageKey> {
  if (err instanceof ValidationError) return err.fields;
  throw err;
}

/** A form posted on the category page that failed, so the page re-renders with it as typed. */
interface Rejected {
  kind: 'category' | 'translation' | 'delete';
  values: Form;
  errors: Record<string, MessageKey>;
  status?: number;
}

export async function adminCategoryRoutes(app: FastifyInstance): Promise<void> {
  const db = app.db;

  app.get<{ Querystring: { missing?: unknown } }>('/admin/categories', guard, async (request, reply) => {
    const missing = request.query.missing === 'fr' ? 'fr' : '';
    const categories = await listAdminCategories(db, { missing });
    return reply.render('admin/catalog/categories', {
      missing,
      total: categories.length,
      categories: categories.map((c) => ({ ...c, editHref: `/admin/categories/${c.id}` })),
      flash: takeFlash(request),
      noindex: true,
    });
  });

  async function renderNew(reply: FastifyReply, form: FormView, status = 200) {
    return reply.render('admin/catalog/category-new', { form, noindex: true }, status);
  }

  app.get('/admin/categories/new', guard, async (_request, reply) => renderNew(reply, formView('category', {})));

  app.post('/admin/categories/new', guard, async (request, reply) => {
    const form = formBody(request);
    try {
      const id = await createCategory(db, actorOf(request), parseCategoryInput(form));
      app.catalog.invalidate();
      flash(request, 'adminCategories.flash.created');
      return reply.redirect(`/admin/categories/${id}`, 303);
    } catch (err) {
      return renderNew(reply, formView('category', categoryFormValues(form), errorsOf(err)), 422);
    }
  });

  async function renderEdit(request: FastifyRequest, reply: FastifyReply, id: number, rejected: Rejected | null = null) {
    const category = await getCategory(db, id);
    const french = await loadCategoryTranslation(db, id, 'fr');
    const pick = (kind: Rejected['kind']) => (rejected && rejected.kind === kind ? rejected : null);
    const categoryRejected = pick('category');
    const translationRejected = pick('translation');
    const deleteRejected = pick('delete');
    return reply.render(
      'admin/catalog/category-edit',
      {
        category: { id: category.id, name: category.name, href: categoryHref(category.slug), deletable: category.productCount === 0 && category.childCount === 0, productCount: category.productCount },
        form: formView('category', categoryRejected ? categoryFormValues(categoryRejected.values) : categoryValues(category), categoryRejected?.errors ?? {}),
        // The French beside the English it translates.
        translation: {
          english: { name: category.name, slug: category.slug, description: category.description },
          form: formView('translation-fr', translationRejected ? categoryTranslationFormValues(translationRejected.values) : categoryTranslationValues(french), translationRejected?.errors ?? {}),
        },
        deleteForm: formView('delete', {}, {}, deleteRejected ? { key: 'adminCategories.error.notEmpty' } : null),
        flash: rejected ? [] : takeFlash(request),
        noindex: true,
      },
      rejected ? (rejected.status ?? 422) : 200,
    );
  }

  app.get<{ Params: { id: string } }>('/admin/categories/:id', guard, async (request, reply) => renderEdit(request, reply, idFromPath(request.params.id)));

  app.post<{ Params: { id: string } }>('/admin/categories/:id', guard, async (request, reply) => {
    const id = idFromPath(request.params.id);
    const form = formBody(request);
    try {
      await updateCategory(db, actorOf(request), id, parseCategoryInput(form));
    } catch (err) {
      return renderEdit(request, reply, id, { kind: 'category', values: form, errors: errorsOf(err) });
    }
    app.catalog.invalidate();
    flash(request, 'adminCategories.flash.saved');
    return reply.redirect(`/admin/categories/${id}`, 303);
  });

  app.post<{ Params: { id: string } }>('/admin/categories/:id/translations/fr', guard, async (request, reply) => {
    const id = idFromPath(request.params.id);
    const form = formBody(request);
    try {
      await saveCategoryTranslation(db, actorOf(request), id, 'fr', parseCategoryTranslation(form));
    } catch (err) {
      return renderEdit(request, reply, id, { kind: 'translation', values: form, errors: errorsOf(err) });
    }
    app.catalog.invalidate();
    flash(request, 'adminTranslations.saved');
    return reply.redirect(`/admin/categories/${id}#french`, 303);
  });

  app.post<{ Params: { id: string } }>('/admin/categories/:id/delete', guard, async (request, reply) => {
    const id = idFromPath(request.params.id);
    try {
      await deleteCategory(db, actorOf(request), id);
    } catch (err) {
      if (!(err instanceof CategoryNotEmptyError)) throw err;
      return renderEdit(request, reply, id, { kind: 'delete', values: {}, errors: {}, status: 409 });
    }
    app.catalog.invalidate();
    flash(request, 'adminCategories.flash.deleted');
    return reply.redirect('/admin/categories', 303);
  });
}
