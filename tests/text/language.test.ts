import { describe, expect, it } from 'vitest';
import { inputProblem, INPUT_PROBLEM_MESSAGES, type InputProblem } from '../../src/text/language.ts';

describe('inputProblem', () => {
  it.each<[string, InputProblem | null, string]>([
    // [question, problem, why]
    ['what did stoltenberg say about nukes', null, 'English, however casual'],
    ['Putin?', null, 'a bare name is read as English'],
    ['wat did stoltenbreg say', null, 'typos are still English'],
    ['¿Qué dijo la OTAN sobre las armas nucleares?', 'not-english', 'Spanish function words: qué, la, sobre, las'],
    ['Que dit le secrétaire général de l’OTAN ?', 'not-english', 'French: que, le, de'],
    ['Was hat Stoltenberg über die Mobilisierung gesagt?', 'not-english', 'German: was, hat, über, die'],
    ['Что сказал Столтенберг?', 'not-english', 'Cyrillic script'],
    ['普京说了什么？', 'not-english', 'Chinese script'],
    ['what did Путин say about the war', null, 'a name in another script inside English'],
    ['🤔🤔🔥', 'no-words', 'emoji only'],
    ['?!…', 'no-words', 'punctuation only'],
    ['<@123456789>', 'no-words', 'a mention alone is no question'],
  ])('GIVEN %j THEN the problem is %j (%s)', (question, problem) => {
    expect(inputProblem(question)).toBe(problem);
  });

  it('GIVEN another language THEN the member is told, in the words the issue asks for', () => {
    expect(INPUT_PROBLEM_MESSAGES['not-english']).toBe('I can only answer questions in English.');
  });
});
