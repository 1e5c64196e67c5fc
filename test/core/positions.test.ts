import { describe, expect, it } from 'vitest';
import { LineIndex } from '../../server/src/core/text';
import { tokenize } from '../../server/src/core/syntax/tokens';
import { analyze, covered } from './helpers';

describe('UTF-16 positions', () => {
  it('places a diagnostic after a Greek letter and an emoji in a comment', () => {
    const text = 'experiment a { # δ and 😀 here\n  sorces K = 5\n}\n';
    const result = analyze(text);
    const diagnostic = result.diagnostics[0];
    expect(covered(text, diagnostic)).toBe('sorces');
    const position = result.lines.position(diagnostic.span.start);
    // Line 2, column 3 in the CLI's 1-based numbering.
    expect([position.line + 1, position.column + 1]).toEqual([2, 3]);
  });

  it('counts an emoji as two columns', () => {
    const text = 'experiment a { sources K = 5 } # 😀\nexperiment b { 😀 }\n';
    const result = analyze(text);
    const invalid = result.diagnostics.find((diagnostic) => diagnostic.code === 'MSB001');
    expect(invalid).toBeDefined();
    expect(covered(text, invalid!)).toBe('😀');
    expect(invalid!.span.end - invalid!.span.start).toBe(2);
    const position = result.lines.position(invalid!.span.start);
    expect(position).toEqual({ line: 1, column: 15 });
  });

  it('accepts Greek letters as symbol names', () => {
    const text = 'experiment a {\n  sources K = 5\n  samples n = 500\n  let δ = 0.5\n  model gaussian { dim D = 10; similarity sim = δ }\n}\n';
    const result = analyze(text);
    expect(result.diagnostics).toEqual([]);
    expect(result.experiments[0].points[0].point.model).toMatchObject({ shared: 5 });
  });

  it('reports an unknown Greek name at its UTF-16 span', () => {
    const text = 'experiment a {\n  sources K = 5 # 😀😀\n  samples n = 2 * δx\n  model gaussian { dim D = 10 }\n}\n';
    const diagnostic = analyze(text).diagnostics[0];
    expect(diagnostic.code).toBe('MSB012');
    expect(covered(text, diagnostic)).toBe('δx');
    const lines = new LineIndex(text);
    expect(lines.position(diagnostic.span.start)).toEqual({ line: 2, column: 18 });
  });

  it('tokenizes with UTF-16 spans', () => {
    const text = '😀 # c\nlet';
    const tokens = tokenize(text);
    expect(tokens.map((token) => [token.kind, token.span.start, token.span.end])).toEqual([
      ['comment', 3, 6],
      ['keyword', 7, 10],
    ]);
  });

  it('handles CRLF line endings', () => {
    const text = 'experiment a {\r\n  sorces K = 5\r\n}\r\n';
    const result = analyze(text);
    expect(result.lines.position(result.diagnostics[0].span.start)).toEqual({ line: 1, column: 2 });
  });
});
