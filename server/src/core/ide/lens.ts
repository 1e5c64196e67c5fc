/**
 * Code lenses above each experiment: run its check, show its stored
 * results (when a run exists), show its derivation, and plan its sample
 * size. Each experiment has exactly one run lens. The language server
 * passes its title (status and age of the last run, or progress) as a
 * RunLensStatus, because stored results are outside the pure core.
 */
import type { IdeDocument } from './document';
import type { CodeLensData, RunLensStatus } from './types';

/**
 * Lenses of every experiment of the document. `runStatus` maps an
 * experiment's name to its check state; an experiment without one gets a
 * plain "Run check".
 */
export function codeLensesFor(document: IdeDocument, runStatus: ReadonlyMap<string, RunLensStatus> = new Map()): CodeLensData[] {
  const lenses: CodeLensData[] = [];
  const known = new Set(document.analysis.experiments.map((entry) => entry.experiment.name));
  for (const node of document.tree.experiments) {
    const name = node.name;
    if (!name || !known.has(name.name)) {
      continue;
    }
    const span = name.span;
    const experiment = name.name;
    const status = runStatus.get(experiment);
    lenses.push({ span, title: status?.title ?? 'Run check', command: status?.command ?? 'msbound.runCheck', experiment, tooltip: status?.tooltip });
    if (status?.hasResults) {
      lenses.push({ span, title: 'Show results', command: 'msbound.showResults', experiment });
    }
    lenses.push({ span, title: 'Show derivation', command: 'msbound.showDerivation', experiment });
    lenses.push({ span, title: 'Plan sample size', command: 'msbound.planSampleSize', experiment });
  }
  return lenses;
}
