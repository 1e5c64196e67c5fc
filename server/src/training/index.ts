/**
 * Empirical checks of the deep model classes with TensorFlow.js. Kept out
 * of the pure analysis core because it loads tfjs and its WebAssembly
 * binaries. Summaries and verdicts reuse the simulation's summarizePoint.
 */
export { runDeepSeed, deepProblemAt, DeepCheckError, type DeepSeedOptions } from './run-seed';
export { useTrainingBackend, wasmBinaryDirectory, TRAINING_BACKENDS } from './backend';
export { TrainingAbortedError } from './train';
