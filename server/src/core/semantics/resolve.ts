/**
 * Resolution of an experiment into configurations: every value evaluated
 * and checked at each point of the sweep grid (the cartesian product of
 * its sweeps; one point when there is no sweep). Problems of the values
 * as written are reported at their expressions. A problem that only a
 * sweep value causes (such as d_sim > D at that point) is reported at that
 * sweep value, and the point is skipped.
 */
import type { Diagnostic } from '../diagnostics';
import { compileExpression } from '../expr';
import { Codes, Limits } from './codes';
import type { Experiment, ExpressionRef, ResolvedPoint } from './model';
import { errorAt } from './report';
import { PointAssembler, type Failure, type PointValues } from './assemble';
import { buildScope, type ExperimentScope, type ScopeOptions, type Slot } from './scope';
import { checkName, checkSchemaNumber, formatNumber } from './validate';

export type ResolveOptions = ScopeOptions;

export interface ResolveResult {
  points: ResolvedPoint[];
  diagnostics: Diagnostic[];
  /** The experiment's scope (slots, symbols, sweeps), for editor features. */
  scope: ExperimentScope;
}

export function resolvePoints(experiment: Experiment, options: ResolveOptions = {}): ResolveResult {
  const diagnostics: Diagnostic[] = [];
  const scope = buildScope(experiment, options, diagnostics);
  const resolver = new PointResolver(experiment, scope);
  const assembler = new PointAssembler(experiment, scope);
  const points: ResolvedPoint[] = [];

  const missing = reportMissing(experiment, scope, diagnostics);
  const base = resolver.evaluate(new Map());
  for (const failure of base.failures) {
    diagnostics.push(errorAt(failure.span, failure.code, failure.message));
  }
  if (missing) {
    return { points, diagnostics, scope };
  }

  if (scope.axes.length === 0) {
    const point = base.failures.length === 0 ? assembler.assemble(base) : undefined;
    if (point) {
      points.push(point);
    }
    return { points, diagnostics, scope };
  }

  const total = scope.axes.reduce((product, axis) => product * axis.values.length, 1);
  if (total > Limits.maxGridPoints) {
    const [first, ...rest] = scope.axes;
    diagnostics.push(
      errorAt(
        first.span,
        Codes.tooManyPoints,
        `The sweeps of experiment \`${experiment.name}\` form a grid of ${total} points; the limit is ${Limits.maxGridPoints}. Sweep fewer values or fewer symbols.`,
        [],
        rest.map((axis) => ({ span: axis.span, message: `\`${axis.symbol}\` is swept here.` })),
      ),
    );
    return { points, diagnostics, scope };
  }

  // A failure that no sweep causes fails every grid point, and it is reported above already.
  if (base.failures.some((failure) => resolver.failsEverywhere(failure))) {
    return { points, diagnostics, scope };
  }
  // Failures of swept values at the base point are replaced at every grid point, so the base
  // can serve for the slots no sweep reaches only when those slots are free of failures.
  const shared = base.failures.length === 0 ? base : undefined;

  const indices = scope.axes.map(() => 0);
  for (let count = 0; count < total; count++) {
    const overrides = new Map<Slot, ExpressionRef>();
    scope.axes.forEach((axis, axisIndex) => overrides.set(axis.slot, axis.values[indices[axisIndex]]));
    const values = resolver.evaluate(overrides, shared);
    if (values.failures.length === 0) {
      const point = assembler.assemble(values);
      if (point) {
        points.push(point);
      }
    } else {
      resolver.reportSweepFailures(values, overrides, diagnostics);
    }
    for (let axisIndex = indices.length - 1; axisIndex >= 0; axisIndex--) {
      indices[axisIndex]++;
      if (indices[axisIndex] < scope.axes[axisIndex].values.length) {
        break;
      }
      indices[axisIndex] = 0;
    }
  }
  return { points, diagnostics, scope };
}

