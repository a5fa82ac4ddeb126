import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createAnswerer, matchTopics, MAX_SUGGESTION_LENGTH, type SpeakerSource } from '../../src/answer/answer.ts';
import { loadCorpus } from '../../src/corpus/load.ts';
import { DEFAULT_CORPUS_DIR } from '../../src/paths.ts';
import { INPUT_PROBLEM_MESSAGES } from '../../src/text/language.ts';
import type { Article } from '../../src/types.ts';

const articles = loadCorpus(DEFAULT_CORPUS_DIR);
const [seed] = articles as [Article];
const answerer = createAnswerer(articles);
const firstParagraph = (question: string) => answerer.ask(question).quotes[0]?.paragraph;

describe('the ranking set: which paragraph of the seed article answers first, and why', () => {
  it.each([
    // Only paragraph 2 mentions reservists, and it holds the number the question asks for (300,000).
    ['How many reservists will Putin call up?', [2]],
    // Paragraph 5 is the only one where Stoltenberg answers the nuclear threat ("dangerous and reckless rhetoric").
    ["What did Stoltenberg call Putin's nuclear threat?", [5]],
    // "speak" matches "speaking to Reuters" and the place asked for (New York) is in paragraph 6.
    ['Where did Stoltenberg speak to Reuters?', [6]],
    // British "mobilisation" must find the story's "mobilization ... cost more lives".
    ['What will the mobilisation cost?', [6]],
    // British "realise" must find "When he realizes that, he has to sit down and negotiate".
    ['What must Putin realise before he negotiates?', [13]],
    // "equipped" must find the hyphenated "ill-equipped" in paragraph 11.
    ["Is Russia's army well equipped?", [11]],
    // A bare keyword: the only paragraph with the word.
    ['reservists', [2]],
    // Two names that stand together only in paragraph 6.
    ['Stoltenberg New York', [6]],
    // "replenish" occurs only in paragraph 14.
    ['What does NATO need to replenish?', [14]],
    // A person asked for: Alessandra Galloni, Reuters' editor in chief, in paragraph 6.
    ['Who is the editor in chief of Reuters?', [6]],
    // "mistake" is the broader word for "miscalculation" (paragraph 9) and "miscalculated" (paragraph 7).
    ['Why is NATO sure Putin made a mistake?', [7, 9]],
    // "possess" occurs only in paragraph 4.
    ['What does Russia possess?', [4]],
    // Paragraph 5 holds "secretary general" word for word, but only to introduce Stoltenberg; the
    // apposition makes "Stoltenberg" the secretary general, and paragraph 6 has him "speaking to
    // Reuters" (the agency asked for). NATO, the title's possessor, is no answer.
    ['Which news agency interviewed the secretary general?', [6]],
    // "What kind of alliance": paragraph 1 qualifies it ("transatlantic military alliance") next to
    // NATO; paragraph 14 only says "the alliance".
    ['What kind of alliance is NATO?', [1]],
  ])('GIVEN %j THEN the first quote comes from paragraph %j', (question, paragraphs) => {
    expect(paragraphs).toContain(firstParagraph(question));
  });
});

