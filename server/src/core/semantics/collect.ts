/**
 * Collects the declarations that one experiment writes itself (before
 * inheritance) and reports the mistakes that are visible there: unknown
 * keys, duplicate keys, unknown model classes and presets, values of the
 * wrong kind.
 */
import type { Diagnostic } from '../diagnostics';
import type { EntryNode, ExperimentNode, ExpressionNode, StatementNode, ValueNode } from '../syntax/ast';
import { closestMatch, listNames } from '../syntax/suggest';
import type { Span } from '../text';
import { Codes } from './codes';
import type { Claim, ClaimTerm, Experiment, ExpressionRef, ModelClass, Preset, Setting } from './model';
import { deleteFix, didYouMean, errorAt, replaceFix } from './report';
import { BOUND_KEYS, CHECK_KEYS, CONFIDENCE, MODEL_SCHEMAS, PER_SOURCE, PRESETS, SAMPLES, SOURCES, type KeySchema } from './schema';

export const CLAIM_QUANTITIES: readonly string[] = ['single', 'multi', 'ratio', 'advantage'];

const BARE_NAME = /^[\p{L}_][\p{L}\p{N}_]*$/u;

/** Tests whether an expression is a single bare name, such as `tanh`. */
export function isBareName(text: string): boolean {
  return BARE_NAME.test(text);
}

/** Collects one experiment's own statements into an Experiment without inherited parts. */
export function collectExperiment(node: ExperimentNode, name: string, text: string, diagnostics: Diagnostic[]): Experiment {
  const collector = new Collector(name, text, diagnostics);
  const experiment: Experiment = {
    name,
    nameSpan: node.name?.span ?? node.keyword.span,
    span: node.span,
    boundSettings: {},
    lets: {},
    claims: [],
    sweeps: [],
    check: { extra: {} },
  };
  if (node.parent) {
    experiment.parent = { name: node.parent.name, span: node.parent.span };
  }
  if (node.broken || node.hasErrors) {
    experiment.hasBrokenStatements = true;
  }
  for (const statement of node.statements) {
    if (statement.broken) {
      experiment.hasBrokenStatements = true;
    }
    collector.statement(statement, experiment);
  }
  return experiment;
}

class Collector {
  /** First span of each statement key, to report duplicates. */
  private readonly firstSpans = new Map<string, Span>();

  constructor(
    private readonly experimentName: string,
    private readonly text: string,
    private readonly diagnostics: Diagnostic[],
  ) {}

  statement(statement: StatementNode, experiment: Experiment): void {
    switch (statement.kind) {
      case 'setting':
        this.setting(statement, experiment);
        return;
      case 'sourcesBlock':
        this.sourcesBlock(statement, experiment);
        return;
      case 'model':
        this.model(statement, experiment);
        return;
      case 'bound':
        this.bound(statement, experiment);
        return;
      case 'claim':
        this.claim(statement, experiment);
        return;
      case 'check':
        this.check(statement, experiment);
        return;
      case 'sweep':
        this.sweep(statement, experiment);
        return;
      case 'let':
        this.let(statement, experiment);
        return;
    }
  }

  // ------------------------------------------------------------ helpers

  /** Records `key`; returns false (and reports) when it was already set in this scope. */
  private claimKey(key: string, label: string, span: Span, statementSpan: Span): boolean {
    const first = this.firstSpans.get(key);
    if (first) {
      this.diagnostics.push(
        errorAt(span, Codes.duplicateKey, `${label} is set twice in experiment \`${this.experimentName}\`; the first one applies.`, [deleteFix(statementSpan, 'Delete this statement')], [
          { span: first, message: 'First set here.' },
        ]),
      );
      return false;
    }
    this.firstSpans.set(key, span);
    return true;
  }

  private expressionRef(node: ExpressionNode): ExpressionRef {
    const ref: ExpressionRef = { text: node.text, span: node.span };
    if (node.rejected) {
      ref.rejected = true;
    }
    return ref;
  }

