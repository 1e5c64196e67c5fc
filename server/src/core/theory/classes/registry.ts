/**
 * Registry of model-class theories, by model class: the Gaussian class
 * (Lemma B) and the autoregressive and energy-based classes (Lemma A).
 * Tests may register their own.
 */
import type { ModelClass } from '../../semantics/model';
import { autoregressiveTheory } from './autoregressive';
import { energyTheory } from './energy';
import { gaussianTheory } from './gaussian';
import type { ModelClassTheory } from './types';

const BUILT_IN_THEORIES: ModelClassTheory[] = [gaussianTheory, autoregressiveTheory, energyTheory];

const theories = new Map<ModelClass, ModelClassTheory>(BUILT_IN_THEORIES.map((theory) => [theory.modelClass, theory]));

/** Adds or replaces the theory of one model class. */
export function registerModelClassTheory(theory: ModelClassTheory): void {
  theories.set(theory.modelClass, theory);
}

/** Returns the theory of a model class, or undefined when none is registered. */
export function modelClassTheory(modelClass: ModelClass): ModelClassTheory | undefined {
  return theories.get(modelClass);
}
