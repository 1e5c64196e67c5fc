/**
 * The scope of one experiment: every value it sets (a "slot"), the symbols
 * bound to them, static checks of their expressions (syntax, allowed
 * constructs, unknown names), sweeps, and an evaluation order in which
 * every symbol comes after the symbols it reads. Dependency cycles are
 * reported here.
 */
import type { Diagnostic } from '../diagnostics';
import { compileExpression } from '../expr';
import { closestMatch } from '../syntax/suggest';
import type { Span } from '../text';
import { Codes } from './codes';
import { CLAIM_QUANTITIES, isBareName } from './collect';
import type { Experiment, ExpressionRef, Preset, Setting } from './model';
import { didYouMean, errorAt, replaceFix } from './report';
import {
  BOUND_KEYS,
  CHECK_KEYS,
  CONFIDENCE,
  GAUSSIAN_SCHEMA,
  MODEL_SCHEMAS,
  PER_SOURCE,
  SAMPLES,
  SEED_COUNT,
  SOURCE_WEIGHT,
  SOURCES,
  type KeySchema,
} from './schema';

/** What a slot means to the point builder. */
export type SlotRole =
  | 'K'
  | 'n'
  | 'm'
  | 'delta'
  | 'C'
  | 'D'
  | 'd_sim'
  | 'sim'
  | 'B'
  | 'let'
  | 'model'
  | 'weight'
  | 'seed'
  | 'seedCount'
  | 'testSamples'
  | 'checkExtra';

/** One value of the experiment: an expression, a list of expressions or a name. */
export interface Slot {
  id: string;
  role: SlotRole;
  /** Key in its block (`dim`, `web` for a weight, `time_limit`). */
  key: string;
  /** Symbol bound to the value, when other expressions may read it. */
  symbol?: string;
  /** Undefined when the value is unknown because of an error reported elsewhere. */
  expression?: ExpressionRef;
  list?: ExpressionRef[];
  /** Value that is a name (`tanh`) rather than a number. */
  name?: string;
  schema?: KeySchema;
  /** For messages: `sources K`, `the weight of \`web\``. */
  label: string;
  /** Set when the value is computed from other settings, with the reason it cannot be swept. */
  derived?: string;
  /** Where to report problems of a value that has no expression of its own. */
  span: Span;
  /** Set for a default or computed value that the spec does not write. */
  synthetic?: boolean;
}

export interface ExperimentScope {
  slots: Slot[];
  /** Slot of each bound symbol. */
  symbols: Map<string, Slot>;
  preset: Preset;
  /** Symbol slots in evaluation order, then the other slots; slots in a cycle are left out. */
  order: Slot[];
  /** Symbols each slot reads (for a swept symbol: also those its sweep values read). */
  dependencies: Map<Slot, Slot[]>;
  /** Sweeps over known, sweepable symbols, in spec order. */
  axes: { symbol: string; slot: Slot; values: ExpressionRef[]; span: Span }[];
  /** Expressions that failed a static check; they are not evaluated. */
  invalidExpressions: Set<ExpressionRef>;
}

export interface ScopeOptions {
  defaultPreset?: Preset;
  defaultC?: number;
  defaultDelta?: number;
}

function labelOf(key: string, symbol: string | undefined): string {
  return symbol && symbol !== key ? `\`${key} ${symbol}\`` : `\`${key}\``;
}

/** Builds the scope and reports static problems of every expression. */
export function buildScope(experiment: Experiment, options: ScopeOptions, diagnostics: Diagnostic[]): ExperimentScope {
  const builder = new ScopeBuilder(experiment, diagnostics);
  builder.collectSlots(options);
  builder.bindSymbols();
  builder.checkExpressions();
  const axes = builder.collectAxes();
  const { order, dependencies } = builder.orderSlots(axes);
  return {
    slots: builder.slots,
    symbols: builder.symbols,
    preset: experiment.preset?.preset ?? options.defaultPreset ?? 'paper',
    order,
    dependencies,
    axes,
    invalidExpressions: builder.invalid,
  };
}

class ScopeBuilder {
  readonly slots: Slot[] = [];
  readonly symbols = new Map<string, Slot>();
  readonly invalid = new Set<ExpressionRef>();

