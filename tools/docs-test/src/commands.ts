/**
 * Checks a documented command without running it: a `pnpm` script or binary that exists in the
 * package it names, a `node <file>` whose file exists, the pinned pnpm version in `npx pnpm@…`.
 * Skipped blocks and commands in the prose are checked this way, so they cannot drift either.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Workspace } from './workspace.js';

/** pnpm's own commands: `pnpm <one of these>` is not a script. */
const PNPM_COMMANDS = new Set([
  'add',
  'approve-builds',
  'audit',
  'config',
  'create',
  'dlx',
  'exec',
  'i',
  'import',
  'init',
  'install',
  'licenses',
  'link',
  'list',
  'ls',
  'outdated',
  'pack',
  'prune',
  'publish',
  'rebuild',
  'remove',
  'rm',
  'root',
  'run',
  'setup',
  'store',
  'un',
  'uninstall',
  'unlink',
  'up',
  'update',
  'why',
]);

export interface CommandContext {
  workspaces: Workspace[];
  /** The directory the command runs in. */
  cwd: string;
  /** For commands in the prose: the document's directory, also tried for relative files. */
  docDir?: string;
  pinnedPnpm: string;
}

/** Problems with one command line (an empty list when it checks out). */
export function checkCommand(line: string, context: CommandContext): string[] {
  const problems: string[] = [];
  const withoutComment = line.replace(/\s+#.*$/, '');
  for (const part of withoutComment.split(/\s*(?:&&|\|\||;|\|)\s*/)) {
    if (/…|<[\w-]+>/.test(part)) continue; // a placeholder (`node <file>`, `pnpm …`)
    const words = part
      .trim()
      .split(/\s+/)
      .filter((word) => !/^[A-Z_]+=/.test(word));
    const npxPnpm = words[0] === 'npx' ? words.findIndex((word) => word.startsWith('pnpm@')) : -1;
    if (npxPnpm >= 0) {
      const version = words[npxPnpm]?.slice('pnpm@'.length);
      if (version !== context.pinnedPnpm) {
        problems.push(`\`${part}\`: pnpm@${version}, but the root pins pnpm@${context.pinnedPnpm}`);
      }
      problems.push(...checkPnpm(words.slice(npxPnpm + 1), part, context));
    } else if (words[0] === 'pnpm') {
      problems.push(...checkPnpm(words.slice(1), part, context));
    } else if (words[0] === 'node' && words[1] && !words[1].startsWith('-')) {
      // A build output (dist/) exists only after a build: not checked here.
      const file = words[1];
      const exists = [context.cwd, ...(context.docDir ? [context.docDir] : [])].some((dir) =>
        existsSync(resolve(dir, file)),
      );
      if (!file.includes('dist/') && !exists) {
        problems.push(`\`${part}\`: ${words[1]} does not exist`);
      }
    }
  }
  return problems;
}

function checkPnpm(args: string[], part: string, context: CommandContext): string[] {
  const targets: Workspace[] = [];
  const problems: string[] = [];
  let index = 0;
  while (index < args.length && args[index]?.startsWith('-')) {
    const flag = args[index] ?? '';
    const value = flag.includes('=') ? flag.split('=')[1] : args[index + 1];
    if (flag === '--filter' || flag.startsWith('--filter=') || flag === '-F') {
      const name = (value ?? '').replace(/^\.\.\.|\.\.\.$/g, '').replace(/^!/, '');
      const found = context.workspaces.find((ws) => ws.name === name);
      if (found) targets.push(found);
      else problems.push(`\`${part}\`: no workspace is named ${name}`);
      index += flag.includes('=') ? 1 : 2;
    } else {
      index += 1;
    }
  }
  const command = args[index];
  if (!command || /^(…|\.\.\.)$/.test(command) || problems.length) return problems;
  if (targets.length === 0) {
    const here = context.workspaces.find((ws) => resolve(ws.dir) === resolve(context.cwd));
    targets.push(here ?? (context.workspaces[0] as Workspace));
  }
  const script = command === 'run' ? args[index + 1] : command;
  if (!script || (command !== 'run' && PNPM_COMMANDS.has(command))) return problems;
  for (const ws of targets) {
    const known = script in ws.scripts || (command !== 'run' && ws.bins.includes(script));
    if (!known) problems.push(`\`${part}\`: ${ws.name} has no script or binary "${script}"`);
  }
  return problems;
}
