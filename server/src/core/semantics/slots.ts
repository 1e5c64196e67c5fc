/**
 * Slots: every value that an experiment sets, written or defaulted, with
 * the symbol it binds, the schema that checks it, and the role that
 * decides where the point builder puts it. Computed values (n = K * m with
 * `per_source`, K with named sources, d_sim = floor(sim * D)) and
 * defaults (delta, C, d_sim = 0, B = K + 1) get expressions that the spec
 * does not write.
 */
import type { Span } from '../text';
import { isBareName } from './collect';
import type { Experiment, ExpressionRef, Preset, Setting } from './model';
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

/** Role of a slot, which decides where the point builder puts its value. */
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
  /** Span of that name in the spec. */
  nameSpan?: Span;
  schema?: KeySchema;
  /** For messages: `sources K`, `the weight of \`web\``. */
  label: string;
  /** Set when the value is computed from other settings, with the reason it cannot be swept. */
  derived?: string;
  /** Span for problems of a value that has no expression of its own. */
  span: Span;
  /** Set for a default or computed value that the spec does not write. */
  synthetic?: boolean;
}

export interface ScopeOptions {
  defaultPreset?: Preset;
  defaultC?: number;
  defaultDelta?: number;
}

function labelOf(key: string, symbol: string | undefined): string {
  return symbol && symbol !== key ? `\`${key} ${symbol}\`` : `\`${key}\``;
}

/** Collects the slots of an experiment, in a fixed order: sources, samples, confidence, bound, model, lets, check. */
export function collectSlots(experiment: Experiment, options: ScopeOptions): Slot[] {
  const collector = new SlotCollector(experiment);
  collector.collectSlots(options);
  return collector.slots;
}

class SlotCollector {
  readonly slots: Slot[] = [];

  constructor(private readonly experiment: Experiment) {}


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
      slot.nameSpan = setting.expression.span;
    } else if (schema?.kind === 'identifier' && isBareName(setting.expression.text)) {
      slot.name = setting.expression.text;
      slot.nameSpan = setting.expression.span;
    } else {
      slot.expression = setting.expression;
    }
    return slot;
  }

  /** Creates a slot for a computed or default value, with an expression the spec does not write. */
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
}