  constructor(
    private readonly experiment: Experiment,
    private readonly diagnostics: Diagnostic[],
  ) {}

  // ------------------------------------------------------------ slots

  private fromSetting(id: string, role: SlotRole, setting: Setting, schema: KeySchema | undefined): Slot {
    const symbol = setting.symbol || undefined;
    const slot: Slot = { id, role, key: setting.key ?? id, label: labelOf(setting.key ?? id, symbol), span: setting.span };
    if (symbol) {
      slot.symbol = symbol;
    }
    if (schema) {
      slot.schema = schema;
    }
    if (setting.broken) {
      return slot;
    }
    if (setting.list) {
      slot.list = setting.list;
    } else if (setting.stringValue !== undefined) {
      slot.name = setting.stringValue;
    } else if (schema?.kind === 'identifier' && isBareName(setting.expression.text)) {
      slot.name = setting.expression.text;
    } else {
      slot.expression = setting.expression;
    }
    return slot;
  }

  /** A slot whose value is computed (derived) or defaulted, with a synthetic expression. */
  private synthetic(id: string, role: SlotRole, symbol: string, text: string, span: Span, schema: KeySchema | undefined, derived?: string): Slot {
    const slot: Slot = { id, role, key: symbol, symbol, label: `\`${symbol}\``, expression: { text, span }, span, synthetic: true };
    if (schema) {
      slot.schema = schema;
    }
    if (derived) {
      slot.derived = derived;
    }
    return slot;
  }

  collectSlots(options: ScopeOptions): void {
    const experiment = this.experiment;
    const slots = this.slots;
    const where = experiment.nameSpan;

    const sources = experiment.sources;
    let countSymbol = 'K';
    if (sources?.kind === 'count') {
      const slot = this.fromSetting('K', 'K', sources.count, SOURCES);
      countSymbol = slot.symbol ?? 'K';
      slots.push(slot);
    } else if (sources?.kind === 'named') {
      slots.push(this.synthetic('K', 'K', 'K', String(sources.names.length), sources.span, SOURCES, 'K is the number of named sources; add or remove sources instead'));
      for (const source of sources.names) {
        slots.push({
          id: `weight.${source.name}`,
          role: 'weight',
          key: source.name,
          label: `the weight of source \`${source.name}\``,
          expression: source.weight,
          schema: SOURCE_WEIGHT,
          span: source.weight.span,
        });
      }
    }

    const samples = experiment.samples;
    if (samples?.kind === 'total') {
      slots.push(this.fromSetting('n', 'n', samples.total, SAMPLES));
    } else if (samples?.kind === 'per_source') {
      const perSource = this.fromSetting('m', 'm', samples.perSource, PER_SOURCE);
      slots.push(perSource);
      if (perSource.symbol) {
        const text = `${countSymbol} * ${perSource.symbol}`;
        slots.push(this.synthetic('n', 'n', 'n', text, samples.perSource.span, SAMPLES, `n is computed as ${text}; sweep \`${perSource.symbol}\` instead`));
      }
    }

    if (experiment.confidence) {
      slots.push(this.fromSetting('delta', 'delta', experiment.confidence, CONFIDENCE));
    } else {
      slots.push(this.synthetic('delta', 'delta', 'delta', String(options.defaultDelta ?? 0.05), where, CONFIDENCE));
    }

    const constant = experiment.boundSettings.constant;
    const constantSchema = BOUND_KEYS[0];
    if (constant) {
      slots.push(this.fromSetting('C', 'C', constant, constantSchema));
    } else {
      slots.push(this.synthetic('C', 'C', 'C', String(options.defaultC ?? 3), where, constantSchema));
    }

    this.collectModelSlots(countSymbol);

    for (const [symbol, setting] of Object.entries(experiment.lets)) {
      const slot = this.fromSetting(`let.${symbol}`, 'let', setting, undefined);
      slot.label = `\`${symbol}\``;
      slots.push(slot);
    }

    this.collectCheckSlots();
  }

