/**
 * Seeded random numbers for the simulation: uniform doubles from pure-rand's
 * xoroshiro128+ generator and standard normal deviates by Marsaglia's polar
 * method. The same seed always gives the same stream, on every platform,
 * because every step is integer arithmetic or IEEE 754 double arithmetic
 * with correctly rounded operations (Math.log and Math.sqrt of the same
 * inputs on the same engine).
 */
import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';

/** Golden-ratio increment of SplitMix (Steele, Lea and Flood, OOPSLA 2014), as a 32-bit word. */
const GOLDEN_GAMMA_32 = 0x9e3779b9;

/**
 * Mixes a 32-bit word with the MurmurHash3 `fmix32` finalizer (Appleby), the
 * 32-bit output function commonly paired with the SplitMix increment.
 */
function mix32(word: number): number {
  let z = word | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) | 0;
}

/**
 * Expands a seed into the four 32-bit words of xoroshiro128+ state with a
 * SplitMix-style sequence, so that nearby seeds (3 and 4) start from
 * unrelated states. Seeds are integers; values beyond 32 bits contribute
 * their high word too.
 */
export function seedState(seed: number): number[] {
  const low = seed >>> 0;
  const high = Math.floor(seed / 4294967296) >>> 0;
  let counter = mix32(low ^ mix32(high ^ 0x6a09e667));
  const state: number[] = [];
  for (let i = 0; i < 4; i++) {
    counter = (counter + GOLDEN_GAMMA_32) | 0;
    state.push(mix32(counter));
  }

  // An all-zero state would make xoroshiro128+ output zeros forever.
  if (!state.some((word) => word !== 0)) state[0] = 1;
  return state;
}

/**
 * A seeded stream of uniform and standard normal deviates.
 *
 * Uniforms are multiples of 2^-53 in [0, 1) (pure-rand `uniformFloat64`,
 * two 32-bit outputs per double). Normals come in pairs from the polar
 * method (G. Marsaglia and T. A. Bray, "A convenient method for generating
 * normal variables", SIAM Review 6(3), 1964), and the second of each pair
 * is kept for the next call.
 */
export class RandomStream {
  private readonly generator: ReturnType<typeof xoroshiro128plusFromState>;
  private spareNormal = 0;
  private hasSpareNormal = false;

  constructor(seed: number) {
    if (!Number.isSafeInteger(seed)) {
      throw new RangeError(`Invalid seed ${seed}: seeds must be integers between -(2^53 - 1) and 2^53 - 1.`);
    }
    this.generator = xoroshiro128plusFromState(seedState(seed));
  }

  /** Returns a uniform deviate in [0, 1). */
  uniform(): number {
    return uniformFloat64(this.generator);
  }

  /**
   * Returns a uniform deviate in [0, 1) with 32 random bits (multiples of
   * 2^-32), from one generator output instead of two. Used for categorical
   * draws, where 2^-32 resolution moves no probability by more than 2^-32.
   */
  uniform32(): number {
    return (this.generator.next() >>> 0) * 2.3283064365386963e-10;
  }

  /** Returns a standard normal deviate. */
  normal(): number {
    if (this.hasSpareNormal) {
      this.hasSpareNormal = false;
      return this.spareNormal;
    }

    let u = 0;
    let v = 0;
    let s = 0;
    do {
      u = 2 * uniformFloat64(this.generator) - 1;
      v = 2 * uniformFloat64(this.generator) - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);

    const factor = Math.sqrt((-2 * Math.log(s)) / s);
    this.spareNormal = v * factor;
    this.hasSpareNormal = true;
    return u * factor;
  }
}
