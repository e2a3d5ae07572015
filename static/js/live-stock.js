// Product page, live: when a variant's stock changes (someone else bought it), its badge, its choice's text and
// the Add to cart button follow. Messages come from live-socket.js; the texts travel with the page.
const STOCK_CLASS = { in_stock: 'in', low: 'low', sold_out: 'out' };

for (const root of document.querySelectorAll('[data-live-channel][data-live-stock-in]')) {
  root.addEventListener('live:message', (event) => {
    if (event.detail && event.detail.type === 'stock') applyStock(root, event.detail);
  });
}

/** The variant's badge, its choice's text and, for the variant chosen in the cart form (its data-variant-id), the button. */
function applyStock(root, message) {
  const id = message.variantId;
  const stock = message.stock;
  if (!Number.isInteger(id) || id <= 0 || !stock || typeof stock !== 'object') return;
  const kind = stock.kind;
  let text = '';
  if (kind === 'in_stock') text = root.dataset.liveStockIn || '';
  else if (kind === 'sold_out') text = root.dataset.liveStockOut || '';
  else if (kind === 'low' && Number.isInteger(stock.left) && stock.left > 0) text = (root.dataset.liveStockLow || '').replace('{left}', String(stock.left));
  if (!text) return;

  const choice = root.querySelector(`[data-variant-stock="${id}"]`);
  if (choice) {
    choice.className = `variant-stock variant-stock--${kind}`;
    choice.textContent = text;
  }

  // The variant's summary kept for variant-choice.js follows too, and so do the marks of the options.
  const kept = root.querySelector(`template[data-variant-summary-for="${id}"]`);
  const keptBadge = kept && kept.content.querySelector('.stock');
  if (keptBadge) {
    keptBadge.className = `stock stock--${STOCK_CLASS[kind]}`;
    keptBadge.dataset.stockState = kind;
    keptBadge.textContent = text;
  }
  document.dispatchEvent(new CustomEvent('live:variant-stock', { detail: { variantId: id, kind } }));

  const badge = root.querySelector(`[data-stock-for="${id}"] .stock`);
  if (!badge) return;
  const changed = badge.textContent !== text;
  badge.className = `stock stock--${STOCK_CLASS[kind]}`;
  badge.dataset.stockState = kind;
  badge.textContent = text;

  // The cart form is re-rendered by cart-forms.js after each add, so it is looked up now, not at load.
  const form = root.querySelector('form[data-cart-form="add"]');
  const button = form && form.querySelector('button[type="submit"]');
  const note = root.querySelector('[data-sold-out-note]');
  if (button && form.dataset.variantId === String(id)) button.disabled = kind === 'sold_out';
  if (note) note.hidden = kind !== 'sold_out';
  if (changed) document.dispatchEvent(new CustomEvent('live:announce', { detail: kind === 'sold_out' && note ? `${text}. ${note.textContent}` : text }));
}
