import * as tf from '@tensorflow/tfjs';
import { runDeepSeed, useTrainingBackend } from '../server/src/training/index';
const base = { experiment: 'x', sweepValues: {}, bindings: {}, sourceNames: [], delta: 0.05, preset: 'paper' as const, C: 3, check: { seeds: [1], testSamples: 500 } };
async function main() {
  for (const backend of [process.argv[2] ?? 'wasm']) {
    await useTrainingBackend(backend);
    for (const [cls, settings] of [['autoregressive', { length: 4, vocabulary: 4, hidden: [16], train_steps: 400 }], ['energy', { dim: 1, resolution: 64, hidden: [16], train_steps: 400 }]] as const) {
      for (const K of [1, 3, 5]) {
        const point = { ...base, K, weights: new Array(K).fill(1 / K), n: 200 * K, model: { modelClass: cls, settings: settings as any } };
        const t0 = performance.now();
        const before = tf.memory().numTensors;
        const r = await runDeepSeed(point as any, 3, { backend });
        console.log(cls, backend, 'K', K, JSON.stringify(r), 'ms', Math.round(performance.now() - t0), 'tensors', before, tf.memory().numTensors);
      }
    }
  }
}
main();
