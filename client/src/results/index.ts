/** The results panel, for the client: `showResultsPanel(context, data)`. */
export { showResultsPanel } from './panel';
export type { ResultsPanelData } from '../../../server/src/lsp/checks/panel-data';
