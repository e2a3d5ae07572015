// Live updates' one WebSocket: subscribes every data-live-channel element of the page and hands each message
// to its element as a `live:message` event; the page behaviours (live-*.js) listen there. It also owns the
// page's one polite announcer, which they speak through with a `live:announce` event. Pages are complete
// without it, so every failure here is silent: the page simply stays as the server rendered it.
// Listed after the behaviours in a page's scripts, so they are listening before the socket opens.
const MIN_DELAY_MS = 1000;
const MAX_DELAY_MS = 30000;
// A socket that stayed open this long was a real connection: the next drop starts the backoff again at 1 s.
const STABLE_MS = 10000;
// Browsers do not notice a connection that died silently (sleep, network change); an unanswered ping does.
const PING_EVERY_MS = 25000;
const PONG_WITHIN_MS = 10000;
// Well under the server's limits (50 channels, 30 messages in 10 s), so subscribing never gets the socket closed.
const MAX_CHANNELS = 20;

/** Channel name -> the element that asked for it (and hears its messages). */
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
  document.addEventListener('live:announce', (event) => announce(event.detail));

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
  if (!announcer || typeof text !== 'string' || !text) return;
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
  if (!root) return; // pong, error, and anything for no element of this page: nothing to show.
  if (message.type === 'subscribed' || message.type === 'denied') {
    root.dataset.liveState = message.type;
    if ([...roots.values()].every((r) => r.dataset.liveState)) setState('ready');
    return;
  }
  // A behaviour's failure is its own (dispatchEvent reports a listener's error without throwing here).
  root.dispatchEvent(new CustomEvent('live:message', { detail: message }));
}
