// Cart forms without a page reload: the form is posted with fetch and the server's fragment (the
// header's cart link plus the re-rendered form or cart contents) is swapped in. Without JavaScript,
// or when anything here fails, the same forms post and redirect as usual.
const live = document.createElement('div');
live.setAttribute('aria-live', 'polite');
live.className = 'visually-hidden';
document.body.append(live);

async function send(form) {
  const response = await fetch(form.action, {
    method: 'POST',
    body: new URLSearchParams(new FormData(form)),
    headers: { 'x-requested-with': 'fetch', accept: 'text/html' },
    credentials: 'same-origin',
  });
  if (!response.ok && response.status !== 422) throw new Error(`HTTP ${response.status}`);
  const template = document.createElement('template');
  template.innerHTML = await response.text();
  return template.content;
}

document.addEventListener('submit', async (event) => {
  const form = event.target instanceof HTMLFormElement ? event.target.closest('form[data-cart-form]') : null;
  if (!form) return;
  event.preventDefault();
  const button = form.querySelector('button[type="submit"]');
  if (button) button.disabled = true;
  let fragment;
  try {
    fragment = await send(form);
  } catch {
    form.submit();
    return;
  }
  const link = fragment.querySelector('[data-cart-link]');
  const currentLink = document.querySelector('header [data-cart-link]');
  if (link && currentLink) currentLink.replaceWith(link);
  // The form the shopper used is replaced, so focus is put where they read what happened, never left to
  // fall back to the top of the page.
  if (form.dataset.cartForm === 'add') {
    const next = fragment.querySelector('form[data-cart-form="add"]');
    if (next) form.replaceWith(next);
    const message = next && next.querySelector('[role="status"], .field-error');
    if (message) live.textContent = message.textContent;
    const invalid = next && next.querySelector('[aria-invalid="true"]');
    const status = next && next.querySelector('[role="status"]');
    if (invalid) invalid.focus();
    else if (status) status.focus();
  } else {
    const action = form.getAttribute('action');
    const contents = fragment.querySelector('[data-cart-contents]');
    const current = document.querySelector('[data-cart-contents]');
    if (contents && current) current.replaceWith(contents);
    const invalid = document.querySelector('[data-cart-contents] [aria-invalid="true"]');
    const sameForm = action && document.querySelector(`[data-cart-contents] form[action="${CSS.escape(action)}"]`);
    const region = document.querySelector('[data-cart-contents]');
    if (invalid) invalid.focus();
    else if (sameForm) (sameForm.querySelector('input:not([type="hidden"])') || sameForm.querySelector('button') || sameForm).focus();
    else if (region) {
      region.setAttribute('tabindex', '-1');
      region.focus();
    }
    if (link) live.textContent = link.textContent;
  }
});

// Lets tests (and other scripts) know the forms are now handled here.
document.documentElement.dataset.cartForms = 'ready';