  /**
   * Builds a Setting from a value node. Lists and strings are kept only
   * when `accepts` allows them; otherwise they are reported as the wrong kind.
   */
  private makeSetting(
    key: string,
    keySpan: Span,
    symbol: { name: string; span?: Span } | undefined,
    value: ValueNode | undefined,
    statementSpan: Span,
    broken: boolean | undefined,
    accepts: { list: boolean; string: boolean; what: string },
  ): Setting {
    const setting: Setting = {
      symbol: symbol?.name ?? '',
      expression: { text: '', span: statementSpan },
      span: statementSpan,
      definedIn: this.experimentName,
      key,
      keySpan,
    };
    if (symbol?.span) {
      setting.symbolSpan = symbol.span;
    }
    if (!value || broken) {
      setting.broken = true;
      if (value?.kind === 'expression') {
        setting.expression = this.expressionRef(value);
      }
      return setting;
    }
    if (value.kind === 'expression') {
      setting.expression = this.expressionRef(value);
      return setting;
    }
    setting.expression = { text: this.text.slice(value.span.start, value.span.end), span: value.span };
    if (value.kind === 'list' && accepts.list) {
      setting.list = value.items.map((item) => this.expressionRef(item));
      return setting;
    }
    if (value.kind === 'string' && accepts.string) {
      setting.stringValue = value.value;
      return setting;
    }
    const found = value.kind === 'list' ? 'a list' : 'a string';
    const hint = value.kind === 'list' && key !== 'seeds' ? ' To try several values, write `sweep SYMBOL in [...]`.' : '';
    this.diagnostics.push(errorAt(value.span, Codes.wrongKind, `\`${key}\` expects ${accepts.what}, but the value is ${found}.${hint}`));
    setting.broken = true;
    return setting;
  }

  private static readonly NUMBER_ONLY = { list: false, string: false, what: 'a number' };

  // ------------------------------------------------------------ top-level settings

  private setting(statement: Extract<StatementNode, { kind: 'setting' }>, experiment: Experiment): void {
    const keyword = statement.keyword.name;
    const isPerSource = keyword === 'samples' && statement.qualifier !== undefined;
    const schema = settingSchema(keyword, isPerSource);
    const label = `\`${keyword}\``;
    if (!this.claimKey(keyword, label, statement.keyword.span, statement.span)) {
      return;
    }
    const symbol = statement.symbol ? { name: statement.symbol.name, span: statement.symbol.span } : { name: schema.symbol ?? keyword };
    const setting = this.makeSetting(
      isPerSource ? 'per_source' : keyword,
      statement.qualifier?.span ?? statement.keyword.span,
      symbol,
      statement.value,
      statement.span,
      statement.broken,
      Collector.NUMBER_ONLY,
    );
    if (keyword === 'sources') {
      experiment.sources = { kind: 'count', count: setting };
    } else if (keyword === 'confidence') {
      experiment.confidence = setting;
    } else if (isPerSource) {
      experiment.samples = { kind: 'per_source', perSource: setting };
    } else {
      experiment.samples = { kind: 'total', total: setting };
    }
  }

  private sourcesBlock(statement: Extract<StatementNode, { kind: 'sourcesBlock' }>, experiment: Experiment): void {
    if (!this.claimKey('sources', '`sources`', statement.keyword.span, statement.span)) {
      return;
    }
    const names: { name: string; nameSpan: Span; weight: ExpressionRef }[] = [];
    const seen = new Map<string, Span>();
    for (const entry of statement.block.entries) {
      if (entry.broken || !entry.value) {
        experiment.hasBrokenStatements = true;
        continue;
      }
      const first = seen.get(entry.key.name);
      if (first) {
        this.diagnostics.push(
          errorAt(entry.key.span, Codes.duplicateSource, `The source \`${entry.key.name}\` is listed twice.`, [deleteFix(entry.span, 'Delete this source')], [
            { span: first, message: 'First listed here.' },
          ]),
        );
        continue;
      }
      seen.set(entry.key.name, entry.key.span);
      if (entry.symbol) {
        this.diagnostics.push(
          errorAt(entry.symbol.span, Codes.wrongKind, 'A named source is written `NAME = WEIGHT`, without a symbol.', [deleteFix(entry.symbol.span, 'Delete the symbol')]),
        );
      }
      if (entry.value.kind !== 'expression') {
        this.diagnostics.push(errorAt(entry.value.span, Codes.wrongKind, `The weight of source \`${entry.key.name}\` must be a number.`));
        experiment.hasBrokenStatements = true;
        continue;
      }
      names.push({ name: entry.key.name, nameSpan: entry.key.span, weight: this.expressionRef(entry.value) });
    }
    experiment.sources = { kind: 'named', names, span: statement.span, definedIn: this.experimentName };
  }

