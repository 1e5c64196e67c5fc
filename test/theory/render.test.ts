/**
 * Rendering of derivations as Markdown and text: every step's formula,
 * substitution, value, rule and note appears, in order.
 */
import { describe, expect, it } from 'vitest';
import { explicitBound, orderBound, planSampleSize, renderDerivation } from '../../server/src/core/theory';
import { gaussianPoint } from './points';

describe('renderDerivation', () => {
  const order = orderBound(gaussianPoint());

  it('text lists steps in order', () => {
    const text = renderDerivation(order.multi.derivation, 'text');
    const lines = text.split('\n');
    expect(lines[0]).toBe('Multi-source bound (paper preset, order level) = 0.244949');
    expect(lines).toContain('  4. [Parameter count] P_multi = K (P - P_s) + P_s');
    expect(lines).toContain('       = 5 * (10 - 5) + 5');
    expect(lines).toContain('  5. [Order-level bound] R_multi ~ sqrt(P_multi / n)');
    expect(lines).toContain('       = sqrt(30 / 500)');
    expect(text.indexOf('P_multi =')).toBeLessThan(text.indexOf('R_multi ~'));
    expect(text).toContain('  Rules:');
  });

  it('markdown shows code, values and rules', () => {
    const markdown = renderDerivation(order.single.derivation, 'markdown');
    expect(markdown.split('\n')[0]).toBe('**Single-source bound (paper preset, order level) = 0.316228**');
    expect(markdown).toContain('5. `R_single ~ sqrt(P_single / n)` = `sqrt(50 / 500)` = **0.316228** _(Order-level bound)_');
    expect(markdown).toContain('- **Parameter count**: ');
  });

  it('notes appear under their step', () => {
    const explicit = explicitBound(gaussianPoint({ preset: 'mle_bracketing' }));
    const text = renderDerivation(explicit.single.derivation, 'text');
    expect(text).toMatch(/R_single <= C sqrt\(\(log N\(1\/n\) \+ log\(1\/delta\)\) \/ n\)\n.*\n.*= 3\.02152\n.*note: Vacuous: .*n = 5,657/);

    const markdown = renderDerivation(explicit.single.derivation, 'markdown');
    expect(markdown).toMatch(/\n {3}- Vacuous: /);
    expect(markdown).toContain('mle\\_bracketing');
  });

  it('comparisons join with "with"', () => {
    const plan = planSampleSize(gaussianPoint(), 0.1);
    const text = renderDerivation(plan.derivation, 'text');
    expect(text).toContain('with R_single(5000) = 0.1 <= 0.1, R_single(4999) = 0.10001 > 0.1');
  });
});
