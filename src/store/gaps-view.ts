/**
 * How /gaps and `npm run gaps` show what members asked and did not get: one field per group,
 * most asked first, with its count, kind, last time and an example wording. Pure, like every
 * view (src/views.ts): the same View goes to Discord and, as text, to the terminal.
 */
import { escapeMarkdown, type View, type ViewField } from '../views.ts';
import type { Gap } from './gaps.ts';

/** Groups shown on one page of /gaps (an embed holds 25 fields; 10 stays readable). */
export const GAPS_PER_PAGE = 10;

/** Options for `gapsView`. */
export interface GapsViewOptions {
  /** The period, in days. */
  days: number;
  /** 0-based page (default 0). */
  page?: number;
  /** Groups per page (default GAPS_PER_PAGE; the terminal shows all). */
  perPage?: number;
  /** Article titles by id, for "marked wrong" groups. */
  titles?: ReadonlyMap<string, string>;
}

/** Pages a list of gaps fills. */
export function gapPageCount(gaps: readonly Gap[], perPage = GAPS_PER_PAGE): number {
  return Math.max(1, Math.ceil(gaps.length / perPage));
}

function day(iso: string): string {
  return iso.slice(0, 16).replace('T', ' ');
}

function gapField(gap: Gap, rank: number, titles: ReadonlyMap<string, string> | undefined): ViewField {
  const times = `${gap.count}×`;
  const what = gap.kind === 'unanswered' ? 'not covered' : 'answer marked wrong';
  const where =
    gap.kind === 'wrong' && gap.article !== null
      ? ` · quote shown: paragraph ${gap.paragraph ?? '?'} of ${escapeMarkdown(titles?.get(gap.article) ?? gap.article)}`
      : gap.article !== null
        ? ` · asked within ${escapeMarkdown(titles?.get(gap.article) ?? gap.article)}`
        : '';
  return {
    name: `${rank}. ${times} ${what}`,
    value: `“${escapeMarkdown(gap.question)}”\nlast ${day(gap.lastSeen)} UTC${where}`,
  };
}

/** One page of gaps. */
export function gapsView(gaps: readonly Gap[], options: GapsViewOptions): View {
  const perPage = options.perPage ?? GAPS_PER_PAGE;
  const pages = gapPageCount(gaps, perPage);
  const page = Math.min(Math.max(options.page ?? 0, 0), pages - 1);
  const period = `the last ${options.days} day${options.days === 1 ? '' : 's'}`;
  if (gaps.length === 0) {
    return {
      title: 'Gaps',
      description: `Nothing to report for ${period}: every question was answered and no answer was marked wrong.`,
      fields: [],
      tone: 'notice',
    };
  }
  const asked = gaps.reduce((sum, gap) => sum + gap.count, 0);
  const shown = gaps.slice(page * perPage, (page + 1) * perPage);
  return {
    title: 'Gaps',
    description:
      `What members asked and did not get over ${period}: ${gaps.length} question${gaps.length === 1 ? '' : 's'} ` +
      `(${asked} time${asked === 1 ? '' : 's'} in all), the same question in other words counted together, most asked first.`,
    fields: shown.map((gap, index) => gapField(gap, page * perPage + index + 1, options.titles)),
    footer: pages > 1 ? `Page ${page + 1} of ${pages} · ${options.days} days` : `${options.days} days`,
    tone: 'notice',
  };
}
