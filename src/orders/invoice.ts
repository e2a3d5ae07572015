// An order's invoice and its credit notes as PDF bytes: pure (order data, seller and formatters in, a Buffer
// out), built with pdfkit, in the order's language. Both carry the seller's identity (name, address, VAT and
// registration numbers, legal mentions), the buyer, the document's own number and date, and the VAT by rate.
import { cardBrandName } from '../payments/card-brand';
import PDFDocument from 'pdfkit';
import type { Formatters } from '../i18n';
import { addressLines } from '../accounts/address-format';
import { countryName } from '../lib/countries';
import type { CreditNote } from '../invoices/credit-notes';
import { orderTaxedAmounts, vatByRate, type TaxedAmount } from '../invoices/vat-breakdown';
import type { OrderView } from './service';

/** Who sells, as printed (settings/shop-settings.ts); an empty name falls back to the shop's name. */
export interface SellerOnDocument {
  name: string;
  addressLines: string[];
  country: string;
  vatNumber: string;
  registration: string;
  footer: string;
}

export interface InvoiceInput {
  order: OrderView;
  seller: SellerOnDocument;
  shopName: string;
  shippingMethodName: string;
  /** t, money and date in the order's language and the shop's currency. */
  formatters: Formatters;
}

export interface CreditNoteInput {
  order: OrderView;
  creditNote: CreditNote;
  seller: SellerOnDocument;
  shopName: string;
  formatters: Formatters;
}

/**
 * The 14 standard PDF fonts only know WinAnsi: French number formatting's narrow no-break spaces and the
 * minus sign would print as nothing, so they become their nearest WinAnsi characters.
 */
function pdfText(s: string): string {
  return s.replace(/[\u202f\u2009\u2007]/g, '\u00a0').replace(/\u2212/g, '-');
}

const INK = '#1f2a2e';
const MUTED = '#5f6b70';
const ACCENT = '#2f5d50';
const RULE = '#d9d3c7';
const BAND = '#f3f0ea';

type TextFn = (s: string, x: number, y: number, options?: PDFKit.Mixins.TextOptions) => void;

interface Page {
  doc: PDFKit.PDFDocument;
  done: Promise<Buffer>;
  text: TextFn;
  left: number;
  right: number;
  width: number;
  bottom: number;
}

function startDocument(title: string, author: string): Page {
  const doc = new PDFDocument({ size: 'A4', margin: 50, bufferPages: true, info: { Title: pdfText(title), Author: pdfText(author), Subject: pdfText(title) } });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const left = doc.page.margins.left;
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const text: TextFn = (s, x, y, options = {}) => {
    doc.text(pdfText(s), x, y, { lineBreak: false, ...options });
  };
  return { doc, done, text, left, right: left + width, width, bottom: doc.page.height - doc.page.margins.bottom - 60 };
}

function percent(f: Formatters, rateBp: number): string {
  return new Intl.NumberFormat(f.locale === 'fr' ? 'fr-FR' : 'en-GB', { style: 'percent', maximumFractionDigits: 2 }).format(rateBp / 10000);
}

/** The seller on the left (name, address, VAT and registration numbers), the document's title and facts on the right; returns the y below. */
function header(p: Page, f: Formatters, seller: SellerOnDocument, shopName: string, title: string, meta: [string, string][]): number {
  const { doc, text, left, right, width } = p;
  doc.font('Times-Bold').fontSize(20).fillColor(ACCENT);
  text(seller.name || shopName, left, 50, { width: width / 2, ellipsis: true });
  let ly = 76;
  const sellerLines = [...seller.addressLines];
  if (seller.country) sellerLines.push(countryName(f.locale, seller.country));
  if (seller.vatNumber) sellerLines.push(f.t('invoice.sellerVat', { vat: seller.vatNumber }));
  if (seller.registration) sellerLines.push(f.t('invoice.sellerRegistration', { number: seller.registration }));
  doc.font('Helvetica').fontSize(9).fillColor(INK);
  for (const line of sellerLines) {
    text(line, left, ly, { width: width / 2, ellipsis: true });
    ly += 12;
  }
  doc.font('Helvetica-Bold').fontSize(20).fillColor(INK);
  text(title.toUpperCase(), left, 52, { width, align: 'right' });
  let y = 84;
  for (const [label, value] of meta) {
    doc.font('Helvetica').fontSize(9).fillColor(MUTED);
    text(label, right - 280, y, { width: 140, align: 'right' });
    doc.font('Helvetica-Bold').fontSize(10).fillColor(INK);
    text(value, right - 135, y - 1, { width: 135, align: 'right', ellipsis: true });
    y += 16;
  }
  y = Math.max(y, ly, 120) + 10;
  doc.moveTo(left, y).lineTo(right, y).lineWidth(1).strokeColor(RULE).stroke();
  return y;
}

