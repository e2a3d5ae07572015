// Back-office dashboard, live: an order placed while the page is open appears at the top of the latest orders.
// The row is the server's (data-live-row-url + the order number): fetched and swapped in, never built here.
for (const root of document.querySelectorAll('[data-live-channel][data-live-row-url]')) {
  root.addEventListener('live:message', (event) => {
    if (event.detail && event.detail.type === 'order-new') addOrder(root, event.detail.number);
  });
}

function hasRow(body, number) {
  for (const row of body.rows) if (row.dataset.orderNumber === number) return true;
  return false;
}

async function addOrder(root, number) {
  if (typeof number !== 'string' || !/^[A-Za-z0-9-]{1,40}$/.test(number)) return;
  const body = root.querySelector('[data-live-orders]');
  if (!body || hasRow(body, number)) return;
  let row;
  try {
    const response = await fetch(`${root.dataset.liveRowUrl}${encodeURIComponent(number)}`, {
      headers: { accept: 'text/html' },
      credentials: 'same-origin',
    });
    if (!response.ok) return;
    const template = document.createElement('template');
    template.innerHTML = await response.text();
    row = template.content.querySelector('tr[data-order-number]');
  } catch (e) {
    // Offline or logged out meanwhile: the list stays as it was until the next reload.
    return;
  }
  // Another message for the same order may have been answered first.
  if (!row || hasRow(body, number)) return;
  body.prepend(row);
  const max = Number(root.dataset.liveMax) || 10;
  while (body.rows.length > max) body.deleteRow(-1);

  const wrap = body.closest('.table-wrap');
  if (wrap) wrap.hidden = false;
  const none = root.querySelector('[data-live-no-orders]');
  if (none) none.hidden = true;
  if (row.dataset.announcement) document.dispatchEvent(new CustomEvent('live:announce', { detail: row.dataset.announcement }));
}
