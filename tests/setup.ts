/**
 * Property tests explore with a fixed seed, so a run is repeatable and CI never fails on a case
 * no one can reproduce. Set FC_SEED to explore other cases (fast-check prints the seed of a failure).
 */
import fc from 'fast-check';

fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 20_261_125) });
