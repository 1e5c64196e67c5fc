import { describe, expect, it } from 'vitest';
import {
  autoregressiveMasks,
  autoregressiveNetwork,
  maskStatistics,
  readAutoregressiveSettings,
  type AutoregressiveSettings,
} from '../../server/src/core/theory/classes/autoregressive-architecture';
import { energyNetwork, readEnergySettings, type EnergySettings } from '../../server/src/core/theory/classes/energy-architecture';
import { countParameters, lipschitzConstant } from '../../server/src/core/theory/classes/lipschitz-mlp';
import {
  allSequences,
  autoregressiveInput,
  autoregressiveLogits,
  autoregressiveLogProbabilities,
  autoregressiveReferenceLayers,
  energyLogProbabilities,
  energyReferenceLayers,
  energyValues,
  referenceForward,
  referenceParameterCount,
  seededRandom,
} from './reference-network';

type Random = () => number;

function arm(raw: Record<string, number | number[] | string>): AutoregressiveSettings {
  const { settings, problems } = readAutoregressiveSettings(raw);
  expect(problems).toEqual([]);
  return settings;
}

function ebm(raw: Record<string, number | number[] | string>): EnergySettings {
  const { settings, problems } = readEnergySettings(raw);
  expect(problems).toEqual([]);
  return settings;
}

function uniformVector(random: Random, size: number, bound: number): Float64Array {
  return Float64Array.from({ length: size }, () => (2 * random() - 1) * bound);
}

/** theta + step * direction, clipped into [-B, B] so that both stay in the class. */
function perturb(theta: Float64Array, direction: Float64Array, step: number, bound: number): Float64Array {
  return theta.map((value, i) => Math.min(bound, Math.max(-bound, value + step * direction[i])));
}

function supDistance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) {
    max = Math.max(max, Math.abs(a[i] - b[i]));
  }
  return max;
}

function randomArmRaw(random: Random): Record<string, number | number[] | string> {
  const depth = 1 + Math.floor(random() * 2);
  return {
    length: 1 + Math.floor(random() * 3),
    vocabulary: 2 + Math.floor(random() * 2),
    hidden: Array.from({ length: depth }, () => 1 + Math.floor(random() * 6)),
    activation: random() < 0.5 ? 'tanh' : 'relu',
    weight_bound: [0.3, 1, 2.5][Math.floor(random() * 3)],
  };
}

function randomEbmRaw(random: Random): Record<string, number | number[] | string> {
  const depth = 1 + Math.floor(random() * 2);
  return {
    dim: 1 + Math.floor(random() * 2),
    resolution: 3 + Math.floor(random() * 4),
    hidden: Array.from({ length: depth }, () => 1 + Math.floor(random() * 6)),
    activation: random() < 0.5 ? 'tanh' : 'relu',
    weight_bound: [0.3, 1, 2.5][Math.floor(random() * 3)],
  };
}

/** Directions that try to break the bound: uniform, random signs, and all +1. */
function directions(random: Random, size: number): Float64Array[] {
  return [
    uniformVector(random, size, 1),
    Float64Array.from({ length: size }, () => (random() < 0.5 ? -1 : 1)),
    new Float64Array(size).fill(1),
  ];
}

/** Starting points: uniform in the box, and the corners all +B and all -B where activations saturate or grow most. */
function startingPoints(random: Random, size: number, bound: number): Float64Array[] {
  return [uniformVector(random, size, bound), new Float64Array(size).fill(bound), new Float64Array(size).fill(-bound), new Float64Array(size).fill(bound * 0.01)];
}

