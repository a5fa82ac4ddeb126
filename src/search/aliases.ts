/**
 * Titles as names: a story introduces a person once with an apposition ("Jens Stoltenberg, NATO's
 * secretary general,") and then calls them by name ("Stoltenberg, speaking to Reuters…"), while a
 * reader asks by title ("Which news agency interviewed the secretary general?"). The aliases found
 * here let a question's title match the passages that use the name, and tell the answer typing
 * that the name (and the possessor in the title, "NATO") is what the question already names.
 * Worked out from the story's text when the index is built: no WordNet at query time.
 */
import { stem, wordTerms } from '../text/stem.ts';
import { isStopWord } from '../text/stop-words.ts';
import { splitWords, type Word } from '../text/words.ts';

/** A title the story gives a named person. */
export interface Alias {
  /** The title's words, lower case ("secretary", "general"): the key a question phrase matches. */
  title: string[];
  /** Index terms of the name ("jens", "stoltenberg"): what other passages call the person. */
  name: string[];
  /** Index terms of the title's possessor ("nato" in "NATO's secretary general"). */
  possessor: string[];
}

/** Most words in a title ("deputy prime minister", "editor in chief"). */
const MAX_TITLE_WORDS = 4;

/** Words that may open a title without being part of it. */
const DETERMINERS = /^(?:the|a|an|its|their|his|her)$/;

/** Short function words a title may hold inside ("editor in chief", "secretary of state"). */
const TITLE_LINKS = /^(?:of|in|for|at)$/;

/** Participles open clauses ("including poet", "married"), not titles. */
const PARTICIPLE = /(?:ing|ed)$/;

/** True when the word is written with a capital (or in capitals). */
const capitalised = (word: Word) => word.acronym || /^\p{Lu}/u.test(word.surface);

/**
 * Appositions of the form `Name, [Possessor's] [the] title,` whose name is written with capitals
 * where the story's proper names are (`isProperName`) and whose title ends in a noun that names a
 * kind of person (`isPersonNoun`, from WordNet's hypernyms at build time). Keyed by the title's
 * words joined by spaces; a title given to two people is dropped as ambiguous.
 */
export function findAliases(texts: Iterable<string>, isPersonNoun: (lower: string) => boolean, isProperName: (word: Word) => boolean): Map<string, Alias> {
  const found = new Map<string, Alias | null>();
  for (const text of texts) {
    const words = splitWords(text);
    const gap = (a: Word | undefined, b: Word | undefined) => (a && b ? text.slice(a.end, b.start) : '');
    for (let i = 0; i < words.length; i += 1) {
      // The name: a run of capitalised words, ending at a comma.
      let end = i;
      if (!isProperName(words[i] as Word)) continue;
      while (end + 1 < words.length && isProperName(words[end + 1] as Word) && /^\s+$/.test(gap(words[end], words[end + 1]))) end += 1;
      if (!/^\s*,\s*$/.test(gap(words[end], words[end + 1]))) {
        i = end;
        continue;
      }
      let at = end + 1;
      // An optional possessor: "NATO's".
      const possessor: string[] = [];
      const owner = words[at];
      if (owner && capitalised(owner) && /['’]s$/.test(owner.surface)) {
        possessor.push(...wordTerms(owner));
        at += 1;
      }
      if (DETERMINERS.test(words[at]?.lower ?? '') && /^\s+$/.test(gap(words[at], words[at + 1]))) at += 1;
      const title: Word[] = [];
      while (at < words.length && title.length < MAX_TITLE_WORDS) {
        const word = words[at] as Word;
        const inside = title.length > 0 && TITLE_LINKS.test(word.lower);
        if (capitalised(word) || /^\p{N}/u.test(word.lower) || PARTICIPLE.test(word.lower) || (isStopWord(word.lower) && !inside)) break;
        title.push(word);
        const after = gap(word, words[at + 1]);
        at += 1;
        if (!/^\s+$/.test(after)) break;
      }
      const head = title.at(-1);
      const closing = head ? text.slice(head.end, words[at]?.start ?? text.length) : '';
      if (head && /^\s*(?:[,.;:)]|$)/.test(closing) && !TITLE_LINKS.test(head.lower) && isPersonNoun(head.lower)) {
        const key = title.map((word) => word.lower).join(' ');
        const name = words.slice(i, end + 1).flatMap(wordTerms);
        const previous = found.get(key);
        if (previous === undefined) found.set(key, { title: title.map((word) => word.lower), name, possessor });
        else if (previous !== null && previous.name.join(' ') !== name.join(' ')) found.set(key, null);
      }
      i = end;
    }
  }
  const aliases = new Map<string, Alias>();
  for (const [key, alias] of found) if (alias) aliases.set(key, alias);
  return aliases;
}

/** Stems of a title's words that carry content (for matching a question's words). */
export function titleTerms(alias: Alias): string[] {
  return alias.title.filter((word) => !TITLE_LINKS.test(word)).map(stem);
}
