/** `msbound lsp --stdio`: the language server, for editors other than VS Code. */
import type { Command } from 'commander';
import { runLanguageServer } from '../../lsp/server';

export function register(program: Command): void {
  program
    .command('lsp')
    .description('start the language server (for Neovim, Helix, Emacs and other LSP clients)')
    .option('--stdio', 'talk LSP over standard input and output (the default)')
    .option('--node-ipc', 'talk LSP over the Node IPC channel of the parent process')
    .action((options: { stdio?: boolean; nodeIpc?: boolean }) => {
      // vscode-languageserver reads the transport flag from process.argv.
      if (!options.nodeIpc && !process.argv.includes('--stdio')) {
        process.argv.push('--stdio');
      }
      runLanguageServer();
    });
}
