/**
 * Descriptions of keys, keywords, model classes, presets, claim terms and
 * functions, for hovers and completion. Keys come from the front end's
 * schema (one file per model class plus the top-level keys); keywords and
 * names of the language are described here.
 */
import type { ExperimentNode, StatementNode } from '../syntax/ast';
import { contains, type IdeDocument } from './document';
import { keySchemas, type KeyDescription, type SchemaScope } from './schema-bridge';

export type { KeyDescription, SchemaScope };

/** Keywords and fixed names of the language, with one-paragraph descriptions. */
export const LANGUAGE_WORDS: Record<string, { kind: 'keyword' | 'class' | 'preset' | 'quantity' | 'function'; text: string }> = {
  experiment: { kind: 'keyword', text: 'Declares an experiment: `experiment NAME [extends PARENT] { ... }`. A child copies every statement of its parent; its own statements with the same key replace the parent\'s, and claims accumulate.' },
  extends: { kind: 'keyword', text: 'Names the parent experiment whose statements this experiment copies.' },
  sources: { kind: 'keyword', text: 'Data sources: `sources K = 5` (uniform weights) or `sources { web = 0.5; books = 0.5 }` (named sources with weights that sum to 1).' },
  samples: { kind: 'keyword', text: 'Training sample size: `samples n = 500` is the total n (per-source counts are multinomial), `samples per_source m = 100` fixes the count per source so that n = K m.' },
  per_source: { kind: 'keyword', text: 'Fixes the number of samples per source instead of the total: n = K m.' },
  confidence: { kind: 'keyword', text: 'Confidence parameter delta in (0, 1): the explicit bound holds with probability at least 1 - delta. Default 0.05.' },
  model: { kind: 'keyword', text: 'The model class of every source: `model gaussian { ... }`, `model autoregressive { ... }` or `model energy { ... }`.' },
  bound: { kind: 'keyword', text: 'The bound preset: `bound paper` (order level, sqrt(P / n)) or `bound mle_bracketing { constant C = 3 }` (explicit bracketing bound).' },
  claim: { kind: 'keyword', text: 'A statement to prove or refute at every sweep point: `claim TERM OP TERM` with OP one of < <= > >= and TERM one of `single`, `multi`, `ratio`, `advantage` or an expression.' },
  check: { kind: 'keyword', text: 'Settings of the empirical check: `check { seeds = [3, 33]; test_samples = 500 }`.' },
  sweep: { kind: 'keyword', text: 'Evaluates the experiment at each value of a symbol: `sweep K in [1, 3, 5]`. Several sweeps form a grid (cartesian product).' },
  in: { kind: 'keyword', text: 'Separates the swept symbol from its list of values.' },
  let: { kind: 'keyword', text: 'Declares a free parameter for expressions: `let scale = 2`.' },
  gaussian: { kind: 'class', text: 'Conditional Gaussian: source k has mean mu_k in [-B, B]^D and identity covariance; d_sim coordinates are shared across sources. Keys: `dim`, `shared` or `similarity`, `mean_bound`.' },
  autoregressive: { kind: 'class', text: 'Autoregressive model over sequences of length T from a vocabulary of size V, with a softmax network conditioned on the source.' },
  energy: { kind: 'class', text: 'Energy-based model p(x|y) = exp(f(x, y)) / Z(y) on a bounded domain, with f a network conditioned on the source.' },
  paper: { kind: 'preset', text: 'Order-level preset: bound = sqrt(P_class / n) with no constant, logarithm or delta. It compares shapes, not magnitudes.' },
  mle_bracketing: { kind: 'preset', text: 'Explicit preset (Theorem G): R(p_hat) <= C sqrt((log N(1/n) + log(1/delta)) / n), with N the upper bracketing number of the class. Block key `constant` (C, default 3).' },
  single: { kind: 'quantity', text: 'Bound on the average total variation of single-source training (K separate models, K P parameters).' },
  multi: { kind: 'quantity', text: 'Bound on the average total variation of multi-source training (one conditional model, K (P - P_s) + P_s parameters).' },
  ratio: { kind: 'quantity', text: 'multi / single. For bounds whose square is proportional to the parameter count it equals sqrt(1 - (K - 1) beta_sim / K).' },
  advantage: { kind: 'quantity', text: 'single - multi: how much lower the multi-source bound is.' },
  abs: { kind: 'function', text: '`abs(x)`: absolute value.' },
  sqrt: { kind: 'function', text: '`sqrt(x)`: square root; invalid for x < 0.' },
  cbrt: { kind: 'function', text: '`cbrt(x)`: cube root.' },
  exp: { kind: 'function', text: '`exp(x)`: e to the power x.' },
  log: { kind: 'function', text: '`log(x)` natural logarithm, or `log(x, base)`.' },
  log2: { kind: 'function', text: '`log2(x)`: base-2 logarithm.' },
  log10: { kind: 'function', text: '`log10(x)`: base-10 logarithm.' },
  log1p: { kind: 'function', text: '`log1p(x)`: log(1 + x), accurate for small x.' },
  floor: { kind: 'function', text: '`floor(x)`: largest integer at most x; values within 1e-9 of an integer snap to it first, so floor(0.57 * 100) = 57.' },
  ceil: { kind: 'function', text: '`ceil(x)`: smallest integer at least x, after the same snapping as `floor`.' },
  round: { kind: 'function', text: '`round(x)`: nearest integer, halves away from zero, after the same snapping as `floor`.' },
  min: { kind: 'function', text: '`min(a, b, ...)`: smallest argument.' },
  max: { kind: 'function', text: '`max(a, b, ...)`: largest argument.' },
  pow: { kind: 'function', text: '`pow(x, y)`: x to the power y.' },
  sign: { kind: 'function', text: '`sign(x)`: -1, 0 or 1.' },
};

