// The text a PDF built by pdfkit shows, for tests: its content streams inflated, each text-showing operator's
// hex strings decoded (WinAnsi, read as Latin-1 plus the few characters that differ), one line per operator.
import zlib from 'node:zlib';

const WIN_ANSI: Record<number, string> = { 0x80: '€', 0x92: '’', 0x96: '–', 0x97: '—', 0x93: '“', 0x94: '”', 0x95: '•', 0x85: '…' };

function decodeHex(hex: string): string {
  let out = '';
  for (let i = 0; i + 1 < hex.length; i += 2) {
    const code = parseInt(hex.slice(i, i + 2), 16);
    out += WIN_ANSI[code] ?? String.fromCharCode(code);
  }
  return out;
}

export function pdfText(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  const lines: string[] = [];
  let from = 0;
  for (;;) {
    const start = raw.indexOf('stream\n', from);
    if (start < 0) break;
    const end = raw.indexOf('\nendstream', start);
    if (end < 0) break;
    const body = Buffer.from(raw.slice(start + 7, end), 'latin1');
    from = end + 10;
    let content: string;
    try {
      content = zlib.inflateSync(body).toString('latin1');
    } catch {
      content = body.toString('latin1');
    }
    for (const m of content.matchAll(/\[([^\]]*)\]\s*TJ/g)) {
      const hexes = [...m[1].matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => decodeHex(h[1]));
      lines.push(hexes.join(''));
    }
  }
  return lines.join('\n');
}