/** Reports missing required settings once; returns whether any is missing. */
function reportMissing(experiment: Experiment, scope: ExperimentScope, diagnostics: Diagnostic[]): boolean {
  const missing: string[] = [];
  if (!experiment.sources) {
    missing.push('`sources K = ...`');
  }
  if (!experiment.samples) {
    missing.push('`samples n = ...`');
  }
  if (!experiment.model) {
    missing.push('`model gaussian { ... }`');
  }
  const modelMissesDim = experiment.model?.modelClass === 'gaussian' && !experiment.model.settings.dim;
  if (experiment.inheritanceBroken || experiment.hasBrokenStatements) {
    return missing.length > 0 || modelMissesDim || !scope.symbols.size;
  }
  if (missing.length > 0) {
    const list = missing.length === 1 ? missing[0] : `${missing.slice(0, -1).join(', ')} and ${missing[missing.length - 1]}`;
    diagnostics.push(errorAt(experiment.nameSpan, Codes.missingSetting, `Experiment \`${experiment.name}\` is missing ${list}.`));
    return true;
  }
  if (modelMissesDim && experiment.model) {
    diagnostics.push(errorAt(experiment.model.classSpan, Codes.missingSetting, 'The Gaussian model needs its dimension: add `dim D = ...` to the block.'));
    return true;
  }
  return false;
}

/** Copies one slot's value (and symbol value) from another point's values. */
function copySlot(slot: Slot, from: PointValues, to: PointValues): void {
  const number = from.numbers.get(slot);
  if (number !== undefined) {
    to.numbers.set(slot, number);
  }
  const list = from.lists.get(slot);
  if (list !== undefined) {
    to.lists.set(slot, list);
  }
  const name = from.names.get(slot);
  if (name !== undefined) {
    to.names.set(slot, name);
  }
  if (slot.symbol !== undefined) {
    const value = from.symbols.get(slot.symbol);
    if (value !== undefined) {
      to.symbols.set(slot.symbol, value);
    }
  }
}

class PointResolver {
  /** Indices of the sweep axes that each slot depends on, directly or through other symbols. */
  private readonly sweptBy = new Map<Slot, number[]>();
  private readonly slotsById = new Map<string, Slot>();
  private readonly weightSlots: Slot[];

  constructor(
    private readonly experiment: Experiment,
    private readonly scope: ExperimentScope,
  ) {
    for (const slot of scope.slots) {
      this.slotsById.set(slot.id, slot);
    }
    this.weightSlots = scope.slots.filter((slot) => slot.role === 'weight');
    for (const slot of scope.order) {
      const axes = new Set<number>();
      scope.axes.forEach((axis, index) => {
        if (axis.slot === slot) {
          axes.add(index);
        }
      });
      for (const dependency of scope.dependencies.get(slot) ?? []) {
        for (const index of this.sweptBy.get(dependency) ?? []) {
          axes.add(index);
        }
      }
      this.sweptBy.set(slot, [...axes].sort((a, b) => a - b));
    }
  }

  /** Evaluates and checks every slot, with sweep values replacing the swept symbols' expressions. */
  /**
   * Evaluates and checks every slot, with sweep values replacing the swept
   * symbols' expressions. With `base` (the point without sweep values, free
   * of failures), slots that no sweep reaches are copied from it instead of
   * being evaluated again.
   */
  evaluate(overrides: Map<Slot, ExpressionRef>, base?: PointValues): PointValues {
    const values: PointValues = { numbers: new Map(), lists: new Map(), names: new Map(), symbols: new Map(), failures: [] };
    for (const slot of this.scope.order) {
      if (base && this.sweptBy.get(slot)?.length === 0) {
        copySlot(slot, base, values);
      } else {
        this.evaluateSlot(slot, overrides.get(slot), values);
      }
    }
    this.checkRelations(values);
    return values;
  }

  /** Tests whether a failure at the base point involves no sweep, so that it fails at every grid point too. */
  failsEverywhere(failure: Failure): boolean {
    return (this.sweptBy.get(failure.slot)?.length ?? 0) === 0 && (failure.other === undefined || (this.sweptBy.get(failure.other)?.length ?? 0) === 0);
  }

  private evaluateSlot(slot: Slot, override: ExpressionRef | undefined, values: PointValues): void {
    if (slot.name !== undefined && !override) {
      const check = checkName(slot.name, slot.schema, slot.label);
      if (check.ok) {
        values.names.set(slot, slot.name);
      } else {
        values.failures.push({ slot, span: slot.nameSpan ?? slot.span, code: Codes.wrongKind, message: check.message });
      }
      return;
    }
    if (slot.list && !override) {
      const items: number[] = [];
      for (const item of slot.list) {
        const value = this.evaluateExpression(slot, item, values);
        if (value === undefined) {
          return;
        }
        items.push(value);
      }
      values.lists.set(slot, items);
      return;
    }
    const expression = override ?? slot.expression;
    if (!expression) {
      return;
    }
    const value = this.evaluateExpression(slot, expression, values);
    if (value === undefined) {
      return;
    }
    values.numbers.set(slot, value);
    if (slot.symbol) {
      values.symbols.set(slot.symbol, value);
    }
  }

