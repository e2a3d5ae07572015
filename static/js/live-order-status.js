// Order page, live: the status in words follows the clerk's changes (prepared, shipped…) without a reload.
// Messages come from live-socket.js; the status names travel with the page.
for (const root of document.querySelectorAll('[data-live-channel][data-live-statuses]')) {
  root.addEventListener('live:message', (event) => {
    if (event.detail && event.detail.type === 'order-status') applyOrderStatus(root, event.detail);
  });
}

function applyOrderStatus(root, message) {
  if (typeof message.status !== 'string') return;
  let names;
  try {
    names = JSON.parse(root.dataset.liveStatuses || '{}');
  } catch (e) {
    return;
  }
  const name = Object.prototype.hasOwnProperty.call(names, message.status) ? names[message.status] : '';
  const target = root.querySelector('[data-order-status]');
  if (!name || !target || target.textContent === name) return;
  target.textContent = name;
  document.dispatchEvent(new CustomEvent('live:announce', { detail: (root.dataset.liveStatusChanged || '{status}').replace('{status}', name) }));
}
