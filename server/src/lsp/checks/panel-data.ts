/**
 * Data for the results panel: one entry per experiment with its latest
 * stored run, the current bounds at each point, and whether the run is
 * stale. Plain JSON, sent from the server to the client's webview.
 */
import type { Analysis } from '../../core/analysis';
import type { PointCheck, Verdict } from '../../core/simulation/types';
import { configurationHash, isStale, type ResultRecord } from '../../runner/store';

export interface PanelPoint {
  sweepValues: Record<string, number>;
  /** Empirical R: mean and standard error over seeds. */
  single?: { mean: number; se: number; count: number };
  multi?: { mean: number; se: number; count: number };
  /** Bound values at the point (from the current analysis, else from the record). */
  bounds?: { preset: string; single: number; multi: number };
  verdicts: Verdict[];
}

export interface PanelExperiment {
  experiment: string;
  /** Swept symbol used as the x axis (the first axis), absent without a sweep. */
  axis?: string;
  points: PanelPoint[];
  verdicts: Verdict[];
  record?: {
    id: string;
    createdAt: string;
    status: string;
    partial: boolean;
    stale: boolean;
    seeds: number;
    backend: string;
    wallMs: number;
  };
}

export interface ResultsPanelData {
  uri: string;
  experiments: PanelExperiment[];
}

export function panelData(analysis: Analysis | undefined, records: Map<string, ResultRecord>, uri: string, only?: string): ResultsPanelData {
  const names = analysis ? analysis.experiments.map((entry) => entry.experiment.name) : [...records.keys()];
  const experiments: PanelExperiment[] = [];
  for (const name of names) {
    if (only !== undefined && name !== only) {
      continue;
    }
    const experimentAnalysis = analysis?.experiments.find((entry) => entry.experiment.name === name);
    const record = records.get(name);
    const axis = experimentAnalysis?.experiment.sweeps[0]?.symbol ?? Object.keys(record?.points[0]?.sweepValues ?? {})[0];
    const stale = record && experimentAnalysis && experimentAnalysis.points.length > 0 ? isStale(record, configurationHash(experimentAnalysis.points.map((p) => p.point))) : false;

    const pointSweeps = experimentAnalysis ? experimentAnalysis.points.map((entry) => entry.point.sweepValues) : (record?.points.map((p) => p.sweepValues) ?? []);
    const points: PanelPoint[] = pointSweeps.map((sweepValues, index) => {
      const bounds = experimentAnalysis?.points[index]?.bounds;
      const recorded = record?.points.find((p) => sameSweep(p.sweepValues, sweepValues))?.bounds;
      const pointCheck: PointCheck | undefined = record?.check?.points.find((p) => sameSweep(p.sweepValues, sweepValues));
      return {
        sweepValues,
        single: pointCheck?.empirical.single,
        multi: pointCheck?.empirical.multi,
        bounds: bounds ? { preset: bounds.preset, single: bounds.single.value, multi: bounds.multi.value } : recorded,
        verdicts: pointCheck?.verdicts ?? [],
      };
    });
    experiments.push({
      experiment: name,
      axis,
      points,
      verdicts: record?.check?.verdicts ?? [],
      record: record
        ? {
            id: record.id,
            createdAt: record.createdAt,
            status: record.status,
            partial: record.partial,
            stale: Boolean(stale),
            seeds: record.seeds.length,
            backend: record.backend,
            wallMs: record.timings.wallMs,
          }
        : undefined,
    });
  }
  return { uri, experiments };
}

function sameSweep(a: Record<string, number>, b: Record<string, number>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
}
