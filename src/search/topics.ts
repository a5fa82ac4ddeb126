/**
 * What the stories are about, for suggestions when a question is not covered and for
 * autocomplete: the headlines, the people, places and organisations they name most, the words
 * they use most, and questions built from those ("What did Stoltenberg say?").
 */
import type { Article } from '../types.ts';
import type { EntityKind } from './entities.ts';
import type { PassageIndex } from './passage-index.ts';
import { isStopWord } from '../text/stop-words.ts';
import { splitWords } from '../text/words.ts';

/** The kinds of topic, for checking a topic list read back from disk. */
export const TOPIC_KINDS = ['title', 'question', 'name', 'phrase', 'word'] as const;

/** Whether data read back from disk is a topic list. */
export function isTopicList(data: unknown): data is Topic[] {
  return (
    Array.isArray(data) &&
    data.every((topic: Partial<Topic>) => typeof topic.text === 'string' && TOPIC_KINDS.includes(topic.kind as Topic['kind']) && typeof topic.weight === 'number')
  );
}

/** A topic a story covers. */
export interface Topic {
  /** As shown to a user: a headline, a name, a word, or a question. */
  text: string;
  kind: (typeof TOPIC_KINDS)[number];
  /** How prominent it is (occurrences, weighted); higher first. */
  weight: number;
}

/** Paragraphs per article mined for topics: a story's top names its subject (and keeps large corpora cheap). */
const TOPIC_PARAGRAPHS = 8;
/** Words said to mark a speaker ("Putin said", "said Stoltenberg"). */
const SPEECH = /^(?:said|says|added|told|stated|warned|announced|declared)$/;

/** Words of a phrase topic: two or three content words in a row ("nuclear weapons"). */
const PHRASE_WORDS = [2, 3] as const;
/** Phrase and word topics kept: enough for autocomplete to find what a member starts typing. */
const MAX_PHRASES = 150;
const MAX_WORDS = 200;

/**
 * The topics of a corpus, most prominent first, without duplicates. `speakers` (most quoted
 * first, from speaker attribution) turns into "What did X say?" questions; without it, names
 * found next to a speech verb do.
 */
export function findTopics(articles: readonly Article[], index: PassageIndex, speakers?: readonly string[]): Topic[] {
  const names = new Map<string, { text: string; kind: EntityKind; count: number; speaker: number }>();
  const words = new Map<string, { text: string; count: number }>();
  const phrases = new Map<string, { text: string; count: number }>();
  const offsets = new Map<string, number>();
  let offset = 0;
  for (const passage of index.passages) offsets.set(passage.id, offset++);
  for (const article of articles) {
    for (const passage of article.passages.slice(0, TOPIC_PARAGRAPHS)) {
      const id = offsets.get(passage.id);
      const profile = id === undefined ? undefined : index.profile(id);
      for (const [sentenceIndex, entities] of (profile?.entities ?? []).entries()) {
        const sentence = passage.sentences[sentenceIndex];
        for (const entity of entities) {
          if (entity.kind === 'date' || entity.kind === 'period' || entity.kind === 'number' || entity.kind === 'money') continue;
          const text = passage.text.slice(entity.start, entity.end).replace(/['’]s$/, '');
          const key = text.toLowerCase();
          const entry = names.get(key) ?? { text, kind: entity.kind, count: 0, speaker: 0 };
          entry.count += 1;
          const around = sentence ? passage.text.slice(Math.max(sentence.start, entity.start - 12), Math.min(sentence.end, entity.end + 12)) : '';
          if (splitWords(around).some((word) => SPEECH.test(word.lower))) entry.speaker += 1;
          names.set(key, entry);
        }
      }
      const passageWords = splitWords(passage.text);
      for (const word of passageWords) {
        if (isStopWord(word.lower) || word.lower.length < 4 || /\d/.test(word.lower) || index.properWords.has(word.lower)) continue;
        const entry = words.get(word.lower) ?? { text: word.lower, count: 0 };
        entry.count += 1;
        words.set(word.lower, entry);
      }
      for (const text of phrasesOf(passage.text, passageWords)) {
        const entry = phrases.get(text.toLowerCase()) ?? { text, count: 0 };
        entry.count += 1;
        phrases.set(text.toLowerCase(), entry);
      }
    }
  }
  // Headlines above everything (the largest finite weight, so a topic list survives JSON).
  const topics: Topic[] = articles.map((article) => ({ text: article.title, kind: 'title', weight: Number.MAX_VALUE }));
  const ranked = [...names.values()].filter((name) => name.text.length > 1).sort((a, b) => b.count - a.count);
  // The most quoted first, above every name: who said what is what members ask most.
  const top = ranked[0]?.count ?? 0;
  const quoted = speakers ?? [];
  quoted.forEach((speaker, rank) => {
    topics.push({ text: `What did ${speaker} say?`, kind: 'question', weight: top + quoted.length - rank });
  });
  for (const name of ranked) {
    if (!speakers && name.speaker > 0 && (name.kind === 'person' || name.kind === 'name')) {
      topics.push({ text: `What did ${name.text} say?`, kind: 'question', weight: name.count + name.speaker });
    }
    topics.push({ text: name.text, kind: 'name', weight: name.count });
  }
  for (const phrase of [...phrases.values()].sort((a, b) => b.count - a.count).slice(0, MAX_PHRASES)) {
    topics.push({ text: phrase.text, kind: 'phrase', weight: phrase.count / 2 });
  }
  for (const word of [...words.values()].sort((a, b) => b.count - a.count).slice(0, MAX_WORDS)) {
    topics.push({ text: word.text, kind: 'word', weight: word.count / 3 });
  }
  const seen = new Set<string>();
  return topics
    .sort((a, b) => b.weight - a.weight)
    .filter((topic) => {
      const key = topic.text.toLowerCase();
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

/**
 * Runs of two or three content words with only spaces between them, as written ("nuclear
 * weapons", "proper command"): what a member starts typing when looking for a subject.
 */
function phrasesOf(text: string, words: readonly ReturnType<typeof splitWords>[number][]): string[] {
  const found: string[] = [];
  // Common words only: names are topics of their own, and "Putin added" is no subject.
  const content = (word: (typeof words)[number]) =>
    /^\p{Ll}/u.test(word.surface) && !isStopWord(word.lower) && !SPEECH.test(word.lower) && word.lower.length > 2;
  for (let first = 0; first < words.length; first++) {
    for (const size of PHRASE_WORDS) {
      const run = words.slice(first, first + size);
      if (run.length < size || !run.every(content)) continue;
      const joined = run.every((word, i) => i === 0 || /^ +$/.test(text.slice(run[i - 1]?.end ?? 0, word.start)));
      if (joined) found.push(text.slice(run[0]?.start ?? 0, run.at(-1)?.end ?? 0));
    }
  }
  return found;
}