describe('parameter counts', () => {
  it('counts a MADE network by hand', () => {
    // T = 2, V = 2, hidden [2]: degrees (0, 1). Hidden unit 1 is connected
    // to the two one-hot inputs of position 1 (2 weights), plus 2 embedding
    // entries. The logits of position 1 are connected to unit 0 (2 weights),
    // those of position 2 to both units (4 weights), plus 4 output biases.
    // P = 2 + 2 + 6 + 4 = 14.
    expect(countParameters(autoregressiveNetwork(arm({ length: 2, vocabulary: 2, hidden: [2] })))).toBe(14);
  });

  it('counts an energy network in closed form', () => {
    const settings = ebm({ dim: 2, resolution: 8, hidden: [5, 3] });
    // d H1 + H1 + H1 H2 + H2 + H2 + 1
    expect(countParameters(energyNetwork(settings))).toBe(2 * 5 + 5 + 5 * 3 + 3 + 3 + 1);
  });

  it('counts masks without building them', () => {
    const random = seededRandom(12);
    for (let trial = 0; trial < 40; trial++) {
      const settings = arm({ ...randomArmRaw(random), length: 1 + Math.floor(random() * 5), hidden: [1 + Math.floor(random() * 9), 1 + Math.floor(random() * 9)] });
      const network = autoregressiveNetwork(settings);
      autoregressiveMasks(settings).forEach((entry, index) => {
        expect(network.layers[index].weights).toBe(maskStatistics(entry.inputs, entry.outputs, entry.mask).weights);
        expect(network.layers[index].maxFanIn).toBe(maskStatistics(entry.inputs, entry.outputs, entry.mask).maxFanIn);
      });
    }
  });

  it('counts wide networks quickly', () => {
    const network = autoregressiveNetwork(arm({ length: 64, vocabulary: 4096, hidden: [4096, 4096, 4096] }));
    expect(countParameters(network)).toBeGreaterThan(1e9);
  });

  it('agrees with the reference layers', () => {
    const random = seededRandom(11);
    for (let trial = 0; trial < 30; trial++) {
      const a = arm(randomArmRaw(random));
      expect(countParameters(autoregressiveNetwork(a))).toBe(referenceParameterCount(autoregressiveReferenceLayers(a)));
      const e = ebm(randomEbmRaw(random));
      expect(countParameters(energyNetwork(e))).toBe(referenceParameterCount(energyReferenceLayers(e)));
    }
  });
});

describe('Lipschitz recursion', () => {
  it('matches a hand computation', () => {
    // d = 1, hidden [2], tanh, B = 1: S_0 = 1, G_1 = 2, M_1 = 1, S_1 = 2, G_2 = 2 + 1 + 1 * 2 * 2 = 7.
    expect(lipschitzConstant(energyNetwork(ebm({ dim: 1, hidden: [2], weight_bound: 1 }))).value).toBe(7);
  });

  it('bounds the logits of random autoregressive networks', () => {
    const random = seededRandom(2025);
    let worst = 0;
    for (let trial = 0; trial < 40; trial++) {
      const settings = arm(randomArmRaw(random));
      const network = autoregressiveNetwork(settings);
      const P = countParameters(network);
      const bound = lipschitzConstant(network).value;
      for (const theta of startingPoints(random, P, settings.weightBound)) {
        for (const direction of directions(random, P)) {
          for (const step of [1e-3, 0.1, settings.weightBound]) {
            const other = perturb(theta, direction, step, settings.weightBound);
            const distance = supDistance(theta, other);
            if (distance === 0) {
              continue;
            }
            const before = autoregressiveLogits(settings, theta);
            const after = autoregressiveLogits(settings, other);
            for (let x = 0; x < before.length; x++) {
              const ratio = supDistance(before[x], after[x]) / distance;
              worst = Math.max(worst, ratio / bound);
              expect(ratio).toBeLessThanOrEqual(bound * (1 + 1e-12));
            }
            const logRatio = supDistance(autoregressiveLogProbabilities(settings, theta), autoregressiveLogProbabilities(settings, other)) / distance;
            expect(logRatio).toBeLessThanOrEqual(2 * settings.length * bound * (1 + 1e-12));
          }
        }
      }
    }
    // The bound must not be wildly loose for these tiny networks either.
    expect(worst).toBeGreaterThan(0.05);
  });

  it('bounds the energies of random energy networks', () => {
    const random = seededRandom(520);
    let worst = 0;
    for (let trial = 0; trial < 40; trial++) {
      const settings = ebm(randomEbmRaw(random));
      const network = energyNetwork(settings);
      const P = countParameters(network);
      const bound = lipschitzConstant(network).value;
      for (const theta of startingPoints(random, P, settings.weightBound)) {
        for (const direction of directions(random, P)) {
          for (const step of [1e-3, 0.1, settings.weightBound]) {
            const other = perturb(theta, direction, step, settings.weightBound);
            const distance = supDistance(theta, other);
            if (distance === 0) {
              continue;
            }
            const ratio = supDistance(energyValues(settings, theta), energyValues(settings, other)) / distance;
            worst = Math.max(worst, ratio / bound);
            expect(ratio).toBeLessThanOrEqual(bound * (1 + 1e-12));
            const logRatio = supDistance(energyLogProbabilities(settings, theta), energyLogProbabilities(settings, other)) / distance;
            expect(logRatio).toBeLessThanOrEqual(2 * bound * (1 + 1e-12));
          }
        }
      }
    }
    expect(worst).toBeGreaterThan(0.05);
  });

  it('survives a random-search attack on the ratio', () => {
    // Hill climbing over (theta, theta') pairs that keeps the largest ratio found.
    const random = seededRandom(33);
    const cases: [string, Record<string, number | number[] | string>][] = [
      ['energy relu', { dim: 2, resolution: 3, hidden: [3, 3], activation: 'relu', weight_bound: 1 }],
      ['energy tanh', { dim: 1, resolution: 4, hidden: [4], activation: 'tanh', weight_bound: 2 }],
    ];
    for (const [, raw] of cases) {
      const settings = ebm(raw);
      const network = energyNetwork(settings);
      const P = countParameters(network);
      const bound = lipschitzConstant(network).value;
      const ratioOf = (theta: Float64Array, other: Float64Array) =>
        supDistance(energyValues(settings, theta), energyValues(settings, other)) / supDistance(theta, other);
      let theta: Float64Array = new Float64Array(P).fill(settings.weightBound);
      let other: Float64Array = perturb(theta, new Float64Array(P).fill(-1), 0.05, settings.weightBound);
      let best = ratioOf(theta, other);
      for (let iteration = 0; iteration < 400; iteration++) {
        const candidate = perturb(theta, uniformVector(random, P, 1), 0.2, settings.weightBound);
        const candidateOther = perturb(candidate, Float64Array.from({ length: P }, () => (random() < 0.5 ? -1 : 1)), 0.05, settings.weightBound);
        const ratio = ratioOf(candidate, candidateOther);
        if (ratio > best) {
          best = ratio;
          theta = candidate;
          other = candidateOther;
        }
      }
      expect(best).toBeLessThanOrEqual(bound);
      expect(supDistance(theta, other)).toBeGreaterThan(0);
    }
  });
});

