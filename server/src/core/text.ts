/**
 * Source positions. The core measures text in UTF-16 code units, the unit
 * of JavaScript strings and of the Language Server Protocol, so offsets
 * and columns map to the editor without conversion.
 */

/** Half-open range [start, end) of UTF-16 code-unit offsets into the text. */
export interface Span {
  start: number;
  end: number;
}

/** Zero-based line and UTF-16 column, as in an LSP `Position`. */
export interface LineColumn {
  line: number;
  column: number;
}

/** Maps offsets to line and column and back, for one text. */
export class LineIndex {
  private readonly lineStarts: number[];

  constructor(private readonly text: string) {
    this.lineStarts = [0];
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code === 10) {
        this.lineStarts.push(i + 1);
      } else if (code === 13 && text.charCodeAt(i + 1) !== 10) {
        this.lineStarts.push(i + 1);
      }
    }
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  /** Converts an offset (clamped to the text) to a zero-based position. */
  position(offset: number): LineColumn {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.lineStarts[middle] <= clamped) {
        low = middle;
      } else {
        high = middle - 1;
      }
    }
    return { line: low, column: clamped - this.lineStarts[low] };
  }

  /** Converts a zero-based position (clamped to its line) to an offset. */
  offset(position: LineColumn): number {
    if (position.line < 0) {
      return 0;
    }
    if (position.line >= this.lineStarts.length) {
      return this.text.length;
    }
    const start = this.lineStarts[position.line];
    const next = position.line + 1 < this.lineStarts.length ? this.lineStarts[position.line + 1] : this.text.length;
    let end = next;
    while (end > start && (this.text.charCodeAt(end - 1) === 10 || this.text.charCodeAt(end - 1) === 13)) {
      end--;
    }
    return Math.min(start + Math.max(0, position.column), end);
  }
}
