/**
 * Code lenses above each experiment: run its check, show its derivation,
 * and plan its sample size.
 */
import type { IdeDocument } from './document';
import type { CodeLensData } from './types';

export function codeLensesFor(document: IdeDocument): CodeLensData[] {
  const lenses: CodeLensData[] = [];
  const known = new Set(document.analysis.experiments.map((entry) => entry.experiment.name));
  for (const node of document.tree.experiments) {
    const name = node.name;
    if (!name || !known.has(name.name)) {
      continue;
    }
    const span = name.span;
    lenses.push({ span, title: 'Run check', command: 'msbound.runCheck', experiment: name.name });
    lenses.push({ span, title: 'Show derivation', command: 'msbound.showDerivation', experiment: name.name });
    lenses.push({ span, title: 'Plan sample size', command: 'msbound.planSampleSize', experiment: name.name });
  }
  return lenses;
}
