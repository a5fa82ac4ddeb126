/** The one reply path: Discord's limits, clean truncation, no mentions, choices. */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  MAX_AUTOCOMPLETE_CHOICES,
  MAX_CHOICE_NAME,
  MAX_CHOICE_VALUE,
  MAX_EMBED_DESCRIPTION,
  MAX_EMBED_FIELD_NAME,
  MAX_EMBED_FIELD_VALUE,
  MAX_EMBED_FIELDS,
  MAX_EMBED_FOOTER,
  MAX_EMBED_TITLE,
  MAX_EMBED_TOTAL,
} from '../../src/discord/limits.ts';
import { buildReplyPayload, fitChoices, renderButtons, renderEmbed, truncateText } from '../../src/discord/respond.ts';
import type { View } from '../../src/views.ts';

function embedTotal(embed: ReturnType<typeof renderEmbed>): number {
  return (embed.title?.length ?? 0) + (embed.description?.length ?? 0) + (embed.footer?.text.length ?? 0) + (embed.fields ?? []).reduce((sum, field) => sum + field.name.length + field.value.length, 0);
}

function expectWithinLimits(embed: ReturnType<typeof renderEmbed>): void {
  expect(embed.title?.length ?? 0).toBeLessThanOrEqual(MAX_EMBED_TITLE);
  expect(embed.description?.length ?? 0).toBeLessThanOrEqual(MAX_EMBED_DESCRIPTION);
  expect(embed.description?.length ?? 0).toBeGreaterThan(0);
  expect(embed.footer?.text.length ?? 0).toBeLessThanOrEqual(MAX_EMBED_FOOTER);
  expect(embed.fields?.length ?? 0).toBeLessThanOrEqual(MAX_EMBED_FIELDS);
  for (const field of embed.fields ?? []) {
    expect(field.name.length).toBeGreaterThan(0);
    expect(field.name.length).toBeLessThanOrEqual(MAX_EMBED_FIELD_NAME);
    expect(field.value.length).toBeGreaterThan(0);
    expect(field.value.length).toBeLessThanOrEqual(MAX_EMBED_FIELD_VALUE);
  }
  expect(embedTotal(embed)).toBeLessThanOrEqual(MAX_EMBED_TOTAL);
}

describe('truncateText', () => {
  test.each([
    ['short', 10, 'short'],
    ['exactly ten', 11, 'exactly ten'],
    ['the quick brown fox jumps', 20, 'the quick brown fox…'],
    ['abcdefghijklmnopqrstuvwxyz', 10, 'abcdefghi…'],
    // Half an escape would escape the ellipsis or vanish: the backslash goes too.
    ['aaaaaaaa\\*bbbbbbbb', 10, 'aaaaaaaa…'],
    // Half a surrogate pair would be an invalid character.
    ['aaaaaaaa😀bbbb', 10, 'aaaaaaaa…'],
  ])('GIVEN %j cut to %i THEN %j', (input, max, expected) => {
    expect(truncateText(input, max)).toBe(expected);
  });

  test('GIVEN any text and limit THEN the result fits and is the text or a prefix plus "…"', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.integer({ min: 2, max: 300 }), (input, max) => {
        const cut = truncateText(input, max);
        if (cut.length > max) return false;
        return cut === input || (cut.endsWith('…') && input.startsWith(cut.slice(0, -1).trimEnd()));
      }),
    );
  });
});

