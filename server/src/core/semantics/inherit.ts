/**
 * Inheritance: `experiment child extends parent` starts from every
 * statement of the parent. A child's statement with the same key replaces
 * the parent's; model, bound and check blocks merge key by key (a model
 * block of another class replaces the parent's, and a Gaussian's
 * `shared` and `similarity` replace each other); `let` and `sweep` replace per symbol;
 * claims accumulate.
 */
import type { Experiment, ModelDeclaration, Setting, SweepAxis } from './model';

function mergeRecords(parent: Record<string, Setting>, child: Record<string, Setting>): Record<string, Setting> {
  return { ...parent, ...child };
}

function mergeModel(parent: ModelDeclaration | undefined, child: ModelDeclaration | undefined): ModelDeclaration | undefined {
  if (!parent || !child) {
    return child ?? parent;
  }
  if (parent.modelClass !== child.modelClass) {
    return child;
  }
  const inherited = { ...parent.settings };
  if (child.modelClass !== 'gaussian') {
    return { ...child, settings: { ...inherited, ...child.settings } };
  }
  if (child.settings.shared) {
    delete inherited.similarity;
  }
  if (child.settings.similarity) {
    delete inherited.shared;
  }
  return { ...child, settings: { ...inherited, ...child.settings } };
}

function mergeSweeps(parent: SweepAxis[], child: SweepAxis[]): SweepAxis[] {
  const bySymbol = new Map(child.map((axis) => [axis.symbol, axis]));
  const merged = parent.map((axis) => bySymbol.get(axis.symbol) ?? axis);
  const inherited = new Set(parent.map((axis) => axis.symbol));
  return merged.concat(child.filter((axis) => !inherited.has(axis.symbol)));
}

/** Returns the child with everything it inherits from the (already merged) parent. */
export function mergeExperiment(parent: Experiment, child: Experiment): Experiment {
  return {
    ...child,
    sources: child.sources ?? parent.sources,
    samples: child.samples ?? parent.samples,
    confidence: child.confidence ?? parent.confidence,
    model: mergeModel(parent.model, child.model),
    preset: child.preset ?? parent.preset,
    boundSettings: mergeRecords(parent.boundSettings, child.boundSettings),
    lets: mergeRecords(parent.lets, child.lets),
    claims: [...parent.claims, ...child.claims],
    sweeps: mergeSweeps(parent.sweeps, child.sweeps),
    check: {
      seeds: child.check.seeds ?? parent.check.seeds,
      testSamples: child.check.testSamples ?? parent.check.testSamples,
      extra: mergeRecords(parent.check.extra, child.check.extra),
      span: child.check.span ?? parent.check.span,
    },
    inheritanceBroken: child.inheritanceBroken || parent.inheritanceBroken,
    hasBrokenStatements: child.hasBrokenStatements || parent.hasBrokenStatements,
  };
}
