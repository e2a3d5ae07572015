// Live updates: one WebSocket to /live, subscribed to every data-live-channel on the page, applies stock,
// order-status and new-order messages to the server-rendered markup. Pages are complete without it, so every
// failure here is silent: the page simply stays as the server rendered it.
const MIN_DELAY_MS = 1000;
const MAX_DELAY_MS = 30000;
// A socket that stayed open this long was a real connection: the next drop starts the backoff again at 1 s.
const STABLE_MS = 10000;
// Browsers do not notice a connection that died silently (sleep, network change); an unanswered ping does.
const PING_EVERY_MS = 25000;
const PONG_WITHIN_MS = 10000;
// Well under the server's limits (50 channels, 30 messages in 10 s), so subscribing never gets the socket closed.
const MAX_CHANNELS = 20;

/** Channel name -> the element that asked for it (and holds the texts its messages need). */
const roots = new Map();
for (const element of document.querySelectorAll('[data-live-channel]')) {
  const channel = element.getAttribute('data-live-channel');
  if (channel && channel.length <= 200 && !roots.has(channel) && roots.size < MAX_CHANNELS) roots.set(channel, element);
}

let announcer = null;
let socket = null;
let attempt = 0;
let retryTimer = 0;
let pingTimer = 0;
let pongTimer = 0;
let openedAt = 0;
let suspended = false;

if (roots.size > 0 && typeof WebSocket === 'function') {
  announcer = document.createElement('div');
  announcer.setAttribute('aria-live', 'polite');
  announcer.className = 'visually-hidden';
  announcer.dataset.liveAnnouncer = '';
  document.body.append(announcer);

  document.addEventListener('visibilitychange', () => {
    // A hidden page keeps an open socket but does not dial again until it is shown.
    if (document.visibilityState === 'visible' && !socket && !suspended) {
      attempt = 0;
      connect();
    }
  });
  window.addEventListener('pagehide', (event) => {
    // Leaving the page (or entering the back-forward cache): hang up politely and stop retrying.
    if (!event.persisted) return;
    suspended = true;
    hangUp();
  });
  window.addEventListener('pageshow', (event) => {
    if (!event.persisted) return;
    suspended = false;
    attempt = 0;
    connect();
  });
  connect();
}

function setState(state) {
  document.documentElement.dataset.live = state;
}

function connect() {
  clearTimeout(retryTimer);
  retryTimer = 0;
  if (socket || suspended) return;
  let ws;
  try {
    ws = new WebSocket(`${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/live`);
  } catch (e) {
    retry();
    return;
  }
  socket = ws;
  setState('connecting');
  ws.addEventListener('open', () => {
    if (socket !== ws) return;
    openedAt = Date.now();
    setState('open');
    for (const channel of roots.keys()) send({ type: 'subscribe', channel });
    keepAlive();
  });
  ws.addEventListener('message', (event) => {
    if (socket === ws) receive(event.data);
  });
  ws.addEventListener('close', () => {
    if (socket !== ws) return;
    dropped();
  });
  // An error is always followed by close, which does the work.
  ws.addEventListener('error', () => {});
}

/** The current socket is gone: forget it and dial again later. */
function dropped() {
  socket = null;
  stopKeepAlive();
  if (openedAt && Date.now() - openedAt >= STABLE_MS) attempt = 0;
  openedAt = 0;
  for (const root of roots.values()) delete root.dataset.liveState;
  setState('offline');
  retry();
}

function hangUp() {
  clearTimeout(retryTimer);
  retryTimer = 0;
  stopKeepAlive();
  const ws = socket;
  socket = null;
  openedAt = 0;
  if (ws) {
    try {
      ws.close(1000);
    } catch (e) {
      // Already closing.
    }
  }
  setState('offline');
}

function retry() {
  if (retryTimer || suspended || socket) return;
  // A hidden page waits for visibilitychange instead of dialing in the background.
  if (document.visibilityState === 'hidden') return;
  const base = Math.min(MAX_DELAY_MS, MIN_DELAY_MS * Math.pow(2, attempt));
  attempt = Math.min(attempt + 1, 10);
  // Jitter spreads the reconnects of every open page after a server restart.
  const delay = Math.min(MAX_DELAY_MS, Math.round(base * (0.75 + Math.random() * 0.5)));
  retryTimer = setTimeout(() => {
    retryTimer = 0;
    connect();
  }, delay);
}

function send(message) {
  try {
    if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
  } catch (e) {
    // The close event follows.
  }
}

function keepAlive() {
  stopKeepAlive();
  pingTimer = setInterval(() => {
    send({ type: 'ping' });
    clearTimeout(pongTimer);
    pongTimer = setTimeout(() => {
      // Nothing came back: treat the socket as dead without waiting for a closing handshake that may never end.
      const ws = socket;
      if (!ws) return;
      dropped();
      try {
        ws.close();
      } catch (e) {
        // Nothing to do.
      }
    }, PONG_WITHIN_MS);
  }, PING_EVERY_MS);
}

