/**
 * The order-level preset against the "theoretical TV bound" columns of the
 * three result tables published with Wang et al., "A Theory for
 * Conditional Generative Modeling on Multiple Data Sources"
 * (arXiv:2502.14583, public code at commit 90804ee). Every row is quoted.
 */
import { describe, expect, it } from 'vitest';
import { orderBound } from '../../server/src/core/theory';
import { gaussianPoint } from './points';

/** Absolute tolerance: the tables print full double precision. */
const TOLERANCE = 1e-12;

interface Row {
  K: number;
  D: number;
  /** The table's sim, for the test name. */
  sim: number;
  /** d_sim = int(sim * D), as the reference code computes it. */
  dSim: number;
  n: number;
  single: number;
  multi: number;
  advantage: number;
}

// results_K.csv: D = 10, sim = 0.5, n = 500.
const byK: Row[] = [
  { K: 1, D: 10, sim: 0.5, dSim: 5, n: 500, single: 0.1414213562373095, multi: 0.1414213562373095, advantage: 0.0 },
  { K: 3, D: 10, sim: 0.5, dSim: 5, n: 500, single: 0.2449489742783178, multi: 0.2, advantage: 0.04494897427831779 },
  { K: 5, D: 10, sim: 0.5, dSim: 5, n: 500, single: 0.31622776601683794, multi: 0.2449489742783178, advantage: 0.07127879173852014 },
  { K: 10, D: 10, sim: 0.5, dSim: 5, n: 500, single: 0.447213595499958, multi: 0.33166247903553997, advantage: 0.11555111646441796 },
  { K: 15, D: 10, sim: 0.5, dSim: 5, n: 500, single: 0.5477225575051661, multi: 0.4, advantage: 0.14772255750516605 },
];

// results_n.csv: K = 5, D = 10, sim = 0.5.
const byN: Row[] = [
  { K: 5, D: 10, sim: 0.5, dSim: 5, n: 100, single: 0.7071067811865476, multi: 0.5477225575051661, advantage: 0.1593842236813815 },
  { K: 5, D: 10, sim: 0.5, dSim: 5, n: 300, single: 0.408248290463863, multi: 0.31622776601683794, advantage: 0.09202052444702508 },
  { K: 5, D: 10, sim: 0.5, dSim: 5, n: 500, single: 0.31622776601683794, multi: 0.2449489742783178, advantage: 0.07127879173852014 },
  { K: 5, D: 10, sim: 0.5, dSim: 5, n: 1000, single: 0.223606797749979, multi: 0.17320508075688773, advantage: 0.05040171699309124 },
  { K: 5, D: 10, sim: 0.5, dSim: 5, n: 5000, single: 0.1, multi: 0.07745966692414834, advantage: 0.022540333075851668 },
];

// results_sim.csv: K = 5, D = 10, n = 500.
const bySim: Row[] = [
  { K: 5, D: 10, sim: 0.0, dSim: 0, n: 500, single: 0.31622776601683794, multi: 0.31622776601683794, advantage: 0.0 },
  { K: 5, D: 10, sim: 0.3, dSim: 3, n: 500, single: 0.31622776601683794, multi: 0.27568097504180444, advantage: 0.0405467909750335 },
  { K: 5, D: 10, sim: 0.5, dSim: 5, n: 500, single: 0.31622776601683794, multi: 0.2449489742783178, advantage: 0.07127879173852014 },
  { K: 5, D: 10, sim: 0.7, dSim: 7, n: 500, single: 0.31622776601683794, multi: 0.20976176963403032, advantage: 0.10646599638280763 },
  { K: 5, D: 10, sim: 1.0, dSim: 10, n: 500, single: 0.31622776601683794, multi: 0.1414213562373095, advantage: 0.17480640977952844 },
];

describe.each([
  ['results_K', byK],
  ['results_n', byN],
  ['results_sim', bySim],
])('paper preset against %s', (_table, rows) => {
  it.each(rows)('K=$K n=$n sim=$sim', (row) => {
    const report = orderBound(gaussianPoint({ K: row.K, D: row.D, dSim: row.dSim, n: row.n }));

    expect(Math.abs(report.single.value - row.single)).toBeLessThanOrEqual(TOLERANCE);
    expect(Math.abs(report.multi.value - row.multi)).toBeLessThanOrEqual(TOLERANCE);
    expect(Math.abs(report.single.value - report.multi.value - row.advantage)).toBeLessThanOrEqual(TOLERANCE);
    expect(report.single.vacuous).toBe(false);
    expect(report.multi.vacuous).toBe(false);
  });
});

describe('similarity to shared coordinates', () => {
  it('int(sim * D) matches the quoted d_sim', () => {
    // The reference code truncates sim * D; 0.3 * 10 = 3.0000000000000004 and
    // 0.7 * 10 = 7.000000000000001 truncate to 3 and 7.
    for (const row of bySim) {
      expect(Math.trunc(row.sim * row.D)).toBe(row.dSim);
    }
  });
});
