/**
 * Number formatting for derivation steps and messages. Values keep enough
 * significant digits to be checked by hand, and integers print in full
 * (with digit grouping only in prose, never in formulas).
 */

/**
 * Formats a number for a formula: integers up to 1e15 in full, other
 * values with `digits` significant digits and trailing zeros removed,
 * very large or very small magnitudes in exponent form.
 */
export function formatNumber(value: number, digits = 6): string {
  if (!Number.isFinite(value)) {
    return String(value);
  }
  if (Number.isInteger(value) && Math.abs(value) < 1e15) {
    return String(value);
  }
  const magnitude = Math.abs(value);
  if (magnitude !== 0 && (magnitude >= 1e15 || magnitude < 1e-4)) {
    const [mantissa, exponent] = value.toExponential(digits - 1).split('e');
    return `${trimZeros(mantissa)}e${exponent}`;
  }
  return trimZeros(value.toPrecision(digits));
}

/**
 * Formats a count for prose, with thousands separators (`12,345`).
 * Non-integers fall back to {@link formatNumber}.
 */
export function formatCount(value: number): string {
  if (!Number.isInteger(value) || Math.abs(value) >= 1e21) {
    return formatNumber(value);
  }
  return value.toLocaleString('en-US');
}

function trimZeros(text: string): string {
  if (!text.includes('.')) {
    return text;
  }
  return text.replace(/\.?0+$/, '');
}
