/**
 * Script of the results webview (bundled for the browser into
 * dist/results/webview.js, with Vega, Vega-Lite and vega-embed inside, so
 * nothing is fetched from the network). Renders one figure per experiment
 * with its verdicts, and sends SVG or PNG exports to the extension, which
 * shows a save dialog for them.
 */
import embed from 'vega-embed';
import { expressionInterpreter } from 'vega-interpreter';
import type { PanelExperiment, ResultsPanelData } from '../../../../server/src/lsp/checks/panel-data';
import { figureSpec } from '../chart-spec';
import type { FromPanel, ToPanel } from '../messages';

declare function acquireVsCodeApi(): { postMessage(message: FromPanel): void };

/*
 * The few DOM types this script uses, declared here (module scope) rather
 * than through the DOM library, which would change global types for the
 * Node code that shares the project's type check.
 */
interface Node {
  textContent: string | null;
  className: string;
  appendChild(child: Node): Node;
  replaceChildren(...children: Node[]): void;
  addEventListener(type: 'click', listener: () => void): void;
}
declare const document: { createElement(tag: string): Node; getElementById(id: string): Node | null };
declare const window: { addEventListener(type: 'message', listener: (event: { data: ToPanel | undefined }) => void): void };

const vscode = acquireVsCodeApi();

interface Rendered {
  toSVG(): Promise<string>;
  toImageURL(type: string, scaleFactor?: number): Promise<string>;
}

const views = new Map<string, Rendered>();

function element(tag: string, text?: string, className?: string): Node {
  const node = document.createElement(tag);
  if (text !== undefined) {
    node.textContent = text;
  }
  if (className) {
    node.className = className;
  }
  return node;
}

function recordLine(experiment: PanelExperiment): string {
  const record = experiment.record;
  if (!record) {
    return 'No stored check for this experiment yet. Run the check to fill the figure.';
  }
  const when = new Date(record.createdAt).toLocaleString();
  const parts = [`run ${when}`, `${record.seeds} seeds`, `backend ${record.backend}`, `${(record.wallMs / 1000).toFixed(1)} s`, record.status];
  if (record.partial) {
    parts.push('partial result');
  }
  if (record.stale) {
    parts.push('stale: the experiment changed since this run');
  }
  return parts.join(' · ');
}

function verdictTable(experiment: PanelExperiment): Node {
  const table = element('table');
  const head = element('tr');
  for (const title of ['point', 'verdict', 'status', 'details']) {
    head.appendChild(element('th', title));
  }
  table.appendChild(head);
  const rows: { where: string; verdict: PanelExperiment['verdicts'][number] }[] = [];
  for (const point of experiment.points) {
    const where = Object.entries(point.sweepValues)
      .map(([symbol, value]) => `${symbol} = ${value}`)
      .join(', ');
    for (const verdict of point.verdicts) {
      rows.push({ where: where || '(single point)', verdict });
    }
  }
  for (const verdict of experiment.verdicts) {
    rows.push({ where: 'whole sweep', verdict });
  }
  for (const { where, verdict } of rows) {
    const row = element('tr');
    row.appendChild(element('td', where));
    row.appendChild(element('td', verdict.name));
    row.appendChild(element('td', verdict.status, `status-${verdict.status}`));
    row.appendChild(element('td', verdict.message));
    table.appendChild(row);
  }
  return table;
}

async function render(data: ResultsPanelData): Promise<void> {
  const root = document.getElementById('root')!;
  root.replaceChildren();
  views.clear();
  if (data.experiments.length === 0) {
    root.appendChild(element('p', 'This spec declares no experiment.'));
    return;
  }
  for (const experiment of data.experiments) {
    const section = element('section');
    section.appendChild(element('h2', experiment.experiment));
    section.appendChild(element('p', recordLine(experiment), 'record'));
    const chart = element('div', undefined, 'chart');
    section.appendChild(chart);
    const actions = element('div', undefined, 'actions');
    for (const format of ['svg', 'png'] as const) {
      const button = element('button', `Export ${format.toUpperCase()}`);
      button.addEventListener('click', () => void exportFigure(experiment.experiment, format));
      actions.appendChild(button);
    }
    section.appendChild(actions);
    section.appendChild(verdictTable(experiment));
    root.appendChild(section);
    try {
      // The interpreter evaluates Vega expressions without eval, as the webview's content policy requires.
      const result = await embed(chart as never, figureSpec(experiment) as never, { actions: false, renderer: 'svg', ast: true, expr: expressionInterpreter });
      views.set(experiment.experiment, result.view);
    } catch (error) {
      chart.appendChild(element('p', `The figure could not be drawn: ${String(error)}`, 'error'));
    }
  }
}

async function exportFigure(experiment: string, format: 'svg' | 'png'): Promise<void> {
  const view = views.get(experiment);
  if (!view) {
    return;
  }
  try {
    if (format === 'svg') {
      vscode.postMessage({ type: 'export', experiment, format, content: await view.toSVG() });
    } else {
      const url = await view.toImageURL('png', 2);
      vscode.postMessage({ type: 'export', experiment, format, content: url.slice(url.indexOf(',') + 1) });
    }
  } catch (error) {
    vscode.postMessage({ type: 'error', message: `export of ${experiment} as ${format.toUpperCase()} failed: ${String(error)}` });
  }
}

window.addEventListener('message', (event) => {
  if (event.data?.type === 'data') {
    void render(event.data.data);
  }
});
vscode.postMessage({ type: 'ready' });
