/** Every set `npm run eval` prints, in order. A new set is a module beside these and a line here. */
import type { QualitySet } from '../report.ts';
import { casualSet } from './casual.ts';
import { devSet } from './dev.ts';
import { extractionSet } from './extraction.ts';
import { pagesSet } from './pages.ts';
import { rankerSet } from './ranker.ts';
import { seedAmongPagesSet } from './seed-among-pages.ts';
import { squadSet } from './squad.ts';

export const SETS: readonly QualitySet[] = [devSet, casualSet, pagesSet, seedAmongPagesSet, squadSet, rankerSet, extractionSet];
