/**
 * Open documents and their analyses. An analysis is computed once per
 * document version and settings generation, on first use, so every
 * request on the same version reuses it; across versions, experiments
 * that an edit did not touch keep their analysis (see IncrementalAnalyzer).
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Analysis, AnalysisOptions } from '../core/analysis';
import { IncrementalAnalyzer } from '../core/ide/incremental';
import { buildIdeDocument, type IdeDocument } from '../core/ide/document';

export interface DocumentState {
  uri: string;
  version: number;
  document: TextDocument;
  /** Analysis and syntax of this version, computed on first use. */
  ide?: IdeDocument;
  /** Settings generation the cached analysis was computed with. */
  generation: number;
  /** Per-family analyses of earlier versions, reused for experiments an edit did not touch. */
  analyzer: IncrementalAnalyzer;
}

export class DocumentStore {
  private readonly states = new Map<string, DocumentState>();
  private generation = 0;
  private options: AnalysisOptions = {};

  open(uri: string, languageId: string, version: number, text: string): DocumentState {
    const state: DocumentState = { uri, version, document: TextDocument.create(uri, languageId, version, text), generation: -1, analyzer: new IncrementalAnalyzer() };
    this.states.set(uri, state);
    return state;
  }

  /** Applies full or incremental changes (LSP content changes, UTF-16 ranges). */
  change(uri: string, version: number, changes: Parameters<typeof TextDocument.update>[1]): DocumentState | undefined {
    const state = this.states.get(uri);
    if (!state) {
      return undefined;
    }
    state.document = TextDocument.update(state.document, changes, version);
    state.version = version;
    state.ide = undefined;
    return state;
  }

  close(uri: string): void {
    this.states.delete(uri);
  }

  get(uri: string): DocumentState | undefined {
    return this.states.get(uri);
  }

  uris(): string[] {
    return [...this.states.keys()];
  }

  /** Replaces the analysis defaults; every cached analysis becomes outdated. */
  setOptions(options: AnalysisOptions): void {
    this.options = options;
    this.generation++;
  }

  /** Analysis and syntax of the document's current version. */
  ide(uri: string): IdeDocument | undefined {
    const state = this.states.get(uri);
    if (!state) {
      return undefined;
    }
    if (!state.ide || state.generation !== this.generation) {
      const text = state.document.getText();
      state.ide = buildIdeDocument(text, state.analyzer.analyze(text, this.options));
      state.generation = this.generation;
    }
    return state.ide;
  }

  analysis(uri: string): Analysis | undefined {
    return this.ide(uri)?.analysis;
  }
}
