// The invoice of a stored order as PDF bytes: pure (order data and formatters in, a Buffer out), built with pdfkit.
import { cardBrandName } from '../payments/card-brand';
import PDFDocument from 'pdfkit';
import type { Formatters } from '../i18n';
import { addressLines } from '../accounts/address-format';
import type { OrderView } from './service';

export interface InvoiceInput {
  order: OrderView;
  shopName: string;
  shippingMethodName: string;
  /** t, money and date in the reader's language and the shop's currency. */
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

export function buildInvoicePdf(input: InvoiceInput): Promise<Buffer> {
  const { order, formatters: f } = input;
  const t = f.t;
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    bufferPages: true,
    info: { Title: pdfText(`${t('invoice.title')} ${order.number}`), Author: pdfText(input.shopName), Subject: pdfText(`${t('invoice.title')} ${order.number}`) },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const left = doc.page.margins.left;
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const right = left + width;
  const text = (s: string, x: number, y: number, options: PDFKit.Mixins.TextOptions = {}) => doc.text(pdfText(s), x, y, { lineBreak: false, ...options });

  // ---- Header: the shop on the left, the document's title, number and date on the right ----
  doc.font('Times-Bold').fontSize(26).fillColor(ACCENT);
  text(input.shopName, left, 50);
  doc.font('Helvetica-Bold').fontSize(20).fillColor(INK);
  text(t('invoice.title').toUpperCase(), left, 52, { width, align: 'right' });
  const meta: [string, string][] = [
    [t('invoice.orderNumber'), order.number],
    [t('invoice.date'), f.date(order.placedAt)],
  ];
  let y = 84;
  for (const [label, value] of meta) {
    doc.font('Helvetica').fontSize(9).fillColor(MUTED);
    text(label, right - 260, y, { width: 120, align: 'right' });
    doc.font('Helvetica-Bold').fontSize(10).fillColor(INK);
    text(value, right - 130, y - 1, { width: 130, align: 'right' });
    y += 16;
  }
  y = Math.max(y, 120) + 10;
  doc.moveTo(left, y).lineTo(right, y).lineWidth(1).strokeColor(RULE).stroke();

  // ---- Addresses: billed to (name, email, address) and delivered to (address, method) ----
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
  const shipTo = [...address, input.shippingMethodName];
  y = Math.max(column(left, t('invoice.billTo'), billTo), column(left + width / 2, t('invoice.shipTo'), shipTo)) + 24;

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
  const bottom = doc.page.height - doc.page.margins.bottom - 40;
  for (const line of order.lines) {
    const rowHeight = line.label ? 32 : 20;
    if (y + rowHeight > bottom) {
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
  const rate = new Intl.NumberFormat(f.locale === 'fr' ? 'fr-FR' : 'en-GB', { style: 'percent', maximumFractionDigits: 2 }).format(order.taxRateBasisPoints / 10000);
  const totals: [string, string][] = [[t('checkout.review.subtotal'), f.money(order.subtotalCents)]];
  if (order.discountCode || order.discountCents > 0) totals.push([t('checkout.review.discount', { code: order.discountCode ?? '' }), `-${f.money(order.discountCents)}`]);
  totals.push([t('checkout.review.shipping', { method: input.shippingMethodName }), order.shippingCents === 0 ? t('checkout.shipping.free') : f.money(order.shippingCents)]);
  totals.push([`${t('checkout.review.tax')} (${rate})`, f.money(order.taxCents)]);
  if (y + totals.length * 18 + 80 > bottom) {
    doc.addPage();
    y = doc.page.margins.top;
  }
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
  y += 44;
  if (order.payment) {
    doc.font('Helvetica').fontSize(9.5).fillColor(MUTED);
    const brand = cardBrandName(order.payment.brand);
    text(t('orders.page.payment', { brand, last4: order.payment.last4 }), left, y, { width, align: 'right' });
  }

  // ---- Footer on every page: thanks and page numbers (written into the bottom margin, so it is lifted first) ----
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottomMargin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const fy = doc.page.height - 40;
    doc.moveTo(left, fy - 10).lineTo(right, fy - 10).lineWidth(0.5).strokeColor(RULE).stroke();
    doc.font('Helvetica').fontSize(8.5).fillColor(MUTED);
    text(`${input.shopName} · ${t('invoice.thanks')}`, left, fy);
    text(t('invoice.page', { page: i - range.start + 1, pages: range.count }), left, fy, { width, align: 'right' });
    doc.page.margins.bottom = bottomMargin;
  }
  doc.end();
  return done;
}