/** Billed to (name, email, address) and, for an invoice, delivered to; returns the y below. */
function buyer(p: Page, f: Formatters, order: OrderView, y: number, shippingMethodName: string | null): number {
  const { doc, text, left, width } = p;
  y += 18;
  const column = (x: number, heading: string, lines: string[]) => {
    doc.font('Helvetica-Bold').fontSize(9).fillColor(MUTED);
    text(heading.toUpperCase(), x, y, { characterSpacing: 0.5 });
    let ly = y + 16;
    lines.forEach((line, i) => {
      doc.font(i === 0 ? 'Helvetica-Bold' : 'Helvetica').fontSize(10).fillColor(INK);
      text(line, x, ly, { width: width / 2 - 20, ellipsis: true });
      ly += 14;
    });
    return ly;
  };
  const address = addressLines(f.locale, order.shippingAddress);
  const billTo = [address[0] ?? order.email, order.email, ...address.slice(1)];
  const ends = [column(left, f.t('invoice.billTo'), billTo)];
  if (shippingMethodName !== null) ends.push(column(left + width / 2, f.t('invoice.shipTo'), [...address, shippingMethodName]));
  return Math.max(...ends) + 24;
}

/** Room for `height` more points on this page, or a new page; returns the y to write at. */
function room(p: Page, y: number, height: number): number {
  if (y + height <= p.bottom) return y;
  p.doc.addPage();
  return p.doc.page.margins.top;
}

/** The VAT by rate: rate, net, VAT and gross per rate, right-aligned; returns the y below. */
function vatSummary(p: Page, f: Formatters, amounts: TaxedAmount[], y: number, sign: 1 | -1): number {
  const { doc, text, right } = p;
  const rows = vatByRate(amounts);
  y = room(p, y, 40 + rows.length * 16);
  const cols = [right - 330, right - 250, right - 165, right - 82];
  doc.font('Helvetica-Bold').fontSize(9).fillColor(MUTED);
  text(f.t('invoice.vatSummary').toUpperCase(), p.left, y, { characterSpacing: 0.5 });
  y += 16;
  doc.rect(cols[0] - 8, y - 5, right - cols[0] + 8, 18).fill(BAND);
  doc.font('Helvetica-Bold').fontSize(9).fillColor(MUTED);
  [f.t('invoice.vatRate'), f.t('invoice.vatNet'), f.t('invoice.vatTax'), f.t('invoice.vatGross')].forEach((h, i) => text(h, cols[i], y, { width: 78, align: 'right' }));
  y += 18;
  doc.font('Helvetica').fontSize(10).fillColor(INK);
  for (const r of rows) {
    text(percent(f, r.rateBp), cols[0], y, { width: 78, align: 'right' });
    text(f.money(sign * r.netCents), cols[1], y, { width: 78, align: 'right' });
    text(f.money(sign * r.taxCents), cols[2], y, { width: 78, align: 'right' });
    text(f.money(sign * r.grossCents), cols[3], y, { width: 78, align: 'right' });
    y += 16;
  }
  return y + 10;
}

/** Legal mentions, thanks and page numbers on every page (written into the bottom margin, so it is lifted first). */
function footer(p: Page, f: Formatters, seller: SellerOnDocument, shopName: string): void {
  const { doc, text, left, right, width } = p;
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottomMargin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const fy = doc.page.height - 62;
    doc.moveTo(left, fy - 8).lineTo(right, fy - 8).lineWidth(0.5).strokeColor(RULE).stroke();
    doc.font('Helvetica').fontSize(7.5).fillColor(MUTED);
    if (seller.footer) doc.text(pdfText(seller.footer.replace(/\s*\n\s*/g, ' · ')), left, fy, { width, height: 22, ellipsis: true });
    doc.fontSize(8.5);
    text(`${seller.name || shopName} · ${f.t('invoice.thanks')}`, left, fy + 26);
    text(f.t('invoice.page', { page: i - range.start + 1, pages: range.count }), left, fy + 26, { width, align: 'right' });
    doc.page.margins.bottom = bottomMargin;
  }
}