const WORD_KIND_LABELS: Record<(typeof LANGUAGE_WORDS)[string]['kind'], string> = {
  keyword: 'keyword',
  class: 'model class',
  preset: 'bound preset',
  quantity: 'claim term',
  function: 'function',
};

/** Markdown for a keyword or fixed name of the language. */
export function describeWord(word: string): string | undefined {
  const entry = LANGUAGE_WORDS[word];
  if (!entry) {
    return undefined;
  }
  return `**${word}** (${WORD_KIND_LABELS[entry.kind]})\n\n${entry.text}`;
}

/** Markdown for one key of the schema. */
export function keyMarkdown(description: KeyDescription): string {
  const lines = [`**${description.key}**${description.symbol ? ` (symbol \`${description.symbol}\`)` : ''}`, '', description.meaning, ''];
  const facts: string[] = [];
  if (description.unit) {
    facts.push(`unit: ${description.unit}`);
  }
  if (description.default !== undefined && description.default !== '') {
    facts.push(`default: ${description.default}`);
  }
  if (description.range) {
    facts.push(`valid: ${description.range}`);
  }
  facts.push(`kind: ${description.kind}`);
  lines.push(facts.map((fact) => `- ${fact}`).join('\n'));
  return lines.join('\n');
}

/** Finds the block the offset is in, which decides the schema of a key there. */
export function scopeAt(statement: StatementNode | undefined, offset: number): SchemaScope {
  if (!statement) {
    return { kind: 'top' };
  }
  if (statement.kind === 'model' && statement.block && contains(statement.block.span, offset)) {
    return { kind: 'model', modelClass: statement.modelClass?.name ?? '' };
  }
  if (statement.kind === 'bound' && statement.block && contains(statement.block.span, offset)) {
    return { kind: 'bound' };
  }
  if (statement.kind === 'check' && statement.block && contains(statement.block.span, offset)) {
    return { kind: 'check' };
  }
  return { kind: 'top' };
}

/**
 * Describes the key under the cursor, when the word is a key at the start
 * of a statement or block entry; undefined otherwise.
 */
export function describeKey(_document: IdeDocument, _node: ExperimentNode, statement: StatementNode | undefined, word: string, offset: number): string | undefined {
  const scope = scopeAt(statement, offset);
  const schema = keySchemas(scope).find((entry) => entry.key === word);
  if (schema) {
    return keyMarkdown(schema);
  }
  if (scope.kind === 'top') {
    return describeWord(word);
  }
  return undefined;
}
