// Return URLs from query strings: only same-origin paths, so a link cannot send a visitor elsewhere.

export function safeReturnPath(value: unknown, fallback = '/'): string {
  if (typeof value !== 'string' || value.length > 2000) return fallback;
  // A path on this site: starts with one slash, not "//" or "/\" (protocol-relative), no control characters.
  if (!/^\/(?![/\\])/.test(value) || /[\u0000-\u001f\u007f]/.test(value)) return fallback;
  return value;
}
