/**
 * The comment on the line just before a code block tells the harness what to do with it:
 *
 *   <!-- docs-test: skip (why it cannot run here) -->
 *   <!-- docs-test: cwd=packages/mock -->             run it in that directory (from the root)
 *   <!-- docs-test: server -->                        each line is a server: start, check, stop
 *   <!-- docs-test: background -->                    a server left running for the rest of the file
 *   <!-- docs-test: run cwd=packages/mock -->         a js block that runs (saved there, then `node`)
 *
 * Words combine (`server cwd=spec`). A skip without a reason is an error: the doc must say why.
 */
export interface Directive {
  skip?: string;
  cwd?: string;
  server?: boolean;
  background?: boolean;
  run?: boolean;
}

const COMMENT = /^<!--\s*docs-test:(.*?)-->\s*$/s;

/** The directive in an HTML comment, undefined when the comment is not one; throws when malformed. */
export function parseDirective(html: string): Directive | undefined {
  const match = COMMENT.exec(html.trim());
  if (!match) return undefined;
  const rest = (match[1] ?? '').trim();
  const directive: Directive = {};
  const skip = /^skip\s*\((.+)\)$/s.exec(rest);
  if (skip) {
    directive.skip = (skip[1] ?? '').trim().replace(/\s+/g, ' ');
    return directive;
  }
  if (/^skip\b/.test(rest)) throw new Error(`"${html.trim()}": say why in parentheses: skip (why)`);
  for (const word of rest.split(/\s+/).filter(Boolean)) {
    const cwd = /^cwd=(.+)$/.exec(word);
    if (cwd) directive.cwd = cwd[1];
    else if (word === 'server') directive.server = true;
    else if (word === 'background') directive.background = true;
    else if (word === 'run') directive.run = true;
    else throw new Error(`"${html.trim()}": unknown word "${word}"`);
  }
  return directive;
}