  /** Evaluates one expression of a slot and checks it; undefined when unknown or invalid. */
  private evaluateExpression(slot: Slot, expression: ExpressionRef, values: PointValues): number | undefined {
    if (this.scope.invalidExpressions.has(expression)) {
      return undefined;
    }
    const compiled = compileExpression(expression.text);
    if (!compiled.ok) {
      return undefined;
    }
    // A symbol without a value failed or is unknown, which is reported once elsewhere.
    if (compiled.expression.symbols.some((symbol) => !values.symbols.has(symbol))) {
      return undefined;
    }
    const result = compiled.expression.evaluate(values.symbols);
    if (!result.ok) {
      const span = result.span ? { start: expression.span.start + result.span.start, end: expression.span.start + result.span.end } : expression.span;
      values.failures.push({ slot, span, code: result.code, message: `${slot.label}: ${result.message}` });
      return undefined;
    }
    const check = checkSchemaNumber(result.value, slot.schema, slot.label);
    if (!check.ok) {
      values.failures.push({ slot, span: expression.span, code: Codes.outOfRange, message: check.message });
      return undefined;
    }
    return check.value;
  }

  /** Rules between values: d_sim <= D, and weights summing to 1. */
  private checkRelations(values: PointValues): void {
    const D = this.slotById('D');
    const dSim = this.slotById('d_sim');
    if (D && dSim) {
      const dimension = values.numbers.get(D);
      const shared = values.numbers.get(dSim);
      if (dimension !== undefined && shared !== undefined && shared > dimension) {
        values.failures.push({
          slot: dSim,
          other: D,
          span: dSim.expression?.span ?? dSim.span,
          code: Codes.outOfRange,
          message: `${dSim.label} must be an integer with 0 <= d_sim <= D, but it is ${formatNumber(shared)} while ${D.label} is ${formatNumber(dimension)}.`,
        });
        values.numbers.delete(dSim);
      }
    }

    const weights = this.weightSlots;
    if (weights.length > 0 && weights.every((slot) => values.numbers.has(slot))) {
      const sum = weights.reduce((total, slot) => total + (values.numbers.get(slot) as number), 0);
      if (Math.abs(sum - 1) > 1e-9) {
        const sources = this.experiment.sources;
        const span = sources?.kind === 'named' ? sources.span : weights[0].span;
        values.failures.push({ slot: weights[0], span, code: Codes.weightsSum, message: `The source weights sum to ${formatNumber(sum)}; they must sum to 1 (within 1e-9).` });
      }
    }
  }

  private slotById(id: string): Slot | undefined {
    return this.slotsById.get(id);
  }

  /**
   * Reports the failures of a sweep point that depend on sweep values, at
   * the first such value. Failures that do not depend on the sweep were
   * reported at the base point already.
   */
  reportSweepFailures(values: PointValues, overrides: Map<Slot, ExpressionRef>, diagnostics: Diagnostic[]): void {
    for (const failure of values.failures) {
      const involved = new Set([...(this.sweptBy.get(failure.slot) ?? []), ...(failure.other ? (this.sweptBy.get(failure.other) ?? []) : [])]);
      const axes = [...involved].sort((a, b) => a - b).map((index) => this.scope.axes[index]);
      if (axes.length === 0) {
        continue;
      }
      const setting = axes.map((axis) => `${axis.symbol} = ${overrides.get(axis.slot)?.text ?? '?'}`).join(', ');
      const [first, ...rest] = axes;
      const span = overrides.get(first.slot)?.span ?? first.span;
      // A warning, not an error: in a grid some combinations are naturally invalid, and the other points stand.
      const skipped = errorAt(
        span,
        Codes.invalidSweepPoint,
        `With ${setting}: ${failure.message} This sweep point is skipped.`,
        [],
        rest.map((axis) => ({ span: overrides.get(axis.slot)?.span ?? axis.span, message: `\`${axis.symbol}\` takes this value.` })),
      );
      diagnostics.push({ ...skipped, severity: 'warning' });
    }
  }
}