function paymentLine(p: Page, f: Formatters, order: OrderView, y: number, key: 'orders.page.payment' | 'invoice.creditNote.refundedTo'): number {
  if (!order.payment) return y;
  p.doc.font('Helvetica').fontSize(9.5).fillColor(MUTED);
  p.text(f.t(key, { brand: cardBrandName(order.payment.brand), last4: order.payment.last4 }), p.left, y, { width: p.width, align: 'right' });
  return y + 18;
}

export function buildInvoicePdf(input: InvoiceInput): Promise<Buffer> {
  const { order, formatters: f, seller } = input;
  const t = f.t;
  const title = t('invoice.title');
  const p = startDocument(`${title} ${order.invoiceNumber ?? order.number}`, seller.name || input.shopName);
  const { doc, text, left, right, width } = p;

  let y = header(p, f, seller, input.shopName, title, [
    [t('invoice.number'), order.invoiceNumber ?? t('invoice.noNumber')],
    [t('invoice.date'), f.date(order.placedAt)],
    [t('invoice.orderNumber'), order.number],
  ]);
  y = buyer(p, f, order, y, input.shippingMethodName);

  // ---- Lines ----
  const cols = { item: left + 8, qty: left + width - 250, unit: left + width - 180, amount: left + width - 90 };
  const tableHeader = () => {
    doc.rect(left, y, width, 22).fill(BAND);
    doc.font('Helvetica-Bold').fontSize(9).fillColor(MUTED);
    text(t('checkout.review.item'), cols.item, y + 7);
    text(t('checkout.review.quantity'), cols.qty, y + 7, { width: 60, align: 'right' });
    text(t('invoice.unitPrice'), cols.unit, y + 7, { width: 82, align: 'right' });
    text(t('checkout.review.amount'), cols.amount, y + 7, { width: 82, align: 'right' });
    y += 30;
  };
  tableHeader();
  for (const line of order.lines) {
    const rowHeight = line.label ? 32 : 20;
    if (y + rowHeight > p.bottom) {
      doc.addPage();
      y = doc.page.margins.top;
      tableHeader();
    }
    doc.font('Helvetica').fontSize(10).fillColor(INK);
    text(line.productName, cols.item, y, { width: cols.qty - cols.item - 10, ellipsis: true });
    text(String(line.quantity), cols.qty, y, { width: 60, align: 'right' });
    text(f.money(line.unitPriceCents), cols.unit, y, { width: 82, align: 'right' });
    text(f.money(line.lineSubtotalCents), cols.amount, y, { width: 82, align: 'right' });
    if (line.label) {
      doc.fontSize(8.5).fillColor(MUTED);
      text(`${line.label} · ${line.sku}`, cols.item, y + 13, { width: cols.qty - cols.item - 10, ellipsis: true });
    }
    y += rowHeight - 6;
    doc.moveTo(left, y).lineTo(right, y).lineWidth(0.5).strokeColor(RULE).stroke();
    y += 8;
  }

  // ---- Totals, right-aligned under the amounts ----
  const totals: [string, string][] = [[t('checkout.review.subtotal'), f.money(order.subtotalCents)]];
  if (order.discountCode || order.discountCents > 0) totals.push([t('checkout.review.discount', { code: order.discountCode ?? '' }), `-${f.money(order.discountCents)}`]);
  totals.push([t('checkout.review.shipping', { method: input.shippingMethodName }), order.shippingCents === 0 ? t('checkout.shipping.free') : f.money(order.shippingCents)]);
  // Prices with VAT included: the VAT is inside the amounts above, so it is not a row that adds up; it shows under the total.
  if (!order.pricesIncludeTax) totals.push([`${t('checkout.review.tax')} (${percent(f, order.taxRateBasisPoints)})`, f.money(order.taxCents)]);
  y = room(p, y, totals.length * 18 + 60);
  y += 6;
  const labelX = right - 300;
  for (const [label, value] of totals) {
    doc.font('Helvetica').fontSize(10).fillColor(MUTED);
    text(label, labelX, y, { width: 200, align: 'right', ellipsis: true });
    doc.fillColor(INK);
    text(value, right - 90, y, { width: 82, align: 'right' });
    y += 18;
  }
  y += 2;
  doc.rect(right - 300, y, 300, 28).fill(ACCENT);
  doc.font('Helvetica-Bold').fontSize(12).fillColor('#ffffff');
  text(t('checkout.review.total'), labelX, y + 9, { width: 200, align: 'right' });
  text(f.money(order.totalCents), right - 100, y + 9, { width: 92, align: 'right' });
  y += 40;
  if (order.pricesIncludeTax) {
    doc.font('Helvetica').fontSize(9.5).fillColor(MUTED);
    text(`${t('checkout.review.taxIncluded', { amount: f.money(order.taxCents) })} (${percent(f, order.taxRateBasisPoints)})`, left, y, { width, align: 'right' });
    y += 16;
  }
  y = paymentLine(p, f, order, y, 'orders.page.payment');
  vatSummary(p, f, orderTaxedAmounts(order), y + 6, 1);

  footer(p, f, seller, input.shopName);
  doc.end();
  return p.done;
}

