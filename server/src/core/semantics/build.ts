/**
 * Builds the experiments of a spec from its syntax tree: one Experiment per
 * uniquely named `experiment` block, with inheritance applied. Unknown
 * parents and inheritance cycles are reported at `extends`.
 */
import type { Diagnostic } from '../diagnostics';
import type { SpecTree } from '../syntax/ast';
import { closestMatch } from '../syntax/suggest';
import type { Span } from '../text';
import { Codes } from './codes';
import { collectExperiment } from './collect';
import { mergeExperiment } from './inherit';
import type { Experiment } from './model';
import { deleteFix, didYouMean, errorAt, replaceFix } from './report';

export interface BuildResult {
  /** Experiments in the order of the spec, inheritance applied. */
  experiments: Experiment[];
  diagnostics: Diagnostic[];
}

export function buildExperiments(tree: SpecTree, text: string): BuildResult {
  const diagnostics: Diagnostic[] = [];
  const own = new Map<string, Experiment>();

  for (const node of tree.experiments) {
    if (!node.name) {
      continue;
    }
    const name = node.name.name;
    const first = own.get(name);
    if (first) {
      diagnostics.push(
        errorAt(node.name.span, Codes.duplicateExperiment, `An experiment named \`${name}\` already exists; experiment names must be unique.`, [], [
          { span: first.nameSpan, message: 'First defined here.' },
        ]),
      );
      continue;
    }
    own.set(name, collectExperiment(node, name, text, diagnostics));
  }

  checkParents(own, diagnostics);
  const merged = applyInheritance(own);
  return { experiments: [...own.keys()].map((name) => merged.get(name) as Experiment), diagnostics };
}

/**
 * Reports unknown parents and cycles, and marks the experiments involved
 * as `inheritanceBroken` with their `extends` cut, so that merging
 * terminates and later checks do not repeat the report.
 */
function checkParents(own: Map<string, Experiment>, diagnostics: Diagnostic[]): void {
  for (const experiment of own.values()) {
    const parent = experiment.parent;
    if (parent && !own.has(parent.name)) {
      const suggestion = closestMatch(parent.name, [...own.keys()].filter((name) => name !== experiment.name));
      diagnostics.push(
        errorAt(parent.span, Codes.unknownParent, `Unknown experiment \`${parent.name}\` after \`extends\`.${didYouMean(suggestion)}`, suggestion ? [replaceFix(parent.span, suggestion)] : []),
      );
      experiment.inheritanceBroken = true;
    }
  }

  // Each experiment has at most one parent, so the `extends` graph is a set of
  // chains. Walking each chain once with colours finds every cycle in linear time.
  const state = new Map<string, 'visiting' | 'done'>();
  for (const start of own.keys()) {
    const chain: string[] = [];
    let current: string | undefined = start;
    while (current !== undefined && !state.has(current)) {
      state.set(current, 'visiting');
      chain.push(current);
      const experiment: Experiment | undefined = own.get(current);
      current = experiment && !experiment.inheritanceBroken ? experiment.parent?.name : undefined;
    }
    if (current !== undefined && state.get(current) === 'visiting') {
      reportCycle(chain.slice(chain.indexOf(current)), own, diagnostics);
    }
    for (const name of chain) {
      state.set(name, 'done');
    }
  }
}

function reportCycle(cycle: string[], own: Map<string, Experiment>, diagnostics: Diagnostic[]): void {
  const members = cycle.map((name) => own.get(name) as Experiment);
  members.sort((a, b) => a.nameSpan.start - b.nameSpan.start);
  const first = members[0];
  const parentSpan = first.parent?.span as Span;
  const path = [...cycle, cycle[0]].map((name) => `\`${name}\``).join(' extends ');
  const related = members.slice(1).map((member) => ({ span: member.parent?.span as Span, message: `\`${member.name}\` extends \`${member.parent?.name}\` here.` }));
  diagnostics.push(
    errorAt(parentSpan, Codes.inheritanceCycle, `Inheritance cycle: ${path}.`, [deleteFix({ start: first.nameSpan.end, end: parentSpan.end }, 'Remove this `extends`')], related),
  );
  for (const member of members) {
    member.inheritanceBroken = true;
  }
}

/** Merges every experiment with its ancestors, parents first, without recursion. */
function applyInheritance(own: Map<string, Experiment>): Map<string, Experiment> {
  const merged = new Map<string, Experiment>();
  for (const start of own.keys()) {
    const chain: Experiment[] = [];
    let current: Experiment | undefined = own.get(start);
    while (current && !merged.has(current.name)) {
      chain.push(current);
      const parentName: string | undefined = current.inheritanceBroken ? undefined : current.parent?.name;
      current = parentName !== undefined ? own.get(parentName) : undefined;
    }
    let base = current ? merged.get(current.name) : undefined;
    for (let index = chain.length - 1; index >= 0; index--) {
      const child = chain[index];
      const result: Experiment = base ? mergeExperiment(base, child) : child;
      merged.set(child.name, result);
      base = result;
    }
  }
  return merged;
}
