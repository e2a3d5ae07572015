// Checkout step 1, contact: the email the order and its messages go to.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { takeFlash } from '../plugins/flash';
import { emailProblem, normaliseEmail } from '../accounts/service';
import { formBody, formView, text, type FormView } from '../lib/forms';
import { checkoutState, updateCheckout } from './checkout-session';
import { STEP_PATHS, type StepSupport } from './step-support';

export function contactStep(app: FastifyInstance, steps: StepSupport): void {
  const renderContact = async (request: FastifyRequest, reply: FastifyReply, cartId: number, form: FormView, status = 200) =>
    reply.render('checkout/contact', { form, summary: await steps.summary(request, cartId), step: 'contact', backHref: '/cart', flash: status === 200 ? takeFlash(request) : [], noindex: true }, status);

  app.get('/checkout/contact', async (request, reply) => {
    const cartId = await steps.cartOrRedirect(request, reply);
    if (cartId === null) return reply;
    const state = checkoutState(request);
    return renderContact(request, reply, cartId, formView('contact', { email: state.email ?? request.user?.email ?? '' }));
  });

  app.post('/checkout/contact', async (request, reply) => {
    const cartId = await steps.cartOrRedirect(request, reply);
    if (cartId === null) return reply;
    const form = formBody(request);
    const email = normaliseEmail(form.email);
    const problem = emailProblem(email);
    if (problem) return renderContact(request, reply, cartId, formView('contact', { email: text(form, 'email') }, { email: problem }), 422);
    updateCheckout(request, { email });
    return reply.redirect(STEP_PATHS.shipping, 303);
  });
}
