/** Plain-text tables with right-aligned numeric columns. */

export interface Column {
  header: string;
  /** Right-align (numbers) or left-align (text). */
  align: 'left' | 'right';
}

/** Lays out rows under their headers, two spaces between columns. */
export function renderTable(columns: Column[], rows: string[][], indent = '  '): string[] {
  const widths = columns.map((column, index) =>
    Math.max(column.header.length, ...rows.map((row) => (row[index] ?? '').length)),
  );
  const line = (cells: string[]) =>
    indent +
    cells
      .map((cell, index) => (columns[index].align === 'right' ? cell.padStart(widths[index]) : cell.padEnd(widths[index])))
      .join('  ')
      .trimEnd();

  return [line(columns.map((column) => column.header)), ...rows.map(line)];
}

/** Formats a number for a table: integers as they are, others to `digits` significant digits. */
export function formatNumber(value: number | null | undefined, digits = 6): string {
  if (value === null || value === undefined) {
    return '-';
  }
  if (Number.isInteger(value) && Math.abs(value) < 1e15) {
    return String(value);
  }
  if (!Number.isFinite(value)) {
    return String(value);
  }
  const magnitude = Math.abs(value);
  if (magnitude !== 0 && (magnitude < 1e-4 || magnitude >= 1e9)) {
    return value.toExponential(digits - 1);
  }
  return String(Number(value.toPrecision(digits)));
}
