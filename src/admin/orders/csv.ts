// CSV cells and lines (RFC 4180) that a spreadsheet opens as text, never as a formula.

// A cell starting with one of these is run as a formula by Excel, LibreOffice and Google Sheets (tab and CR too).
const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell: a leading formula character gets a single quote before it, then quotes when needed. */
export function csvCell(value: string | number | null | undefined): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One line with its CRLF ending. */
export function csvLine(cells: (string | number | null | undefined)[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}
