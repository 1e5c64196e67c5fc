/**
 * The scope of one experiment: its slots (slots.ts), the symbols
 * bound to them, static checks of their expressions (syntax, allowed
 * constructs, unknown names), sweeps, and an evaluation order in which
 * every symbol comes after the symbols it reads. Dependency cycles are
 * reported here.
 */
import type { Diagnostic } from '../diagnostics';
import { compileExpression } from '../expr';
import { closestMatch } from '../syntax/suggest';
import type { Span } from '../text';
import { Codes } from './codes';
import { CLAIM_QUANTITIES } from './collect';
import type { Experiment, ExpressionRef, Preset } from './model';
import { didYouMean, errorAt, replaceFix } from './report';
import { collectSlots, type ScopeOptions, type Slot } from './slots';

export type { ScopeOptions, Slot, SlotRole } from './slots';

export interface ExperimentScope {
  slots: Slot[];
  /** Slot of each bound symbol. */
  symbols: Map<string, Slot>;
  preset: Preset;
  /** Symbol slots in evaluation order, then the other slots; slots in a cycle are left out. */
  order: Slot[];
  /** Symbols each slot reads (for a swept symbol: also those its sweep values read). */
  dependencies: Map<Slot, Slot[]>;
  /** Sweeps over known, sweepable symbols, in spec order. */
  axes: { symbol: string; slot: Slot; values: ExpressionRef[]; span: Span }[];
  /** Expressions that failed a static check; they are not evaluated. */
  invalidExpressions: Set<ExpressionRef>;
}

/** Builds the scope and reports static problems of every expression. */
export function buildScope(experiment: Experiment, options: ScopeOptions, diagnostics: Diagnostic[]): ExperimentScope {
  const builder = new ScopeBuilder(experiment, collectSlots(experiment, options), diagnostics);
  builder.bindSymbols();
  builder.checkExpressions();
  const axes = builder.collectAxes();
  const { order, dependencies } = builder.orderSlots(axes);
  return {
    slots: builder.slots,
    symbols: builder.symbols,
    preset: experiment.preset?.preset ?? options.defaultPreset ?? 'paper',
    order,
    dependencies,
    axes,
    invalidExpressions: builder.invalid,
  };
}

class ScopeBuilder {
  readonly symbols = new Map<string, Slot>();
  readonly invalid = new Set<ExpressionRef>();

  constructor(
    private readonly experiment: Experiment,
    readonly slots: Slot[],
    private readonly diagnostics: Diagnostic[],
  ) {}

  // ------------------------------------------------------------ symbols

  /**
   * Binds each slot's symbol. A symbol bound twice is reported at the later
   * statement; defaulted and computed slots give way silently.
   */
  bindSymbols(): void {
    const explicit = this.slots.filter((slot) => slot.symbol && !slot.synthetic);
    const synthetic = this.slots.filter((slot) => slot.symbol && slot.synthetic);
    explicit.sort((a, b) => a.span.start - b.span.start);
    for (const slot of explicit) {
      const symbol = slot.symbol as string;
      const first = this.symbols.get(symbol);
      if (first) {
        this.diagnostics.push(
          errorAt(slot.span, Codes.duplicateSymbol, `The symbol \`${symbol}\` is already bound by ${first.label}; give this value another symbol.`, [], [
            { span: first.span, message: `\`${symbol}\` is bound here.` },
          ]),
        );
        slot.symbol = undefined;
        continue;
      }
      this.symbols.set(symbol, slot);
    }
    for (const slot of synthetic) {
      const symbol = slot.symbol as string;
      if (this.symbols.has(symbol)) {
        slot.symbol = undefined;
        continue;
      }
      this.symbols.set(symbol, slot);
    }
  }

  // ------------------------------------------------------------ static checks