  private collectModelSlots(countSymbol: string): void {
    const model = this.experiment.model;
    if (!model) {
      return;
    }
    const schema = MODEL_SCHEMAS.get(model.modelClass);
    if (model.modelClass !== 'gaussian') {
      for (const [key, setting] of Object.entries(model.settings)) {
        const keySchema = schema?.keys.find((candidate) => candidate.key === key);
        this.slots.push(this.fromSetting(`model.${key}`, 'model', setting, keySchema));
      }
      return;
    }

    const keys = GAUSSIAN_SCHEMA.keys;
    const keySchema = (key: string) => keys.find((candidate) => candidate.key === key);
    const settings = model.settings;
    const dim = settings.dim ? this.fromSetting('D', 'D', settings.dim, keySchema('dim')) : undefined;
    if (dim) {
      this.slots.push(dim);
    }
    if (settings.shared) {
      this.slots.push(this.fromSetting('d_sim', 'd_sim', settings.shared, keySchema('shared')));
    } else if (settings.similarity) {
      const similarity = this.fromSetting('sim', 'sim', settings.similarity, keySchema('similarity'));
      this.slots.push(similarity);
      if (similarity.symbol && dim?.symbol) {
        const text = `floor(${similarity.symbol} * ${dim.symbol})`;
        this.slots.push(this.synthetic('d_sim', 'd_sim', 'd_sim', text, settings.similarity.span, keySchema('shared'), `d_sim is computed as ${text}; sweep \`${similarity.symbol}\` instead`));
      }
    } else {
      this.slots.push(this.synthetic('d_sim', 'd_sim', 'd_sim', '0', model.span, keySchema('shared')));
    }
    if (settings.mean_bound) {
      this.slots.push(this.fromSetting('B', 'B', settings.mean_bound, keySchema('mean_bound')));
    } else {
      this.slots.push(this.synthetic('B', 'B', 'B', `${countSymbol} + 1`, model.span, keySchema('mean_bound')));
    }
  }

  private collectCheckSlots(): void {
    const check = this.experiment.check;
    const seeds = check.seeds;
    const seedSchema = CHECK_KEYS[0];
    if (seeds?.kind === 'list') {
      seeds.values.forEach((value, index) => {
        this.slots.push({
          id: `seed.${index}`,
          role: 'seed',
          key: 'seeds',
          label: 'a seed',
          expression: value,
          schema: { ...seedSchema, kind: 'integer', range: seedSchema.element?.range ?? seedSchema.range },
          span: value.span,
        });
      });
    } else if (seeds?.kind === 'count') {
      this.slots.push({ id: 'seeds', role: 'seedCount', key: 'seeds', label: '`seeds`', expression: seeds.count, schema: SEED_COUNT, span: seeds.span });
    }
    if (check.testSamples) {
      this.slots.push(this.fromSetting('test_samples', 'testSamples', check.testSamples, CHECK_KEYS[1]));
    }
    for (const [key, setting] of Object.entries(check.extra)) {
      const schema = CHECK_KEYS.find((candidate) => candidate.key === key);
      this.slots.push(this.fromSetting(`check.${key}`, 'checkExtra', setting, schema));
    }
  }

  // ------------------------------------------------------------ symbols

  /**
   * Binds each slot's symbol. A symbol bound twice is reported at the later
   * statement; defaulted and computed slots give way silently.
   */
  bindSymbols(): void {
    const explicit = this.slots.filter((slot) => slot.symbol && !slot.synthetic);
    const synthetic = this.slots.filter((slot) => slot.symbol && slot.synthetic);
    explicit.sort((a, b) => a.span.start - b.span.start);
    for (const slot of explicit) {
      const symbol = slot.symbol as string;
      const first = this.symbols.get(symbol);
      if (first) {
        this.diagnostics.push(
          errorAt(slot.span, Codes.duplicateSymbol, `The symbol \`${symbol}\` is already bound by ${first.label}; give this value another symbol.`, [], [
            { span: first.span, message: `\`${symbol}\` is bound here.` },
          ]),
        );
        slot.symbol = undefined;
        continue;
      }
      this.symbols.set(symbol, slot);
    }
    for (const slot of synthetic) {
      const symbol = slot.symbol as string;
      if (this.symbols.has(symbol)) {
        slot.symbol = undefined;
        continue;
      }
      this.symbols.set(symbol, slot);
    }
  }