/** A refund's credit note: its own number, the original invoice's, the returned lines and the VAT by rate, amounts negative. */
export function buildCreditNotePdf(input: CreditNoteInput): Promise<Buffer> {
  const { order, creditNote: note, formatters: f, seller } = input;
  const t = f.t;
  const title = t('invoice.creditNote.title');
  const p = startDocument(`${title} ${note.number}`, seller.name || input.shopName);
  const { doc, text, left, right, width } = p;

  let y = header(p, f, seller, input.shopName, title, [
    [t('invoice.creditNote.number'), note.number],
    [t('invoice.creditNote.date'), f.date(note.issuedAt)],
    [t('invoice.creditNote.invoiceRef'), order.invoiceNumber ?? t('invoice.noNumber')],
    [t('invoice.orderNumber'), order.number],
  ]);
  y = buyer(p, f, order, y, null);

  const cols = { item: left + 8, qty: left + width - 180, amount: left + width - 90 };
  const tableHeader = () => {
    doc.rect(left, y, width, 22).fill(BAND);
    doc.font('Helvetica-Bold').fontSize(9).fillColor(MUTED);
    text(t('checkout.review.item'), cols.item, y + 7);
    text(t('checkout.review.quantity'), cols.qty, y + 7, { width: 60, align: 'right' });
    text(t('checkout.review.amount'), cols.amount, y + 7, { width: 82, align: 'right' });
    y += 30;
  };
  tableHeader();
  for (const line of note.lines) {
    const sub = line.kind === 'line' ? [line.label, line.sku].filter(Boolean).join(' · ') : '';
    const rowHeight = sub ? 32 : 20;
    if (y + rowHeight > p.bottom) {
      doc.addPage();
      y = doc.page.margins.top;
      tableHeader();
    }
    doc.font('Helvetica').fontSize(10).fillColor(INK);
    text(line.kind === 'line' ? line.productName : t('invoice.creditNote.adjustment'), cols.item, y, { width: cols.qty - cols.item - 10, ellipsis: true });
    if (line.kind === 'line') text(String(line.quantity), cols.qty, y, { width: 60, align: 'right' });
    text(f.money(-line.grossCents), cols.amount, y, { width: 82, align: 'right' });
    if (sub) {
      doc.fontSize(8.5).fillColor(MUTED);
      text(sub, cols.item, y + 13, { width: cols.qty - cols.item - 10, ellipsis: true });
    }
    y += rowHeight - 6;
    doc.moveTo(left, y).lineTo(right, y).lineWidth(0.5).strokeColor(RULE).stroke();
    y += 8;
  }

  y = room(p, y, 60);
  y += 8;
  doc.rect(right - 300, y, 300, 28).fill(ACCENT);
  doc.font('Helvetica-Bold').fontSize(12).fillColor('#ffffff');
  text(t('invoice.creditNote.total'), right - 300, y + 9, { width: 200, align: 'right' });
  text(f.money(-note.amountCents), right - 100, y + 9, { width: 92, align: 'right' });
  y += 40;
  y = paymentLine(p, f, order, y, 'invoice.creditNote.refundedTo');
  const amounts = note.lines.map((l) => ({ rateBp: note.taxRateBp, grossCents: l.grossCents, taxCents: l.taxCents }));
  vatSummary(p, f, amounts, y + 6, -1);

  footer(p, f, seller, input.shopName);
  doc.end();
  return p.done;
}