  /** Expressions of the experiment with what may appear in them. */
  private *expressions(): Generator<{ expression: ExpressionRef; inClaim: boolean; synthetic: boolean }> {
    for (const slot of this.slots) {
      if (slot.expression) {
        yield { expression: slot.expression, inClaim: false, synthetic: slot.synthetic === true };
      }
      for (const item of slot.list ?? []) {
        yield { expression: item, inClaim: false, synthetic: false };
      }
    }
    for (const axis of this.experiment.sweeps) {
      for (const value of axis.values) {
        yield { expression: value, inClaim: false, synthetic: false };
      }
    }
    for (const claim of this.experiment.claims) {
      for (const term of [claim.left, claim.right]) {
        if (term.kind === 'expression') {
          yield { expression: term.expression, inClaim: true, synthetic: false };
        }
      }
    }
  }

  checkExpressions(): void {
    for (const { expression, inClaim, synthetic } of this.expressions()) {
      if (expression.rejected) {
        this.invalid.add(expression);
        continue;
      }
      const compiled = compileExpression(expression.text);
      if (!compiled.ok) {
        this.invalid.add(expression);
        this.diagnostics.push(errorAt(this.absolute(expression, compiled.span), compiled.code, compiled.message, this.replacementFix(expression, compiled.span, compiled.replacement)));
        continue;
      }
      for (const name of compiled.expression.symbols) {
        if (this.symbols.has(name)) {
          continue;
        }
        this.invalid.add(expression);
        if (!synthetic) {
          // A default or computed value reads a symbol whose setting is missing, which is reported once elsewhere.
          this.reportUnknownName(expression, name, inClaim);
        }
        break;
      }
    }
  }

  private reportUnknownName(expression: ExpressionRef, name: string, inClaim: boolean): void {
    const candidates = [...this.symbols.keys()];
    if (inClaim) {
      candidates.push(...CLAIM_QUANTITIES);
    }
    const compiled = compileExpression(expression.text);
    const relative = compiled.ok ? compiled.expression.evaluate(new Map()) : undefined;
    const span = relative && !relative.ok && relative.code === Codes.unknownName ? relative.span : undefined;
    const suggestion = closestMatch(name, candidates);
    let message = `Unknown name \`${name}\`.${didYouMean(suggestion)}`;
    if (CLAIM_QUANTITIES.includes(name)) {
      message = `\`${name}\` is a bound quantity; it can only be a whole claim term, as in \`claim ${name} < 0.5\`.`;
    } else if (!suggestion) {
      message += ' Declare it with `let` or bind it in a setting.';
    }
    const absolute = this.absolute(expression, span);
    this.diagnostics.push(errorAt(absolute, Codes.unknownName, message, suggestion ? [replaceFix(absolute, suggestion)] : []));
  }

  private absolute(expression: ExpressionRef, relative: Span | undefined): Span {
    if (!relative) {
      return expression.span;
    }
    const start = Math.min(expression.span.end, expression.span.start + relative.start);
    return { start, end: Math.min(expression.span.end, Math.max(start, expression.span.start + relative.end)) };
  }

  private replacementFix(expression: ExpressionRef, relative: Span | undefined, replacement: string | undefined) {
    return relative && replacement ? [replaceFix(this.absolute(expression, relative), replacement)] : [];
  }

  // ------------------------------------------------------------ sweeps and order

  collectAxes(): ExperimentScope['axes'] {
    const axes: ExperimentScope['axes'] = [];
    for (const sweep of this.experiment.sweeps) {
      const slot = this.symbols.get(sweep.symbol);
      if (!slot) {
        const suggestion = closestMatch(sweep.symbol, this.symbols.keys());
        this.diagnostics.push(
          errorAt(
            sweep.symbolSpan,
            Codes.unknownSweepSymbol,
            `Cannot sweep \`${sweep.symbol}\`: experiment \`${this.experiment.name}\` binds no such symbol.${didYouMean(suggestion)}`,
            suggestion ? [replaceFix(sweep.symbolSpan, suggestion)] : [],
          ),
        );
        continue;
      }
      if (slot.derived) {
        this.diagnostics.push(errorAt(sweep.symbolSpan, Codes.unknownSweepSymbol, `Cannot sweep \`${sweep.symbol}\`: ${slot.derived}.`));
        continue;
      }
      axes.push({ symbol: sweep.symbol, slot, values: sweep.values, span: sweep.span });
    }
    return axes;
  }

