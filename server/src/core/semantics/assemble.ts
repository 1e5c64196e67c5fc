/**
 * Assembly of a ResolvedPoint from the evaluated values of one sweep point:
 * sources and weights, sample size, model parameters per class, and check
 * settings with their defaults.
 */
import type { Span } from '../text';
import type { Experiment, ResolvedModel, ResolvedPoint } from './model';
import { DEFAULT_SEEDS, DEFAULT_TEST_SAMPLES } from './schema';
import type { ExperimentScope, Slot } from './scope';

export /** A value that failed at one point. */
interface Failure {
  slot: Slot;
  /** Another slot that the rule compares with (D for d_sim <= D). */
  other?: Slot;
  span: Span;
  code: string;
  message: string;
}

/** Values of one point, by slot, and the value of each bound symbol. */
export interface PointValues {
  numbers: Map<Slot, number>;
  lists: Map<Slot, number[]>;
  names: Map<Slot, string>;
  symbols: Map<string, number>;
  /** Values that failed a check at this point. */
  failures: Failure[];
}

export class PointAssembler {
  private readonly slotsById = new Map<string, Slot>();
  private readonly modelSlots: Slot[];
  private readonly seedSlots: Slot[];
  private readonly checkExtraSlots: Slot[];

  constructor(
    private readonly experiment: Experiment,
    private readonly scope: ExperimentScope,
  ) {
    for (const slot of scope.slots) {
      this.slotsById.set(slot.id, slot);
    }
    this.modelSlots = scope.slots.filter((slot) => slot.role === 'model');
    this.seedSlots = scope.slots.filter((slot) => slot.role === 'seed');
    this.checkExtraSlots = scope.slots.filter((slot) => slot.role === 'checkExtra');
  }

  private slotById(id: string): Slot | undefined {
    return this.slotsById.get(id);
  }

  /** Builds the ResolvedPoint; undefined when a required value is unknown (reported elsewhere). */
  assemble(values: PointValues): ResolvedPoint | undefined {
    const number = (id: string) => {
      const slot = this.slotById(id);
      return slot ? values.numbers.get(slot) : undefined;
    };
    const K = number('K');
    const n = number('n');
    const delta = number('delta');
    const C = number('C');
    if (K === undefined || n === undefined || delta === undefined || C === undefined) {
      return undefined;
    }
    const model = this.assembleModel(values, number);
    if (!model) {
      return undefined;
    }

    const sources = this.experiment.sources;
    let sourceNames: string[];
    let weights: number[];
    if (sources?.kind === 'named') {
      sourceNames = sources.names.map((source) => source.name);
      weights = sources.names.map((source) => number(`weight.${source.name}`) ?? NaN);
      if (weights.some((weight) => Number.isNaN(weight))) {
        return undefined;
      }
    } else {
      sourceNames = Array.from({ length: K }, (_, index) => `source ${index + 1}`);
      weights = new Array<number>(K).fill(1 / K);
    }

    const check = this.assembleCheck(values, number);
    if (!check) {
      return undefined;
    }

    const point: ResolvedPoint = {
      experiment: this.experiment.name,
      sweepValues: Object.fromEntries(this.scope.axes.map((axis) => [axis.symbol, values.symbols.get(axis.symbol) as number])),
      bindings: Object.fromEntries(values.symbols),
      K,
      sourceNames,
      weights,
      n,
      delta,
      preset: this.scope.preset,
      C,
      model,
      check,
    };
    const perSource = number('m');
    if (perSource !== undefined) {
      point.perSource = perSource;
    }
    return point;
  }

  private assembleModel(values: PointValues, number: (id: string) => number | undefined): ResolvedModel | undefined {
    const model = this.experiment.model;
    if (!model) {
      return undefined;
    }
    if (model.modelClass === 'gaussian') {
      const dim = number('D');
      const shared = number('d_sim');
      const meanBound = number('B');
      if (dim === undefined || shared === undefined || meanBound === undefined) {
        return undefined;
      }
      return { modelClass: 'gaussian', dim, shared, meanBound };
    }
    const settings: Record<string, number | number[] | string> = {};
    for (const slot of this.modelSlots) {
      const value = values.numbers.get(slot) ?? values.lists.get(slot) ?? values.names.get(slot);
      if (value === undefined) {
        return undefined;
      }
      settings[slot.key] = value;
    }
    return { modelClass: model.modelClass, settings };
  }

  private assembleCheck(values: PointValues, number: (id: string) => number | undefined): ResolvedPoint['check'] | undefined {
    const seedsSetting = this.experiment.check.seeds;
    let seeds: number[] = [...DEFAULT_SEEDS];
    if (seedsSetting?.kind === 'list') {
      seeds = [];
      for (const slot of this.seedSlots) {
        const seed = values.numbers.get(slot);
        if (seed === undefined) {
          return undefined;
        }
        seeds.push(seed);
      }
    } else if (seedsSetting?.kind === 'count') {
      const count = number('seeds');
      if (count === undefined) {
        return undefined;
      }
      seeds = Array.from({ length: count }, (_, index) => index);
    }
    const testSamples = this.experiment.check.testSamples ? number('test_samples') : DEFAULT_TEST_SAMPLES;
    if (testSamples === undefined) {
      return undefined;
    }
    const check: ResolvedPoint['check'] = { seeds, testSamples };
    const extra: Record<string, number | number[] | string> = {};
    for (const slot of this.checkExtraSlots) {
      const value = values.numbers.get(slot) ?? values.lists.get(slot) ?? values.names.get(slot);
      if (value !== undefined) {
        extra[slot.key] = value;
      }
    }
    if (Object.keys(extra).length > 0) {
      check.extra = extra;
    }
    return check;
  }
}
