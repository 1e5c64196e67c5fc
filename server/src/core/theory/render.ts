/**
 * Renders a derivation as Markdown (editor hovers, docs) or plain text
 * (CLI). Each step shows its formula with symbols, the formula with values
 * substituted, the value and the rule. The statements of the rules follow
 * once at the end.
 */
import type { Derivation, DerivationStep, Rule } from './derivation';
import { formatNumber } from './format';

export type DerivationFormat = 'markdown' | 'text';

/** Renders the steps and result of a derivation in the given format. */
export function renderDerivation(derivation: Derivation, format: DerivationFormat): string {
  return format === 'markdown' ? renderMarkdown(derivation) : renderText(derivation);
}

function renderMarkdown(derivation: Derivation): string {
  const lines: string[] = [`**${escapeMarkdown(derivation.title)} = ${formatNumber(derivation.result)}**`, ''];

  derivation.steps.forEach((step, index) => {
    const parts = [code(formulaWithQuantity(step))];
    if (showsSubstitution(step)) {
      parts.push(`${substitutionLink(step)} ${code(step.substituted)}`);
    }
    parts.push(`= **${formatNumber(step.value)}**`);
    lines.push(`${index + 1}. ${parts.join(' ')} _(${escapeMarkdown(step.rule.name)})_`);
    if (step.note !== undefined) {
      lines.push(`   - ${escapeMarkdown(step.note)}`);
    }
  });

  const rules = distinctRules(derivation.steps);
  if (rules.length > 0) {
    lines.push('', '**Rules**', '');
    for (const rule of rules) {
      lines.push(`- **${escapeMarkdown(rule.name)}**: ${escapeMarkdown(rule.statement)}`);
    }
  }
  return lines.join('\n');
}

function renderText(derivation: Derivation): string {
  const lines: string[] = [`${derivation.title} = ${formatNumber(derivation.result)}`];

  derivation.steps.forEach((step, index) => {
    const label = `  ${index + 1}. `;
    const indent = ' '.repeat(label.length + 2);
    lines.push(`${label}[${step.rule.name}] ${formulaWithQuantity(step)}`);
    if (showsSubstitution(step)) {
      lines.push(`${indent}${substitutionLink(step)} ${step.substituted}`);
    }
    lines.push(`${indent}= ${formatNumber(step.value)}`);
    if (step.note !== undefined) {
      lines.push(`${indent}note: ${step.note}`);
    }
  });

  const rules = distinctRules(derivation.steps);
  if (rules.length > 0) {
    lines.push('  Rules:');
    for (const rule of rules) {
      lines.push(`    ${rule.name}: ${rule.statement}`);
    }
  }
  return lines.join('\n');
}

/** Prefixes the quantity to formulas that do not start with it (`identity = sqrt(...)`). */
function formulaWithQuantity(step: DerivationStep): string {
  if (step.formula.startsWith(`${step.quantity} `) || step.formula === step.quantity) {
    return step.formula;
  }
  return `${step.quantity} = ${step.formula}`;
}

/** Skips the substituted line when it repeats the formula or the value. */
function showsSubstitution(step: DerivationStep): boolean {
  return step.substituted !== step.formula && step.substituted !== formatNumber(step.value) && step.substituted !== '';
}

/** Joins with `=` when the substituted text is a formula, and with `with` when it is a list of facts (a comparison). */
function substitutionLink(step: DerivationStep): string {
  return /<|>/.test(step.substituted) ? 'with' : '=';
}

function distinctRules(steps: DerivationStep[]): Rule[] {
  const seen = new Map<string, Rule>();
  for (const step of steps) {
    if (!seen.has(step.rule.name)) {
      seen.set(step.rule.name, step.rule);
    }
  }
  return [...seen.values()];
}

function code(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}

function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_[\]<>|])/g, '\\$1');
}
