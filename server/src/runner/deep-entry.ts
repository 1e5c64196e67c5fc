/**
 * Entry of dist/worker-deep.js: the deep-model trainer and the compute
 * backends, bundled apart from the worker so that Gaussian checks never
 * load (or even parse) TensorFlow.js. The worker loads this file on its
 * first autoregressive or energy point.
 */
export { runDeepSeed } from '../training/index';
export { activateBackend, detectBackends, packageVersion, wasmFolder } from './backends';
