/**
 * One article's share of the corpus, as abstaining weighs it: the index terms its passages use
 * (read from the postings, so nothing new is stored) and the broader words of its words. Whether
 * the story covers a question is judged in the article that would answer it: a question whose
 * name is in one story and whose subject is in another is covered by neither, however many
 * stories join the corpus.
 */
import type { Passage } from '../types.ts';
import type { Lexicon } from './lexicon/lexicon.ts';
import type { TermScope } from './lexicon/word-forms.ts';
import type { CompactPostings } from './postings/compact-postings.ts';
import type { PassageRange } from './postings/term-scorer.ts';
import { stem } from '../text/stem.ts';
import { splitWords } from '../text/words.ts';

/** Cap on remembered articles' broader words. */
const SCOPE_CACHE_SIZE = 1_000;

/** Whether an ascending list of passage ids holds one in `[first, end)`. */
function holdsIn(ids: Int32Array, [first, end]: PassageRange): boolean {
  let low = 0;
  let high = ids.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((ids[middle] ?? 0) < first) low = middle + 1;
    else high = middle;
  }
  return low < ids.length && (ids[low] ?? 0) < end;
}

/** The term scopes of articles, each worked out when first asked for. */
export class ArticleScopes {
  readonly #postings: CompactPostings;
  readonly #passages: readonly Passage[];
  readonly #broader: Lexicon['broader'];
  readonly #cache = new Map<string, TermScope>();

  constructor(postings: CompactPostings, passages: readonly Passage[], broader: Lexicon['broader']) {
    this.#postings = postings;
    this.#passages = passages;
    this.#broader = broader;
  }

  /** The scope of the passages `range` (an article's). */
  of(range: PassageRange): TermScope {
    const key = `${range[0]}:${range[1]}`;
    const cached = this.#cache.get(key);
    if (cached) return cached;
    const postings = this.#postings;
    const fields = postings.fieldNames;
    let hypernyms: Set<string> | undefined;
    const passages = this.#passages;
    const broader = this.#broader;
    const scope: TermScope = {
      has: (term) =>
        fields.some((field) => {
          const found = postings.postings(term, field);
          return found !== undefined && holdsIn(found.ids, range);
        }),
      // Worked out only when a question word is not in the article itself.
      get hypernyms() {
        if (hypernyms) return hypernyms;
        hypernyms = new Set();
        const words = new Set<string>();
        for (const passage of passages.slice(range[0], range[1])) for (const word of splitWords(passage.text)) words.add(word.lower);
        for (const word of words) for (const term of broader[word] ?? []) hypernyms.add(stem(term));
        return hypernyms;
      },
    };
    if (this.#cache.size >= SCOPE_CACHE_SIZE) this.#cache.clear();
    this.#cache.set(key, scope);
    return scope;
  }
}
