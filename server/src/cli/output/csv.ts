/** CSV output (RFC 4180): comma separated, CRLF-free, fields quoted when needed. */

export function csvField(value: unknown): string {
  if (value === null || value === undefined) {
    return '';
  }
  const text = typeof value === 'number' ? numberText(value) : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Full precision, so that a CSV round trip keeps every digit. */
function numberText(value: number): string {
  return Number.isFinite(value) ? String(value) : '';
}

export function renderCsv(header: string[], rows: unknown[][]): string {
  const lines = [header.map(csvField).join(','), ...rows.map((row) => row.map(csvField).join(','))];
  return lines.join('\n') + '\n';
}