describe('answering', () => {
  it('GIVEN a long paragraph THEN quotes its best sentence, exact words of the article', () => {
    const quote = answerer.ask('What did Putin tell the West?').quotes[0];
    expect(quote?.paragraph).toBe(2);
    expect(seed.text).toContain(quote?.text);
    expect(quote?.title).toBe(seed.title);
    expect(quote?.article).toBe(seed.id);
  });

  it('GIVEN a short paragraph THEN quotes it whole', () => {
    const quote = answerer.ask('What does Russia possess?').quotes[0];
    expect(quote?.text).toBe(seed.passages[3]?.text);
  });

  it('GIVEN quotes THEN they come best first, one per paragraph, at most the limit', () => {
    const { quotes } = answerer.ask('What did Stoltenberg say about Putin?', { limit: 3 });
    expect(quotes.length).toBeGreaterThan(1);
    expect(quotes.length).toBeLessThanOrEqual(3);
    expect(quotes.map((quote) => quote.score)).toEqual([...quotes.map((quote) => quote.score)].sort((a, b) => b - a));
    expect(new Set(quotes.map((quote) => quote.paragraph)).size).toBe(quotes.length);
  });

  it('GIVEN injected statements THEN each quote carries the speaker they give for that stretch', () => {
    const calls: [number, number, number][] = [];
    const statements: SpeakerSource = {
      speakerAt(passage, start, end) {
        calls.push([passage.paragraph, start, end]);
        return passage.text.slice(start, end).includes('Putin said') ? 'Putin' : null;
      },
    };
    const withSpeakers = createAnswerer(articles, { statements });
    const quote = withSpeakers.ask('What means will Russia use if its territory is threatened?').quotes[0];
    expect(quote?.speaker).toBe('Putin');
    const [paragraph, start, end] = calls[0] ?? [0, 0, 0];
    expect(seed.passages[paragraph - 1]?.text.slice(start, end)).toBe(quote?.text);
  });

  it.each([
    ['empty after stop words', 'what is the'],
  ])('GIVEN a question that is %s THEN it is not answered, with suggestions', (_case, question) => {
    const answer = answerer.ask(question);
    expect(answer).toMatchObject({ answered: false, quotes: [] });
    expect(answer.suggestions.length).toBeGreaterThan(0);
    expect(answer.refusal).toBeUndefined();
  });

  it.each([
    ['punctuation only', '?!…', INPUT_PROBLEM_MESSAGES['no-words']],
    ['emoji only', '🤔🔥', INPUT_PROBLEM_MESSAGES['no-words']],
    ['another script', 'Путин?', 'I can only answer questions in English.'],
    ['another language', '¿Qué dijo la OTAN sobre Putin?', 'I can only answer questions in English.'],
  ])('GIVEN a question that is %s THEN it is refused with why, and no English suggestions', (_case, question, refusal) => {
    expect(answerer.ask(question)).toMatchObject({ answered: false, quotes: [], suggestions: [], refusal });
  });

  it.each([
    ['markdown', '**nuclear** _weapons_?', [2, 4, 5]],
    ['a mention', '@everyone what did Putin announce?', [2]],
    ['unicode quotes', '“Stoltenberg” ‘New York’', [6]],
    ['shouting', 'WHAT DID PUTIN ANNOUNCE?', [2]],
  ])('GIVEN a question with %s THEN it is read for its words', (_case, question, paragraphs) => {
    expect(paragraphs).toContain(firstParagraph(question));
  });

  it('GIVEN a very long question THEN it still answers quickly with exact quotes', () => {
    const question = `${'What did Stoltenberg say about nuclear weapons and reservists? '.repeat(15)}`;
    const started = performance.now();
    const answer = answerer.ask(question);
    expect(performance.now() - started).toBeLessThan(200);
    for (const quote of answer.quotes) expect(seed.text).toContain(quote.text);
  });

  it.each([
    'Who is the president of the United States?',
    'What is the weather in Moscow today?',
    'How many goals did Messi score last season?',
    'What did the Pope say about peace?',
    'What is the population of Kazakhstan?',
    'Recommend a good pizza recipe',
    'Who won the Champions League final?',
    'How do I make lasagna?',
  ])('GIVEN the off-topic %j THEN abstains and suggests what the story covers', (question) => {
    const answer = answerer.ask(question);
    expect(answer.answered).toBe(false);
    expect(answer.quotes).toEqual([]);
    expect(answer.suggestions).toEqual(expect.arrayContaining([seed.title]));
  });

  it('GIVEN the article option THEN only that article is searched, and an unknown id is an error naming it', () => {
    expect(answerer.ask('nuclear', { article: seed.id }).quotes.every((quote) => quote.article === seed.id)).toBe(true);
    expect(() => answerer.ask('nuclear', { article: 'no-such-article' })).toThrow(/no-such-article/);
  });

  it('GIVEN any question THEN every quote is an exact substring of its article', () => {
    const words = ['Putin', 'NATO', 'nuclear', 'troops', 'Ukraine', 'said', 'war', 'the', 'what', 'who', 'when', '300,000', 'Reuters', 'lives', '?', '“', '-'];
    const question = fc.oneof(fc.string({ maxLength: 80 }), fc.array(fc.constantFrom(...words), { maxLength: 12 }).map((parts) => parts.join(' ')));
    fc.assert(
      fc.property(question, fc.integer({ min: 1, max: 6 }), (text, limit) => {
        const answer = answerer.ask(text, { limit });
        expect(answer.quotes.length).toBeLessThanOrEqual(limit);
        expect(answer.answered).toBe(answer.quotes.length > 0);
        for (const quote of answer.quotes) expect(seed.text.includes(quote.text) && quote.text.length > 0).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('suggest', () => {
  it('GIVEN nothing typed THEN offers the headline and the story’s main names, at most the limit', () => {
    const suggestions = answerer.suggest('', 10);
    expect(suggestions).toContain(seed.title);
    expect(suggestions).toEqual(expect.arrayContaining(['Putin', 'NATO']));
    expect(suggestions.length).toBeLessThanOrEqual(10);
  });

  it('GIVEN a prefix THEN offers topics with a word starting with it', () => {
    expect(answerer.suggest('stolt')).toContain('Stoltenberg');
    expect(answerer.suggest('what did').every((suggestion) => suggestion.toLowerCase().startsWith('what did'))).toBe(true);
    expect(answerer.suggest('zzzz')).toEqual([]);
  });

  it('GIVEN a limit above Discord’s 25 THEN still offers at most 25, each at most 100 characters', () => {
    const suggestions = answerer.suggest('', 100);
    expect(suggestions.length).toBeLessThanOrEqual(25);
    for (const suggestion of suggestions) expect(suggestion.length).toBeLessThanOrEqual(MAX_SUGGESTION_LENGTH);
  });

  it('GIVEN topics THEN ranks a topic starting with the entry before one merely containing it', () => {
    const topics = [
      { text: 'the war in Ukraine', kind: 'word' as const, weight: 9 },
      { text: 'Ukraine', kind: 'name' as const, weight: 1 },
    ];
    expect(matchTopics(topics, 'ukr', 5)).toEqual(['Ukraine', 'the war in Ukraine']);
  });
});