  /**
   * Orders symbol slots so that each comes after the symbols it reads
   * (Kahn's algorithm), and reports each dependency cycle once.
   */
  orderSlots(axes: ExperimentScope['axes']): { order: Slot[]; dependencies: Map<Slot, Slot[]> } {
    const dependencies = new Map<Slot, Slot[]>();
    const readsOf = (expression: ExpressionRef | undefined): string[] => {
      if (!expression || this.invalid.has(expression)) {
        return [];
      }
      const compiled = compileExpression(expression.text);
      return compiled.ok ? compiled.expression.symbols : [];
    };
    for (const slot of this.slots) {
      const names = new Set<string>([...readsOf(slot.expression), ...(slot.list ?? []).flatMap(readsOf)]);
      for (const axis of axes) {
        if (axis.slot === slot) {
          for (const value of axis.values) {
            readsOf(value).forEach((name) => names.add(name));
          }
        }
      }
      dependencies.set(
        slot,
        [...names].map((name) => this.symbols.get(name)).filter((dependency): dependency is Slot => dependency !== undefined),
      );
    }

    const bound = this.slots.filter((slot) => slot.symbol !== undefined);
    const pending = new Map<Slot, number>();
    const dependents = new Map<Slot, Slot[]>();
    for (const slot of bound) {
      const reads = dependencies.get(slot) ?? [];
      pending.set(slot, reads.length);
      for (const dependency of reads) {
        const list = dependents.get(dependency) ?? [];
        list.push(slot);
        dependents.set(dependency, list);
      }
    }
    const order: Slot[] = [];
    const ready = bound.filter((slot) => pending.get(slot) === 0);
    while (ready.length > 0) {
      const slot = ready.pop() as Slot;
      order.push(slot);
      for (const dependent of dependents.get(slot) ?? []) {
        const left = (pending.get(dependent) ?? 0) - 1;
        pending.set(dependent, left);
        if (left === 0) {
          ready.push(dependent);
        }
      }
    }
    if (order.length < bound.length) {
      this.reportCycles(bound.filter((slot) => (pending.get(slot) ?? 0) > 0), dependencies);
    }
    const others = this.slots.filter((slot) => slot.symbol === undefined);
    return { order: order.concat(others), dependencies };
  }

  /** Reports each cycle among the unordered slots once, at its first slot in the text. */
  private reportCycles(unordered: Slot[], dependencies: Map<Slot, Slot[]>): void {
    const remaining = new Set(unordered);
    const reported = new Set<Slot>();
    const sorted = [...unordered].sort((a, b) => a.span.start - b.span.start);
    for (const start of sorted) {
      if (reported.has(start)) {
        continue;
      }
      // Follow dependencies inside the unordered set until a slot repeats: that closes a cycle.
      const path: Slot[] = [];
      const position = new Map<Slot, number>();
      let current: Slot | undefined = start;
      while (current && !position.has(current) && !reported.has(current)) {
        position.set(current, path.length);
        path.push(current);
        current = (dependencies.get(current) ?? []).find((next) => remaining.has(next));
      }
      if (!current || reported.has(current)) {
        continue;
      }
      const cycle = path.slice(position.get(current));
      cycle.forEach((slot) => reported.add(slot));
      const names = [...cycle, cycle[0]].map((slot) => `\`${slot.symbol}\``).join(' -> ');
      const first = [...cycle].sort((a, b) => a.span.start - b.span.start)[0];
      const related = cycle.filter((slot) => slot !== first).map((slot) => ({ span: slot.expression?.span ?? slot.span, message: `\`${slot.symbol}\` is defined here.` }));
      this.diagnostics.push(
        errorAt(first.expression?.span ?? first.span, Codes.dependencyCycle, `Dependency cycle: ${names}; give one of these symbols a value that does not refer back.`, [], related),
      );
    }
  }
}
