/**
 * Incremental analysis for the editor. A spec's experiments fall into
 * families (experiments connected by `extends`), and the analysis of a
 * family depends only on the text of its experiments. So each family is
 * analysed on its own text, cached by that text, and placed back at its
 * offsets in the document. An edit re-analyses only the family it
 * touches.
 *
 * The result equals `analyze(text)` for a text without syntax errors
 * (tests compare the two); a text with syntax errors, where recovery
 * could depend on the surrounding text, is analysed whole.
 */
import { analyze, type Analysis, type AnalysisOptions, type ExperimentAnalysis } from '../analysis';
import type { Diagnostic } from '../diagnostics';
import type { ExperimentNode } from '../syntax/ast';
import { parse } from '../syntax/parser';
import { LineIndex, type Span } from '../text';

/** Texts shorter than this many experiments are analysed whole, because splitting them gains nothing. */
const MIN_EXPERIMENTS = 4;

/** Separator between the experiments of one family in its own text. */
const SEPARATOR = '\n\n';

interface Segment {
  /** Offset of the experiment in the document. */
  start: number;
  end: number;
  /** Offset of the experiment in the family's own text. */
  familyStart: number;
}

interface Placed {
  experiments: ExperimentAnalysis[];
  diagnostics: Diagnostic[];
}

export class IncrementalAnalyzer {
  /** Analysis of each family's own text, by options and text. */
  private familyAnalyses = new Map<string, Analysis>();
  /** Family results moved to their document offsets, by family key and offsets. */
  private placed = new Map<string, Placed>();

  analyze(text: string, options: AnalysisOptions = {}): Analysis {
    const parsed = parse(text);
    const hasErrors = parsed.diagnostics.some((diagnostic) => diagnostic.severity === 'error');
    if (hasErrors || parsed.tree.experiments.length < MIN_EXPERIMENTS) {
      return analyze(text, options);
    }

    const optionsKey = JSON.stringify([options.defaultPreset, options.defaultC, options.defaultDelta]);
    const usedAnalyses = new Map<string, Analysis>();
    const usedPlaced = new Map<string, Placed>();
    const experiments: ExperimentAnalysis[] = [];
    const diagnostics: Diagnostic[] = [...parsed.diagnostics];

    for (const family of families(parsed.tree.experiments)) {
      const segments: Segment[] = [];
      let familyText = '';
      for (const node of family) {
        if (familyText.length > 0) {
          familyText += SEPARATOR;
        }
        segments.push({ start: node.span.start, end: node.span.end, familyStart: familyText.length });
        familyText += text.slice(node.span.start, node.span.end);
      }

      const analysisKey = `${optionsKey}\u0000${familyText}`;
      const familyAnalysis = this.familyAnalyses.get(analysisKey) ?? analyze(familyText, options);
      usedAnalyses.set(analysisKey, familyAnalysis);

      const placedKey = `${segments.map((segment) => segment.start).join(',')}\u0000${analysisKey}`;
      let placedResult = this.placed.get(placedKey);
      if (!placedResult) {
        const toDocument = (offset: number): number => mapOffset(segments, offset);
        placedResult = {
          experiments: remapSpans(familyAnalysis.experiments, toDocument),
          diagnostics: remapSpans(familyAnalysis.diagnostics, toDocument),
        };
      }
      usedPlaced.set(placedKey, placedResult);
      experiments.push(...placedResult.experiments);
      diagnostics.push(...placedResult.diagnostics.filter((diagnostic) => !isSyntaxDiagnosticFromParse(diagnostic, parsed.diagnostics)));
    }

    // Keep only what this version used, so memory follows the document's size.
    this.familyAnalyses = usedAnalyses;
    this.placed = usedPlaced;

    experiments.sort((a, b) => a.experiment.span.start - b.experiment.span.start);
    diagnostics.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
    return { text, lines: new LineIndex(text), experiments, diagnostics, tree: parsed.tree };
  }
}

/** Parse diagnostics (warnings and hints, since errors fall back to a whole analysis) appear once, from the document's own parse. */
function isSyntaxDiagnosticFromParse(diagnostic: Diagnostic, parseDiagnostics: Diagnostic[]): boolean {
  return parseDiagnostics.some(
    (candidate) => candidate.code === diagnostic.code && candidate.span.start === diagnostic.span.start && candidate.span.end === diagnostic.span.end && candidate.message === diagnostic.message,
  );
}

/**
 * Groups experiment nodes into families: connected components of the
 * graph whose edges are `extends` links, with experiments of the same
 * name in one family (so duplicate names are still reported). Nodes
 * without a name form families of their own.
 */
export function families(nodes: ExperimentNode[]): ExperimentNode[][] {
  const parentOf = new Map<string, string>();
  const find = (name: string): string => {
    let root = name;
    while (parentOf.has(root) && parentOf.get(root) !== root) {
      root = parentOf.get(root)!;
    }
    parentOf.set(name, root);
    return root;
  };
  const union = (a: string, b: string): void => {
    const rootA = find(a);
    const rootB = find(b);
    if (rootA !== rootB) {
      parentOf.set(rootA, rootB);
    }
  };

  for (const node of nodes) {
    if (node.name) {
      find(node.name.name);
      if (node.parent) {
        union(node.name.name, node.parent.name);
      }
    }
  }

  const groups = new Map<string, ExperimentNode[]>();
  nodes.forEach((node, index) => {
    const key = node.name ? `name:${find(node.name.name)}` : `index:${index}`;
    const group = groups.get(key) ?? [];
    group.push(node);
    groups.set(key, group);
  });
  return [...groups.values()];
}

/** Maps an offset in a family's own text to the document. */
function mapOffset(segments: Segment[], offset: number): number {
  let segment = segments[0];
  for (const candidate of segments) {
    if (candidate.familyStart <= offset) {
      segment = candidate;
    }
  }
  return offset - segment.familyStart + segment.start;
}

/** Whether a value is a Span: an object with exactly the numeric keys `start` and `end`. */
function isSpan(value: object): value is Span {
  const keys = Object.keys(value);
  return keys.length === 2 && typeof (value as Span).start === 'number' && typeof (value as Span).end === 'number';
}

/** Copies plain data, moving every Span with `map`; values that are not arrays or plain objects are shared. */
export function remapSpans<T>(value: T, map: (offset: number) => number): T {
  if (Array.isArray(value)) {
    return value.map((item) => remapSpans(item, map)) as T;
  }
  if (value === null || typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) {
    return value;
  }
  if (isSpan(value)) {
    return { start: map(value.start), end: map(value.end) } as T;
  }
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    copy[key] = remapSpans(item, map);
  }
  return copy as T;
}
