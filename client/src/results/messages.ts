/** Messages between the results panel (extension side) and its webview script. */
import type { ResultsPanelData } from '../../../server/src/lsp/checks/panel-data';

export type ToPanel = { type: 'data'; data: ResultsPanelData };

export type FromPanel =
  | { type: 'ready' }
  /** SVG text, or PNG bytes in base64. */
  | { type: 'export'; experiment: string; format: 'svg' | 'png'; content: string }
  | { type: 'error'; message: string };
