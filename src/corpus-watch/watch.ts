/**
 * Watching a corpus folder: article files added, edited, renamed or removed are reported once
 * the folder has been quiet for a moment (an editor's save or a copy is several events), never
 * for hidden or temporary files (`npm run add` writes `.ID.….tmp` and renames it over).
 */
import { type FSWatcher, watch } from 'node:fs';

/** How long the folder must be quiet before a change is reported. */
export const DEFAULT_DEBOUNCE_MS = 300;

/** The file names that can change the corpus (what `listArticleFiles` reads). */
const ARTICLE_FILE = /^[^.].*\.(?:md|txt|html?)$/i;

/** A started watcher. */
export interface CorpusWatcher {
  /** Stops watching; safe to call twice. */
  close(): void;
}

/** Options for `watchCorpus`. */
export interface WatchOptions {
  /** Quiet time before reporting, in milliseconds. */
  debounceMs?: number;
  /** Called when watching fails (the folder removed, too many watchers). */
  onError?: (error: Error) => void;
}

/**
 * Calls `onChange` with the names that changed, once per burst of changes to article files in
 * `dir`. A name event without a file name (some platforms) counts as a change of any file.
 */
export function watchCorpus(dir: string, onChange: (names: string[]) => void, options: WatchOptions = {}): CorpusWatcher {
  const debounceMs = options.debounceMs ?? DEFAULT_DEBOUNCE_MS;
  const pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let watcher: FSWatcher | undefined = watch(dir, { persistent: false }, (_event, name) => {
    const file = name === null ? '*' : String(name);
    if (file !== '*' && !ARTICLE_FILE.test(file)) return;
    pending.add(file);
    clearTimeout(timer);
    timer = setTimeout(() => {
      const names = [...pending].sort();
      pending.clear();
      onChange(names);
    }, debounceMs);
  });
  watcher.on('error', (error) => options.onError?.(error));
  return {
    close() {
      clearTimeout(timer);
      watcher?.close();
      watcher = undefined;
    },
  };
}