  // ------------------------------------------------------------ blocks

  private model(statement: Extract<StatementNode, { kind: 'model' }>, experiment: Experiment): void {
    if (!this.claimKey('model', '`model`', statement.keyword.span, statement.span)) {
      return;
    }
    const classIdentifier = statement.modelClass;
    if (!classIdentifier) {
      experiment.hasBrokenStatements = true;
      return;
    }
    const schema = MODEL_SCHEMAS.get(classIdentifier.name);
    if (!schema) {
      const suggestion = closestMatch(classIdentifier.name, MODEL_SCHEMAS.keys());
      this.diagnostics.push(
        errorAt(
          classIdentifier.span,
          Codes.unknownModelClass,
          `Unknown model class \`${classIdentifier.name}\`.${didYouMean(suggestion)} Model classes: ${listNames([...MODEL_SCHEMAS.keys()])}.`,
          suggestion ? [replaceFix(classIdentifier.span, suggestion)] : [],
        ),
      );
      experiment.hasBrokenStatements = true;
      return;
    }
    const settings: Record<string, Setting> = {};
    const blockKeys = new Map<string, Span>();
    for (const entry of statement.block?.entries ?? []) {
      const keySchema = schema.keys.find((candidate) => candidate.key === entry.key.name);
      if (!keySchema && !schema.openKeys) {
        this.reportUnknownKey(entry, schema.keys, `the \`${schema.modelClass}\` model block`);
        continue;
      }
      if (!this.checkBlockDuplicate(entry, blockKeys)) {
        continue;
      }
      if (schema.modelClass === 'gaussian' && (entry.key.name === 'shared' || entry.key.name === 'similarity')) {
        const other = entry.key.name === 'shared' ? 'similarity' : 'shared';
        const otherSpan = blockKeys.get(other);
        if (otherSpan) {
          this.diagnostics.push(
            errorAt(entry.key.span, Codes.sharedAndSimilarity, '`shared` and `similarity` both set the number of shared coordinates; keep one of them.', [deleteFix(entry.span, `Delete \`${entry.key.name}\``)], [
              { span: otherSpan, message: `\`${other}\` is set here.` },
            ]),
          );
          continue;
        }
      }
      const kind = keySchema?.kind;
      const accepts = {
        list: kind === undefined || kind === 'list',
        string: kind === undefined || kind === 'identifier',
        what: KIND_DESCRIPTIONS[kind ?? 'number'],
      };
      const symbolName = entry.symbol?.name ?? keySchema?.symbol;
      const symbol = symbolName ? { name: symbolName, span: entry.symbol?.span } : undefined;
      settings[entry.key.name] = this.makeSetting(entry.key.name, entry.key.span, symbol, entry.value, entry.span, entry.broken, accepts);
      if (entry.broken) {
        experiment.hasBrokenStatements = true;
      }
    }
    experiment.model = {
      modelClass: schema.modelClass as ModelClass,
      classSpan: classIdentifier.span,
      settings,
      span: statement.span,
      definedIn: this.experimentName,
    };
  }