function stopKeepAlive() {
  clearInterval(pingTimer);
  clearTimeout(pongTimer);
  pingTimer = 0;
  pongTimer = 0;
}

function announce(text) {
  if (!announcer || !text) return;
  // Emptied first so the same words said twice are announced twice.
  announcer.textContent = '';
  setTimeout(() => {
    announcer.textContent = text;
  }, 50);
}

function receive(data) {
  if (typeof data !== 'string' || data.length > 4096) return;
  let message;
  try {
    message = JSON.parse(data);
  } catch (e) {
    return;
  }
  if (!message || typeof message !== 'object') return;
  // Any message proves the socket is alive.
  clearTimeout(pongTimer);
  const root = typeof message.channel === 'string' ? roots.get(message.channel) : undefined;
  try {
    switch (message.type) {
      case 'subscribed':
      case 'denied':
        if (root) root.dataset.liveState = message.type;
        if ([...roots.values()].every((r) => r.dataset.liveState)) setState('ready');
        break;
      case 'stock':
        if (root) applyStock(root, message);
        break;
      case 'order-status':
        if (root) applyOrderStatus(root, message);
        break;
      case 'order-new':
        if (root) applyNewOrder(root, message);
        break;
      default:
      // pong, error and anything newer than this script: nothing to show.
    }
  } catch (e) {
    // A page that does not look as expected stays as the server rendered it.
  }
}

const STOCK_CLASS = { in_stock: 'in', low: 'low', sold_out: 'out' };

/** Product page: the variant's badge, its choice's text and, for the variant in the cart form, the button. */
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

  const badge = root.querySelector(`[data-stock-for="${id}"] .stock`);
  if (!badge) return;
  const changed = badge.textContent !== text;
  badge.className = `stock stock--${STOCK_CLASS[kind]}`;
  badge.dataset.stockState = kind;
  badge.textContent = text;

  // The cart form is re-rendered by cart-forms.js after each add, so it is looked up now, not at load.
  const form = root.querySelector('form[data-cart-form="add"]');
  const variantInput = form && form.querySelector('input[name="variant"]');
  const button = form && form.querySelector('button[type="submit"]');
  const note = root.querySelector('[data-sold-out-note]');
  if (button && variantInput && variantInput.value === String(id)) button.disabled = kind === 'sold_out';
  if (note) note.hidden = kind !== 'sold_out';
  if (changed) announce(kind === 'sold_out' && note ? `${text}. ${note.textContent}` : text);
}

/** Order page: the status in words. */
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
  announce((root.dataset.liveStatusChanged || '{status}').replace('{status}', name));
}

/** Back-office dashboard: a new order at the top of the latest orders, formatted as the server formats them. */
function applyNewOrder(root, message) {
  const { number, totalCents, currency, placedAt, itemCount } = message;
  if (typeof number !== 'string' || !/^[A-Za-z0-9-]{1,40}$/.test(number)) return;
  if (!Number.isInteger(totalCents) || typeof currency !== 'string' || !/^[A-Z]{3}$/.test(currency)) return;
  if (!Number.isFinite(placedAt) || !Number.isInteger(itemCount) || itemCount < 0) return;
  const body = root.querySelector('[data-live-orders]');
  if (!body) return;
  for (const row of body.rows) if (row.dataset.orderNumber === number) return;

  const locale = root.dataset.liveLocale || document.documentElement.lang || undefined;
  const total = new Intl.NumberFormat(locale, { style: 'currency', currency }).format(totalCents / 100);
  const placed = new Intl.DateTimeFormat(locale, { dateStyle: 'long' }).format(new Date(placedAt));
  const items = itemCount === 1 ? root.dataset.liveItemsOne || '' : (root.dataset.liveItems || '').replace('{count}', String(itemCount));

  const row = document.createElement('tr');
  row.className = 'live-new';
  row.dataset.orderNumber = number;
  const link = document.createElement('a');
  link.href = `/admin/orders/${encodeURIComponent(number)}`;
  link.textContent = number;
  const badge = document.createElement('span');
  badge.className = 'badge badge--new';
  badge.textContent = root.dataset.liveNew || '';
  const count = document.createElement('span');
  count.className = 'order-email';
  count.textContent = items;
  row.append(
    cell(link),
    cell(placed),
    cell(badge, document.createElement('br'), count),
    cell(root.dataset.liveStatus || ''),
    cell(total),
  );
  body.prepend(row);
  const max = Number(root.dataset.liveMax) || 10;
  while (body.rows.length > max) body.deleteRow(-1);

  const wrap = body.closest('.table-wrap');
  if (wrap) wrap.hidden = false;
  const none = root.querySelector('[data-live-no-orders]');
  if (none) none.hidden = true;
  announce((root.dataset.liveNewOrder || '{number}').replace('{number}', number));
}

function cell(...children) {
  const td = document.createElement('td');
  td.append(...children);
  return td;
}
