/** Reads a Markdown file into what the harness checks: its code blocks and its inline commands. */
import { marked, type Token, type Tokens } from 'marked';
import { type Directive, parseDirective } from './directive.js';

export interface Block {
  /** 1-based line of the opening fence. */
  line: number;
  lang: string;
  code: string;
  directive: Directive;
}

export interface Extracted {
  blocks: Block[];
  /** Inline code spans that are commands (`pnpm …`, `node …`, `npx …`). */
  inline: string[];
}

const COMMAND_SPAN = /^(pnpm|npx|node) /;

export function extract(markdown: string): Extracted {
  const tokens = marked.lexer(markdown);
  const blocks: Block[] = [];
  let offset = 0;
  let pending: Directive | undefined;
  for (const token of tokens) {
    const line = markdown.slice(0, offset).split('\n').length;
    if (token.type === 'html') {
      pending = parseDirective(token.raw) ?? pending;
    } else if (token.type === 'code') {
      const code = token as Tokens.Code;
      blocks.push({ line, lang: code.lang ?? '', code: code.text, directive: pending ?? {} });
      pending = undefined;
    } else if (token.type !== 'space') {
      if (pending)
        throw new Error(`line ${line}: a docs-test comment must come just before a code block`);
    }
    offset += token.raw.length;
  }
  const nested = countNestedShellBlocks(tokens);
  if (nested)
    throw new Error(
      `${nested} sh block(s) inside a list or quote: the harness runs top-level blocks only`,
    );
  const inline: string[] = [];
  marked.walkTokens(tokens, (token) => {
    if (token.type === 'codespan' && COMMAND_SPAN.test(token.text))
      inline.push(decodeEntities(token.text));
  });
  return { blocks, inline };
}

/** marked keeps HTML entities in code spans (`&amp;`). */
function decodeEntities(text: string): string {
  return text
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&amp;', '&');
}

function countNestedShellBlocks(tokens: Token[]): number {
  let count = 0;
  for (const token of tokens) {
    if (token.type === 'code') continue;
    marked.walkTokens([token], (inner) => {
      if (inner.type === 'code' && isShell((inner as Tokens.Code).lang ?? '')) count += 1;
    });
  }
  return count;
}

export const isShell = (lang: string) => lang === 'sh' || lang === 'bash';
export const isScript = (lang: string) =>
  ['js', 'mjs', 'javascript', 'ts', 'typescript'].includes(lang);

/**
 * The commands of a shell block, one per entry: comments and blank lines dropped, lines ending
 * in `\` joined with the next.
 */
export function commandLines(code: string): string[] {
  const joined = code.replace(/\s*\\\n\s*/g, ' ');
  return joined
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
}