describe('renderEmbed', () => {
  test('GIVEN text over every limit THEN each part is cut to its limit and the embed to 6,000', () => {
    const view: View = {
      title: 't'.repeat(1_000),
      description: 'word '.repeat(2_000),
      fields: Array.from({ length: 40 }, (_, index) => ({ name: `n${index} `.repeat(100), value: 'v '.repeat(1_000) })),
      footer: 'f'.repeat(3_000),
      tone: 'answer',
    };
    const embed = renderEmbed(view);
    expectWithinLimits(embed);
    expect(embed.description?.endsWith('…')).toBe(true);
    expect(embed.fields?.at(-1)?.name).toBe('More');
    expect(embed.fields?.at(-1)?.value).toMatch(/^\d+ more not shown\.$/);
  });

  test('GIVEN 30 small fields THEN 24 are kept and the 25th says 6 more are not shown', () => {
    const embed = renderEmbed({ description: 'd', fields: Array.from({ length: 30 }, (_, index) => ({ name: `n${index}`, value: 'v' })), tone: 'notice' });
    expect(embed.fields).toHaveLength(MAX_EMBED_FIELDS);
    expect(embed.fields?.[23]?.name).toBe('n23');
    expect(embed.fields?.[24]).toEqual({ name: 'More', value: '6 more not shown.' });
  });

  test('GIVEN exactly 25 fields THEN all are kept', () => {
    const embed = renderEmbed({ description: 'd', fields: Array.from({ length: 25 }, (_, index) => ({ name: `n${index}`, value: 'v' })), tone: 'notice' });
    expect(embed.fields?.map((field) => field.name)).toEqual(Array.from({ length: 25 }, (_, index) => `n${index}`));
  });

  test('GIVEN empty text THEN it is replaced by something Discord accepts', () => {
    const embed = renderEmbed({ description: '', fields: [{ name: ' ', value: '' }], tone: 'notice' });
    expectWithinLimits(embed);
  });

  test('GIVEN a url THEN only an http(s) one is kept, and only with a title', () => {
    expect(renderEmbed({ title: 'T', description: 'd', fields: [], url: 'https://example.com/a', tone: 'answer' }).url).toBe('https://example.com/a');
    expect(renderEmbed({ title: 'T', description: 'd', fields: [], url: 'javascript:alert(1)', tone: 'answer' }).url).toBeUndefined();
    expect(renderEmbed({ description: 'd', fields: [], url: 'https://example.com/a', tone: 'answer' }).url).toBeUndefined();
  });

  test('GIVEN any view THEN the embed is within every limit (property)', () => {
    const text = (max: number) => fc.string({ unit: 'grapheme', maxLength: max });
    const viewArbitrary = fc.record({
      title: fc.option(text(400), { nil: undefined }),
      description: text(6_000),
      fields: fc.array(fc.record({ name: text(300), value: text(1_500) }), { maxLength: 40 }),
      footer: fc.option(text(2_500), { nil: undefined }),
      tone: fc.constantFrom('answer' as const, 'abstain' as const, 'notice' as const, 'error' as const),
    });
    fc.assert(
      fc.property(viewArbitrary, (view) => {
        expectWithinLimits(renderEmbed(view));
      }),
      { numRuns: 200 },
    );
  });
});

describe('buildReplyPayload', () => {
  test('GIVEN any view THEN mentions are off and buttons are rendered', () => {
    const payload = buildReplyPayload({ description: '@everyone <@&1>', fields: [], tone: 'answer' }, { buttons: [{ customId: 'ask:more:1:1', label: 'More quotes', style: 'primary' }] });
    expect(payload.allowedMentions).toEqual({ parse: [] });
    expect(payload.components).toEqual([{ type: 1, components: [{ type: 2, custom_id: 'ask:more:1:1', label: 'More quotes', style: 1 }] }]);
  });

  test('GIVEN no buttons THEN components is an empty list (which clears old buttons on an edit)', () => {
    expect(buildReplyPayload({ description: 'd', fields: [], tone: 'answer' }).components).toEqual([]);
  });

  test('GIVEN a custom id over 100 characters THEN it is a bug, named', () => {
    expect(() => renderButtons([{ customId: 'x'.repeat(101), label: 'L' }])).toThrow(/custom id "x+" is 101 characters; Discord allows 100/);
  });
});

describe('fitChoices', () => {
  test('GIVEN a choice name with a link (echoing what the member typed) THEN the name shows no link; the value is kept', () => {
    const [choice] = fitChoices([{ name: 'https://evil.example/free-nitro', value: 'https://evil.example/free-nitro' }]);
    expect(choice?.name).toBe('https[:]//evil.example/free-nitro');
    expect(choice?.value).toBe('https://evil.example/free-nitro');
  });

  test('GIVEN 40 suggestions THEN 25 are offered', () => {
    expect(fitChoices(Array.from({ length: 40 }, (_, index) => `suggestion ${index}`))).toHaveLength(MAX_AUTOCOMPLETE_CHOICES);
  });

  test('GIVEN long, blank and duplicate suggestions THEN names and values fit and are unique', () => {
    const choices = fitChoices(['a'.repeat(300), '   ', 'same', 'same', { name: 'Title', value: 'id' }]);
    expect(choices.map((choice) => choice.value)).toEqual([`${'a'.repeat(MAX_CHOICE_VALUE - 1)}…`, 'same', 'id']);
    for (const choice of choices) {
      expect(choice.name.length).toBeLessThanOrEqual(MAX_CHOICE_NAME);
      expect(choice.value.length).toBeLessThanOrEqual(MAX_CHOICE_VALUE);
    }
  });
});
