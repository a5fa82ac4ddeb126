/**
 * The text blocks of an HTML fragment, with their boundaries taken from the DOM (block elements
 * and double line breaks), never from patterns over the markup.
 */

/** What kind of element a block came from: a paragraph is story; the others may be furniture. */
export type BlockKind = 'paragraph' | 'heading' | 'caption' | 'list-item' | 'quote' | 'cell';

/** One block of text in document order. */
export interface DomBlock {
  /** The text, white space folded to single spaces. */
  text: string;
  /** The element the text stood in. */
  kind: BlockKind;
}

/** The minimal DOM a parser gives (linkedom's and a browser's nodes both fit). */
export interface DomNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
}

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;

/** Elements whose content is never article text. */
const SKIPPED = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'SVG', 'IFRAME', 'OBJECT', 'BUTTON', 'SELECT', 'TEXTAREA', 'FORM', 'NAV']);

/** Elements that start and end a block, and the kind of block their own text makes. */
const BLOCK_KIND: Readonly<Record<string, BlockKind>> = {
  P: 'paragraph', DIV: 'paragraph', SECTION: 'paragraph', ARTICLE: 'paragraph', MAIN: 'paragraph', PRE: 'paragraph',
  HEADER: 'paragraph', FOOTER: 'paragraph', ASIDE: 'paragraph', CENTER: 'paragraph', ADDRESS: 'paragraph',
  H1: 'heading', H2: 'heading', H3: 'heading', H4: 'heading', H5: 'heading', H6: 'heading',
  FIGCAPTION: 'caption', CAPTION: 'caption', FIGURE: 'caption',
  LI: 'list-item', DT: 'list-item', DD: 'list-item', UL: 'list-item', OL: 'list-item', DL: 'list-item',
  BLOCKQUOTE: 'quote',
  TD: 'cell', TH: 'cell', TR: 'cell', TABLE: 'cell', HR: 'paragraph',
};

/** Collects blocks while walking; the kind of a block is that of the innermost block element open. */
class BlockCollector {
  readonly blocks: DomBlock[] = [];
  #text = '';
  #kinds: BlockKind[] = [];
  #breaks = 0;

  add(text: string): void {
    if (text.trim() !== '') this.#breaks = 0;
    this.#text += text;
  }

  /** A `<br>`: one is a line break inside the block, two in a row end the paragraph. */
  lineBreak(): void {
    this.#breaks += 1;
    if (this.#breaks >= 2) this.flush();
    else this.#text += ' ';
  }

  open(kind: BlockKind): void {
    this.flush();
    this.#kinds.push(kind);
  }

  close(): void {
    this.flush();
    this.#kinds.pop();
  }

  flush(): void {
    const text = this.#text.replace(/\s+/g, ' ').trim();
    this.#text = '';
    this.#breaks = 0;
    if (text !== '') this.blocks.push({ text, kind: this.#kinds.at(-1) ?? 'paragraph' });
  }
}

function walk(node: DomNode, collector: BlockCollector): void {
  if (node.nodeType === TEXT_NODE) {
    collector.add(node.textContent ?? '');
    return;
  }
  if (node.nodeType !== ELEMENT_NODE && node.nodeType !== 9 && node.nodeType !== 11) return;
  const name = node.nodeName.toUpperCase();
  if (SKIPPED.has(name)) return;
  if (name === 'BR') return collector.lineBreak();
  const kind = BLOCK_KIND[name];
  if (kind) collector.open(kind);
  for (let index = 0; index < node.childNodes.length; index += 1) {
    const child = node.childNodes[index];
    if (child) walk(child, collector);
  }
  if (kind) collector.close();
}

/** The text blocks under a node, in document order. */
export function domBlocks(root: DomNode): DomBlock[] {
  const collector = new BlockCollector();
  walk(root, collector);
  collector.flush();
  return collector.blocks;
}