  private reportUnknownKey(entry: EntryNode, keys: readonly KeySchema[], where: string): void {
    const names = keys.map((key) => key.key);
    const suggestion = closestMatch(entry.key.name, names);
    this.diagnostics.push(
      errorAt(
        entry.key.span,
        Codes.unknownKey,
        `Unknown key \`${entry.key.name}\` in ${where}.${didYouMean(suggestion)} Keys: ${listNames(names)}.`,
        suggestion ? [replaceFix(entry.key.span, suggestion)] : [],
      ),
    );
  }

  /** Reports a key set twice in one block; returns false for the duplicate. */
  private checkBlockDuplicate(entry: EntryNode, seen: Map<string, Span>): boolean {
    const first = seen.get(entry.key.name);
    if (first) {
      this.diagnostics.push(
        errorAt(entry.key.span, Codes.duplicateKey, `\`${entry.key.name}\` is set twice in this block; the first one applies.`, [deleteFix(entry.span, 'Delete this entry')], [
          { span: first, message: 'First set here.' },
        ]),
      );
      return false;
    }
    seen.set(entry.key.name, entry.key.span);
    return true;
  }

  private bound(statement: Extract<StatementNode, { kind: 'bound' }>, experiment: Experiment): void {
    if (!this.claimKey('bound', '`bound`', statement.keyword.span, statement.span)) {
      return;
    }
    const presetIdentifier = statement.preset;
    if (!presetIdentifier) {
      experiment.hasBrokenStatements = true;
      return;
    }
    if (!PRESETS.includes(presetIdentifier.name)) {
      const suggestion = closestMatch(presetIdentifier.name, PRESETS);
      this.diagnostics.push(
        errorAt(
          presetIdentifier.span,
          Codes.unknownPreset,
          `Unknown bound preset \`${presetIdentifier.name}\`.${didYouMean(suggestion)} Presets: ${listNames(PRESETS)}.`,
          suggestion ? [replaceFix(presetIdentifier.span, suggestion)] : [],
        ),
      );
    } else {
      experiment.preset = { preset: presetIdentifier.name as Preset, span: presetIdentifier.span, definedIn: this.experimentName };
    }
    const blockKeys = new Map<string, Span>();
    for (const entry of statement.block?.entries ?? []) {
      const keySchema = BOUND_KEYS.find((candidate) => candidate.key === entry.key.name);
      if (!keySchema) {
        this.reportUnknownKey(entry, BOUND_KEYS, 'the bound block');
        continue;
      }
      if (!this.checkBlockDuplicate(entry, blockKeys)) {
        continue;
      }
      const symbol = { name: entry.symbol?.name ?? keySchema.symbol ?? entry.key.name, span: entry.symbol?.span };
      experiment.boundSettings[entry.key.name] = this.makeSetting(entry.key.name, entry.key.span, symbol, entry.value, entry.span, entry.broken, Collector.NUMBER_ONLY);
    }
  }

  private check(statement: Extract<StatementNode, { kind: 'check' }>, experiment: Experiment): void {
    experiment.check.span ??= statement.span;
    for (const entry of statement.block?.entries ?? []) {
      const keySchema = CHECK_KEYS.find((candidate) => candidate.key === entry.key.name);
      if (!keySchema) {
        this.reportUnknownKey(entry, CHECK_KEYS, 'the check block');
        continue;
      }
      if (!this.claimKey(`check.${entry.key.name}`, `\`${entry.key.name}\``, entry.key.span, entry.span)) {
        continue;
      }
      if (entry.symbol) {
        this.diagnostics.push(errorAt(entry.symbol.span, Codes.wrongKind, `\`${entry.key.name}\` binds no symbol; write \`${entry.key.name} = VALUE\`.`, [deleteFix(entry.symbol.span, 'Delete the symbol')]));
      }
      const accepts = { list: keySchema.kind === 'list', string: false, what: keySchema.kind === 'list' ? 'a list or a count' : 'a number' };
      const setting = this.makeSetting(entry.key.name, entry.key.span, undefined, entry.value, entry.span, entry.broken, accepts);
      if (setting.broken) {
        experiment.hasBrokenStatements = true;
      }
      if (entry.key.name === 'seeds') {
        experiment.check.seeds = setting.list
          ? { kind: 'list', values: setting.list, span: entry.span }
          : { kind: 'count', count: setting.expression, span: entry.span };
        if (setting.broken) {
          experiment.check.seeds = undefined;
        }
      } else if (entry.key.name === 'test_samples') {
        experiment.check.testSamples = setting;
      } else {
        experiment.check.extra[entry.key.name] = setting;
      }
    }
  }

