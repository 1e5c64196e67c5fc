import { describe, expect, it } from 'vitest';
import { analyze } from '../../server/src/core/analysis';

describe('diagnostic messages', () => {
  it('show control characters as code points', () => {
    const result = analyze('experiment a {\n  \u0000\u001a\n}\n');
    const messages = result.diagnostics.map((diagnostic) => diagnostic.message);

    expect(messages.some((message) => message.includes('U+0000'))).toBe(true);
    expect(messages.join('\n')).not.toMatch(/[\u0000-\u0008\u001a]/);
  });

  it('keep printable characters as written', () => {
    const result = analyze('experiment a {\n  @\n}\n');
    expect(result.diagnostics.some((diagnostic) => diagnostic.message.includes('`@`'))).toBe(true);
  });
});

describe('diagnostic messages with astral characters', () => {
  it('keep an emoji whole', () => {
    const result = analyze('experiment a {\n  sources K = 😀 + 2\n}\n');
    const messages = result.diagnostics.map((diagnostic) => diagnostic.message).join('\n');
    expect(messages).toContain('😀');
    expect(messages).not.toContain('U+D83D');
  });
});
