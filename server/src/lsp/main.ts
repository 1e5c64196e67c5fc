/**
 * Entry point of dist/server.js: starts the language server on the
 * transport named on the command line (`--stdio` or `--node-ipc`).
 */
import { runLanguageServer } from './server';

runLanguageServer();