  // ------------------------------------------------------------ static checks

  /** Expressions of the experiment with what may appear in them. */
  private *expressions(): Generator<{ expression: ExpressionRef; inClaim: boolean; synthetic: boolean }> {
    for (const slot of this.slots) {
      if (slot.expression) {
        yield { expression: slot.expression, inClaim: false, synthetic: slot.synthetic === true };
      }
      for (const item of slot.list ?? []) {
        yield { expression: item, inClaim: false, synthetic: false };
      }
    }
    for (const axis of this.experiment.sweeps) {
      for (const value of axis.values) {
        yield { expression: value, inClaim: false, synthetic: false };
      }
    }
    for (const claim of this.experiment.claims) {
      for (const term of [claim.left, claim.right]) {
        if (term.kind === 'expression') {
          yield { expression: term.expression, inClaim: true, synthetic: false };
        }
      }
    }
  }

  checkExpressions(): void {
    for (const { expression, inClaim, synthetic } of this.expressions()) {
      if (expression.rejected) {
        this.invalid.add(expression);
        continue;
      }
      const compiled = compileExpression(expression.text);
      if (!compiled.ok) {
        this.invalid.add(expression);
        this.diagnostics.push(errorAt(this.absolute(expression, compiled.span), compiled.code, compiled.message, this.replacementFix(expression, compiled.span, compiled.replacement)));
        continue;
      }
      for (const name of compiled.expression.symbols) {
        if (this.symbols.has(name)) {
          continue;
        }
        this.invalid.add(expression);
        if (!synthetic) {
          // A default or computed value reads a symbol whose setting is missing, which is reported once elsewhere.
          this.reportUnknownName(expression, name, inClaim);
        }
        break;
      }
    }
  }

  private reportUnknownName(expression: ExpressionRef, name: string, inClaim: boolean): void {
    const candidates = [...this.symbols.keys()];
    if (inClaim) {
      candidates.push(...CLAIM_QUANTITIES);
    }
    const compiled = compileExpression(expression.text);
    const relative = compiled.ok ? compiled.expression.evaluate(new Map()) : undefined;
    const span = relative && !relative.ok && relative.code === Codes.unknownName ? relative.span : undefined;
    const suggestion = closestMatch(name, candidates);
    let message = `Unknown name \`${name}\`.${didYouMean(suggestion)}`;
    if (CLAIM_QUANTITIES.includes(name)) {
      message = `\`${name}\` is a bound quantity; it can only be a whole claim term, as in \`claim ${name} < 0.5\`.`;
    } else if (!suggestion) {
      message += ' Declare it with `let` or bind it in a setting.';
    }
    const absolute = this.absolute(expression, span);
    this.diagnostics.push(errorAt(absolute, Codes.unknownName, message, suggestion ? [replaceFix(absolute, suggestion)] : []));
  }

  private absolute(expression: ExpressionRef, relative: Span | undefined): Span {
    if (!relative) {
      return expression.span;
    }
    const start = Math.min(expression.span.end, expression.span.start + relative.start);
    return { start, end: Math.min(expression.span.end, Math.max(start, expression.span.start + relative.end)) };
  }

  private replacementFix(expression: ExpressionRef, relative: Span | undefined, replacement: string | undefined) {
    return relative && replacement ? [replaceFix(this.absolute(expression, relative), replacement)] : [];
  }

  // ------------------------------------------------------------ sweeps and order

  collectAxes(): ExperimentScope['axes'] {
    const axes: ExperimentScope['axes'] = [];
    for (const sweep of this.experiment.sweeps) {
      const slot = this.symbols.get(sweep.symbol);
      if (!slot) {
        const suggestion = closestMatch(sweep.symbol, this.symbols.keys());
        this.diagnostics.push(
          errorAt(
            sweep.symbolSpan,
            Codes.unknownSweepSymbol,
            `Cannot sweep \`${sweep.symbol}\`: experiment \`${this.experiment.name}\` binds no such symbol.${didYouMean(suggestion)}`,
            suggestion ? [replaceFix(sweep.symbolSpan, suggestion)] : [],
          ),
        );
        continue;
      }
      if (slot.derived) {
        this.diagnostics.push(errorAt(sweep.symbolSpan, Codes.unknownSweepSymbol, `Cannot sweep \`${sweep.symbol}\`: ${slot.derived}.`));
        continue;
      }
      axes.push({ symbol: sweep.symbol, slot, values: sweep.values, span: sweep.span });
    }
    return axes;
  }