  // ------------------------------------------------------------ claims, sweeps, lets

  private claimTerm(node: ExpressionNode): ClaimTerm {
    if (CLAIM_QUANTITIES.includes(node.text)) {
      return { kind: 'quantity', quantity: node.text as 'single' | 'multi' | 'ratio' | 'advantage', span: node.span };
    }
    return { kind: 'expression', expression: this.expressionRef(node) };
  }

  private claim(statement: Extract<StatementNode, { kind: 'claim' }>, experiment: Experiment): void {
    if (statement.broken || !statement.left || !statement.right || !statement.comparison) {
      return;
    }
    const left = this.claimTerm(statement.left);
    const right = this.claimTerm(statement.right);
    if (left.kind === 'expression' && right.kind === 'expression') {
      this.diagnostics.push(
        errorAt(
          statement.span,
          Codes.invalidClaimTerm,
          `A claim compares a bound quantity (${listNames(CLAIM_QUANTITIES)}) with another term; this one has none.`,
        ),
      );
      return;
    }
    const claim: Claim = {
      left,
      comparison: statement.comparison.operator,
      right,
      text: this.text.slice(statement.span.start, statement.span.end),
      span: statement.span,
      definedIn: this.experimentName,
    };
    experiment.claims.push(claim);
  }

  private sweep(statement: Extract<StatementNode, { kind: 'sweep' }>, experiment: Experiment): void {
    if (statement.broken || !statement.symbol || !statement.values) {
      experiment.hasBrokenStatements = true;
      return;
    }
    const symbol = statement.symbol.name;
    if (!this.claimKey(`sweep.${symbol}`, `The sweep of \`${symbol}\``, statement.symbol.span, statement.span)) {
      return;
    }
    if (statement.values.items.length === 0) {
      this.diagnostics.push(errorAt(statement.values.span, Codes.emptySweep, `The sweep of \`${symbol}\` has no values; list at least one.`));
      return;
    }
    experiment.sweeps.push({
      symbol,
      symbolSpan: statement.symbol.span,
      values: statement.values.items.map((item) => this.expressionRef(item)),
      span: statement.span,
      definedIn: this.experimentName,
    });
  }

  private let(statement: Extract<StatementNode, { kind: 'let' }>, experiment: Experiment): void {
    if (!statement.symbol) {
      experiment.hasBrokenStatements = true;
      return;
    }
    const symbol = statement.symbol.name;
    if (!this.claimKey(`let.${symbol}`, `\`let ${symbol}\``, statement.symbol.span, statement.span)) {
      return;
    }
    experiment.lets[symbol] = this.makeSetting('let', statement.keyword.span, { name: symbol, span: statement.symbol.span }, statement.value, statement.span, statement.broken, Collector.NUMBER_ONLY);
  }
}

/** Schema of a top-level setting statement (`sources`, `confidence`, `samples` or `samples per_source`). */
function settingSchema(keyword: string, isPerSource: boolean): KeySchema {
  if (keyword === 'sources') {
    return SOURCES;
  }
  if (keyword === 'confidence') {
    return CONFIDENCE;
  }
  return isPerSource ? PER_SOURCE : SAMPLES;
}

/** Value kinds as messages name them. */
const KIND_DESCRIPTIONS: Record<KeySchema['kind'], string> = {
  list: 'a list',
  identifier: 'a name',
  number: 'a number',
  integer: 'a number',
};
