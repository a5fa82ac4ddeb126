import { describe, expect, it } from 'vitest';
import { MEMBER_WORDS, toStoryWords } from '../../../src/search/lexicon/member-words.ts';

/** [member's question, what it became, why] — one row per entry of member-words.json at least. */
const REWRITES: readonly (readonly [string, string, string])[] = [
  ['how many ppl is putin drafting', 'how many people is putin calling up', '"ppl" is chat for people; news calls drafting soldiers "calling up"'],
  ['is u safe', 'is you safe', '"u" is chat for you'],
  ['r russian troops well equipped', 'are russian troops well equipped', '"r" is chat for are'],
  ['is ur aid late', 'is your aid late', '"ur" is chat for your'],
  ['what did he do w/ the money', 'what did he do with the money', '"w/" is shorthand for with'],
  ['a deal w/o Ukraine', 'a deal without Ukraine', '"w/o" is shorthand for without, and wins over "w/"'],
  ['why b/c of what', 'why because of what', '"b/c" is shorthand for because'],
  ['bc he lost', 'because he lost', '"bc" is chat for because'],
  ['cuz he lost', 'because he lost', '"cuz" is chat for because'],
  ['what abt putin', 'what about putin', '"abt" is chat for about'],
  ['tho he won', 'though he won', '"tho" is chat for though'],
  ['thru the winter', 'through the winter', '"thru" is an informal spelling of through'],
  ['are they gonna win', 'are they going to win', '"gonna" is spoken going to'],
  ['do they wanna talk', 'do they want to talk', '"wanna" is spoken want to'],
  ['they gotta stop', 'they got to stop', '"gotta" is spoken got to'],
  ['what did the govt say', 'what did the government say', '"govt" abbreviates government'],
  ["what did the gov't say", 'what did the government say', '"gov\'t" abbreviates government'],
  ['any intl reaction', 'any international reaction', '"intl" abbreviates international'],
  ['what did the pres say', 'what did the president say', '"pres" abbreviates president'],
  ['what did the prez say', 'what did the president say', '"prez" is slang for president'],
  ['wat did stoltenbreg say', 'what did stoltenbreg say', '"wat" is a typo of what: never a word for the story\'s own typo "wat" to match'],
  ['wut happened', 'what happened', '"wut" is chat for what'],
  ["so where'd the US end up", 'so where did the US end up', '"where\'d" is where did: a question word, not a content word'],
  ["how'd he crash it", 'how did he crash it', '"how\'d" is how did'],
  ["what'd nato say", 'what did nato say', '"what\'d" is what did'],
  ["when'd it get stolen", 'when did it get stolen', '"when\'d" is when did: the question asks for a date'],
  ["why'd they sell", 'why did they sell', '"why\'d" is why did'],
  ['wot happened', 'what happened', '"wot" is British chat for what'],
  ['whos stoltenberg', 'who is stoltenberg', '"whos" is who\'s without its apostrophe'],
  ['whats nato', 'what is nato', '"whats" is what\'s without its apostrophe'],
  ['first since ww2', 'first since World War Two', '"ww2" abbreviates the Second World War'],
  ['first since WWII', 'first since World War Two', '"WWII" likewise, in capitals'],
  ['since ww1', 'since World War One', '"ww1" abbreviates the First World War'],
  ['since wwi', 'since World War One', '"wwi" likewise'],
  ['do the allies need more ammo', 'do the allies need more ammunition', '"ammo" is short for ammunition'],
  ['any info on losses', 'any information on losses', '"info" is short for information'],
  ['is putin serious about nukes', 'is putin serious about nuclear weapons', 'stories write "nuclear weapons"'],
  ['will they use a nuke', 'will they use a nuclear weapon', 'stories write "nuclear weapon"'],
  ["what's NATO's boss saying", "what's NATO's chief saying", 'stories call the head of an organisation its chief'],
  ['first since world war 2', 'first since World War Two', 'stories spell the number out'],
  ['since world war ii', 'since World War Two', 'Roman numerals, spelled out'],
  ['since world war 1', 'since World War One', 'the First World War, spelled out'],
  ['since world war i', 'since World War One', 'the First World War in Roman numerals'],
  ['does russia have enough weapons to hit back', 'does russia have enough weapons to reply', 'stories say "reply" or "retaliate"'],
  ['is russia hitting back', 'is russia replying', 'likewise, as a participle'],
  ['who is the biggest arms maker', 'who is the biggest defense industry', 'stories say "defense industry"'],
  ['is nato talking to arms makers', 'is nato talking to defense industry', 'likewise, plural'],
  ['is nato talking to weapons makers', 'is nato talking to defense industry', 'likewise'],
];

describe('toStoryWords', () => {
  it.each(REWRITES)('GIVEN %j THEN it becomes %j (%s)', (question, became) => {
    expect(toStoryWords(question)).toBe(became);
  });

  it('GIVEN the data file THEN every entry has a row above that shows why', () => {
    const covered = REWRITES.map(([question]) => question.toLowerCase());
    for (const { from } of MEMBER_WORDS) expect(covered.some((question) => new RegExp(`(?:^|[\\s'])${from.replace(/[/]/g, '\\/')}(?:$|[\\s?])`).test(question)), from).toBe(true);
  });

  it.each([
    ['300k dudes', '300,000 dudes', 'stories write thousands in digits: "300,000"'],
    ['costs $1.5m', 'costs $1.5 million', 'millions are written as words'],
    ['a 2bn deal', 'a 2 billion deal', 'billions too'],
    ['the 5km race', 'the 5km race', 'a unit is no amount'],
  ])('GIVEN the amount %j THEN it becomes %j (%s)', (question, became) => {
    expect(toStoryWords(question)).toBe(became);
  });

  it.each([
    ['what did the U.S. say', 'the "u" of U.S. is no chat'],
    ['what did the u.s. say', 'nor in lower case'],
    ['the R&D budget', 'nor the "R" of R&D'],
    ['Wat Arun is a temple', 'a capitalised first word before a capitalised word is a name'],
    ['who runs Ammo Corp', 'a capitalised word inside the question is a name'],
    ['a nuker and a boss-level fight', 'a word that only starts with a key, or is part of a hyphenated word, stays whole'],
  ])('GIVEN %j THEN nothing changes (%s)', (question) => {
    expect(toStoryWords(question)).toBe(question);
  });
});
