// Product page: choosing a size or colour shows that variant's price, stock, SKU and photo in place, marks the values
// that make no variant or are sold out, and keeps the address (?variant=) current, without reloading, so focus
// stays on the option and the arrow keys move between options. Without JavaScript the options are part of the
// add-to-cart form and the server adds the variant they make.
const data = document.querySelector('script[data-variant-options]');
const summary = document.querySelector('[data-variant-summary]');
let variants = [];
try {
  variants = data ? JSON.parse(data.textContent || '[]') : [];
} catch {
  variants = [];
}

const announcer = document.createElement('div');
announcer.setAttribute('aria-live', 'polite');
announcer.className = 'visually-hidden';
document.body.append(announcer);

function sameOptions(a, b) {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}

/** The options the form names now, or null when it chooses by variant (a flat list). */
function chosenOptions(form) {
  const chosen = {};
  let any = false;
  for (const input of form.querySelectorAll('input[type="radio"][data-option-key]')) {
    if (input.checked) {
      chosen[input.dataset.optionKey] = input.value;
      any = true;
    }
  }
  return any ? chosen : null;
}

function variantOf(form) {
  const chosen = chosenOptions(form);
  if (chosen) return variants.find((v) => sameOptions(v.options, chosen)) || null;
  const picked = form.querySelector('input[type="radio"][name="variant"]:checked');
  return picked ? variants.find((v) => String(v.id) === picked.value) || null : null;
}

/** Each value's mark for the other groups' current values: sold out, or no such variant. */
function markValues(form) {
  const chosen = chosenOptions(form);
  if (!chosen) return;
  for (const input of form.querySelectorAll('input[type="radio"][data-option-key]')) {
    const candidate = variants.find((v) => sameOptions(v.options, { ...chosen, [input.dataset.optionKey]: input.value }));
    const state = !candidate ? 'unavailable' : candidate.state;
    const holder = input.closest('.option-value');
    const mark = holder && holder.querySelector('[data-option-state]');
    if (!holder || !mark) continue;
    holder.className = `option-value option-value--${state}`;
    const text = state === 'sold_out' ? form.dataset.stateSoldOut : state === 'unavailable' ? form.dataset.stateUnavailable : '';
    mark.textContent = text ? ` — ${text}` : '';
  }
}

function show(form) {
  const variant = variantOf(form);
  markValues(form);
  const button = form.querySelector('button[type="submit"]');
  const note = document.querySelector('[data-sold-out-note]');
  if (!variant) {
    if (button) button.disabled = true;
    announcer.textContent = form.dataset.stateUnavailable || '';
    return;
  }
  form.dataset.variantId = String(variant.id);
  const template = document.querySelector(`template[data-variant-summary-for="${variant.id}"]`);
  if (summary && template) summary.replaceChildren(template.content.cloneNode(true));
  // The variant's own photo (its colour), shown through the gallery's thumbnail.
  if (Number.isInteger(variant.image)) {
    const thumb = document.querySelectorAll('[data-gallery] [data-gallery-thumb]')[variant.image];
    if (thumb && !thumb.hasAttribute('aria-current')) thumb.click();
  }
  const soldOut = variant.state === 'sold_out';
  if (button) button.disabled = soldOut;
  if (note) note.hidden = !soldOut;
  const url = new URL(window.location.href);
  url.searchParams.set('variant', String(variant.id));
  history.replaceState(history.state, '', url);
  if (summary) announcer.textContent = summary.textContent.replace(/\s+/g, ' ').trim();
}

if (variants.length && summary) {
  document.addEventListener('change', (event) => {
    const input = event.target;
    if (!(input instanceof HTMLInputElement) || input.type !== 'radio') return;
    const form = input.closest('form[data-cart-form="add"]');
    if (form) show(form);
  });
  // Live stock (live-stock.js) tells of a variant sold out or back: the marks follow.
  document.addEventListener('live:variant-stock', (event) => {
    const detail = event.detail || {};
    const variant = variants.find((v) => v.id === detail.variantId);
    if (!variant) return;
    variant.state = detail.kind === 'sold_out' ? 'sold_out' : 'available';
    const form = document.querySelector('form[data-cart-form="add"]');
    if (form) markValues(form);
  });
}