  /**
   * Orders symbol slots so that each comes after the symbols it reads
   * (Kahn's algorithm), and reports each dependency cycle once.
   */
  orderSlots(axes: ExperimentScope['axes']): { order: Slot[]; dependencies: Map<Slot, Slot[]> } {
    const dependencies = new Map<Slot, Slot[]>();
    const readsOf = (expression: ExpressionRef | undefined): string[] => {
      if (!expression || this.invalid.has(expression)) {
        return [];
      }
      const compiled = compileExpression(expression.text);
      return compiled.ok ? compiled.expression.symbols : [];
    };
    for (const slot of this.slots) {
      const names = new Set<string>([...readsOf(slot.expression), ...(slot.list ?? []).flatMap(readsOf)]);
      for (const axis of axes) {
        if (axis.slot === slot) {
          for (const value of axis.values) {
            readsOf(value).forEach((name) => names.add(name));
          }
        }
      }
      dependencies.set(
        slot,
        [...names].map((name) => this.symbols.get(name)).filter((dependency): dependency is Slot => dependency !== undefined),
      );
    }

    const bound = this.slots.filter((slot) => slot.symbol !== undefined);
    const pending = new Map<Slot, number>();
    const dependents = new Map<Slot, Slot[]>();
    for (const slot of bound) {
      const reads = dependencies.get(slot) ?? [];
      pending.set(slot, reads.length);
      for (const dependency of reads) {
        const list = dependents.get(dependency) ?? [];
        list.push(slot);
        dependents.set(dependency, list);
      }
    }
    const order: Slot[] = [];
    const ready = bound.filter((slot) => pending.get(slot) === 0);
    while (ready.length > 0) {
      const slot = ready.pop() as Slot;
      order.push(slot);
      for (const dependent of dependents.get(slot) ?? []) {
        const left = (pending.get(dependent) ?? 0) - 1;
        pending.set(dependent, left);
        if (left === 0) {
          ready.push(dependent);
        }
      }
    }
    if (order.length < bound.length) {
      this.reportCycles(bound.filter((slot) => (pending.get(slot) ?? 0) > 0), dependencies);
    }
    const others = this.slots.filter((slot) => slot.symbol === undefined);
    return { order: order.concat(others), dependencies };
  }

  /** Reports each cycle among the unordered slots once, at its first slot in the text. */
  private reportCycles(unordered: Slot[], dependencies: Map<Slot, Slot[]>): void {
    const remaining = new Set(unordered);
    const reported = new Set<Slot>();
    const sorted = [...unordered].sort((a, b) => a.span.start - b.span.start);
    for (const start of sorted) {
      if (reported.has(start)) {
        continue;
      }
      // Follow dependencies inside the unordered set until a slot repeats: that closes a cycle.
      const path: Slot[] = [];
      const position = new Map<Slot, number>();
      let current: Slot | undefined = start;
      while (current && !position.has(current) && !reported.has(current)) {
        position.set(current, path.length);
        path.push(current);
        current = (dependencies.get(current) ?? []).find((next) => remaining.has(next));
      }
      if (!current || reported.has(current)) {
        continue;
      }
      const cycle = path.slice(position.get(current));
      cycle.forEach((slot) => reported.add(slot));
      const names = [...cycle, cycle[0]].map((slot) => `\`${slot.symbol}\``).join(' -> ');
      const first = [...cycle].sort((a, b) => a.span.start - b.span.start)[0];
      const related = cycle.filter((slot) => slot !== first).map((slot) => ({ span: slot.expression?.span ?? slot.span, message: `\`${slot.symbol}\` is defined here.` }));
      this.diagnostics.push(
        errorAt(first.expression?.span ?? first.span, Codes.dependencyCycle, `Dependency cycle: ${names}; give one of these symbols a value that does not refer back.`, [], related),
      );
    }
  }
}