describe('autoregressive masks', () => {
  it('make position t depend on earlier positions only', () => {
    const random = seededRandom(3);
    for (let trial = 0; trial < 20; trial++) {
      const settings = arm({ ...randomArmRaw(random), length: 3, vocabulary: 3 });
      const layers = autoregressiveReferenceLayers(settings);
      const theta = uniformVector(random, referenceParameterCount(layers), settings.weightBound);
      const sequences = allSequences(3, 3);
      for (const sequence of sequences) {
        const logits = referenceForward(layers, settings.activation, theta, autoregressiveInput(sequence, 3));
        for (let t = 0; t < 3; t++) {
          // Change every position from t on; the logits of position t must not move.
          const changed = sequence.map((symbol, s) => (s >= t ? (symbol + 1) % 3 : symbol));
          const other = referenceForward(layers, settings.activation, theta, autoregressiveInput(changed, 3));
          expect(other.slice(t * 3, (t + 1) * 3)).toEqual(logits.slice(t * 3, (t + 1) * 3));
        }
      }
    }
  });

  it('give a normalised distribution over sequences', () => {
    const settings = arm({ length: 3, vocabulary: 3, hidden: [5, 4] });
    const theta = uniformVector(seededRandom(9), countParameters(autoregressiveNetwork(settings)), 1);
    const total = autoregressiveLogProbabilities(settings, theta).reduce((sum, value) => sum + Math.exp(value), 0);
    expect(total).toBeCloseTo(1, 12);
  });
});

describe('Lemma A bracket', () => {
  function checkBracket(logProbabilities: (theta: Float64Array) => number[], P: number, B: number, L: number, random: Random): void {
    for (const epsilon of [0.5, 0.05, 1e-3]) {
      const h = Math.log1p(epsilon) / L;
      for (let trial = 0; trial < 5; trial++) {
        const centre = uniformVector(random, P, B - h > 0 ? B - h : B);
        const bracket = logProbabilities(centre).map((value) => Math.exp(value + L * h));
        for (const direction of directions(random, P)) {
          const theta = perturb(centre, direction, h, B);
          const p = logProbabilities(theta).map(Math.exp);
          let excess = 0;
          for (let x = 0; x < p.length; x++) {
            expect(bracket[x]).toBeGreaterThanOrEqual(p[x]);
            excess += bracket[x] - p[x];
          }
          expect(excess).toBeLessThanOrEqual(epsilon * (1 + 1e-9));
        }
      }
    }
  }

  it('covers autoregressive densities', () => {
    const random = seededRandom(77);
    for (let trial = 0; trial < 10; trial++) {
      const settings = arm(randomArmRaw(random));
      const network = autoregressiveNetwork(settings);
      const L = 2 * settings.length * lipschitzConstant(network).value;
      checkBracket((theta) => autoregressiveLogProbabilities(settings, theta), countParameters(network), settings.weightBound, L, random);
    }
  });

  it('covers energy densities', () => {
    const random = seededRandom(78);
    for (let trial = 0; trial < 10; trial++) {
      const settings = ebm(randomEbmRaw(random));
      const network = energyNetwork(settings);
      const L = 2 * lipschitzConstant(network).value;
      checkBracket((theta) => energyLogProbabilities(settings, theta), countParameters(network), settings.weightBound, L, random);
    }
  });
});
