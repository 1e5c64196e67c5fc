/**
 * The results figure: rows and intervals from the panel data, and the
 * Vega-Lite specification rendered to SVG in Node with Vega itself (the
 * same libraries the webview bundles), as the SVG export would produce it.
 */
import { describe, expect, it } from 'vitest';
import * as vega from 'vega';
import { compile } from 'vega-lite';
import { figureRows, figureSpec, verdictLine } from '../../client/src/results/chart-spec';
import type { PanelExperiment } from '../../server/src/lsp/checks/panel-data';

/** 97.5 % quantile of the standard normal distribution (two-sided 95 % interval). */
const NORMAL_975 = 1.959963984540054;

function experiment(): PanelExperiment {
  const values = [1, 3, 5, 10, 15];
  return {
    experiment: 'vary_sources',
    axis: 'K',
    points: values.map((K, index) => ({
      sweepValues: { K },
      single: { mean: 0.05 + 0.011 * K, se: 0.004, count: 5 },
      multi: { mean: 0.05 + 0.007 * K, se: 0.003, count: 5 },
      bounds: { preset: 'paper', single: Math.sqrt((K * 10) / 500), multi: Math.sqrt((K * 5 + 5) / 500) },
      verdicts: [{ name: 'ordering', status: index === 0 ? 'inconclusive' : 'pass', message: 'multi <= single', values: {} }],
    })),
    verdicts: [{ name: 'shape', status: 'fail', message: 'shape differs', values: {} }],
    record: { id: 'x', createdAt: '2026-01-01T00:00:00.000Z', status: 'finished', partial: false, stale: false, seeds: 5, backend: 'js', wallMs: 800 },
  };
}

describe('figure rows', () => {
  it('rows carry 95 % intervals and bounds', () => {
    const rows = figureRows(experiment());
    expect(rows).toHaveLength(10);
    const single15 = rows.find((row) => row.x === 15 && row.method === 'single')!;
    expect(single15.mean).toBeCloseTo(0.215, 12);
    expect(single15.low).toBeCloseTo(0.215 - NORMAL_975 * 0.004, 6);
    expect(single15.high).toBeCloseTo(0.215 + NORMAL_975 * 0.004, 6);
    expect(single15.bound).toBeCloseTo(Math.sqrt(150 / 500), 12);
    expect(single15.seeds).toBe(5);
  });

  it('counts the verdicts for the subtitle', () => {
    expect(verdictLine(experiment())).toBe('verdicts: 4 pass, 1 fail, 1 inconclusive');
    expect(verdictLine({ experiment: 'e', points: [], verdicts: [] })).toBe('not checked yet');
  });
});

interface SceneItem {
  y: number;
  y2?: number;
  items?: SceneNode[];
}
interface SceneNode {
  name?: string;
  items?: SceneItem[];
}

/** Items of the mark with this name in the rendered scenegraph (their pixel geometry). */
function markItems(view: vega.View, name: string): SceneItem[] {
  const found: SceneItem[] = [];
  const visit = (node: SceneNode) => {
    if (node.name === name) {
      found.push(...(node.items ?? []));
      return;
    }
    for (const item of node.items ?? []) {
      for (const child of item.items ?? []) {
        visit(child);
      }
    }
  };
  visit((view.scenegraph() as unknown as { root: SceneNode }).root);
  return found;
}

describe('figure specification', () => {
  it('renders axes, estimators and error bars', async () => {
    const compiled = compile(figureSpec(experiment()) as never).spec;
    const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
    await view.runAsync();
    const svg = await view.toSVG();
    view.finalize();

    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('empirical TV (mean, 95 % interval)');
    expect(svg).toContain('bound, paper preset (dashed)');
    expect(svg).toContain('>single<');
    expect(svg).toContain('>multi<');
    expect(svg).toContain('vary_sources');
    expect(svg).toContain('verdicts: 4 pass, 1 fail, 1 inconclusive');

    // Error bars: one vertical rule per (point, estimator), each spanning a non-empty interval.
    const rules = markItems(view, 'layer_0_layer_0_layer_2_marks');
    expect(rules).toHaveLength(10);
    expect(rules.every((rule) => Math.abs((rule.y2 ?? rule.y) - rule.y) > 0)).toBe(true);
    // Bound curves: one dashed line per estimator.
    expect(markItems(view, 'layer_1_layer_0_marks')).toHaveLength(10);
  });

  it('draws bounds without results', async () => {
    const empty = { ...experiment(), record: undefined, verdicts: [] };
    empty.points = empty.points.map((point) => ({ ...point, single: undefined, multi: undefined, verdicts: [] }));
    const compiled = compile(figureSpec(empty) as never).spec;
    const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
    const svg = await view.toSVG();
    view.finalize();
    expect(svg).toContain('bound, paper preset (dashed)');
    expect(svg).toContain('not checked yet');
  });
});
