import { describe, expect, it } from 'vitest';
import { checkCommand } from '../src/commands.js';
import { parseDirective } from '../src/directive.js';
import { commandLines, extract } from '../src/extract.js';
import { newcomerPath } from '../src/newcomer.js';
import type { Workspace } from '../src/workspace.js';

const fence = '```';

describe('extract', () => {
  it('finds blocks with their line, language and directive, and the commands in the prose', () => {
    const doc = [
      '# Title', // 1
      '', // 2
      'Run `pnpm build`, then `node tools/x.mjs`; `dollr` is not a command span we check.', // 3
      '', // 4
      '<!-- docs-test: skip (publishes to npm) -->', // 5
      `${fence}sh`, // 6
      'pnpm release', // 7
      fence, // 8
      '', // 9
      '| a | `pnpm --filter @dollr/spec test` |', // 10
      '|---|---|', // 11
      '', // 12
      '<!-- docs-test: cwd=packages/mock server -->', // 13
      `${fence}bash`, // 14
      'pnpm mock', // 15
      fence, // 16
      '', // 17
      `${fence}js`, // 18
      'console.log(1)', // 19
      fence, // 20
    ].join('\n');
    const { blocks, inline } = extract(doc);
    expect(blocks).toEqual([
      { line: 6, lang: 'sh', code: 'pnpm release', directive: { skip: 'publishes to npm' } },
      {
        line: 14,
        lang: 'bash',
        code: 'pnpm mock',
        directive: { cwd: 'packages/mock', server: true },
      },
      { line: 18, lang: 'js', code: 'console.log(1)', directive: {} },
    ]);
    expect(inline).toEqual(['pnpm build', 'node tools/x.mjs', 'pnpm --filter @dollr/spec test']);
  });

  it('refuses a directive that is not just before a code block', () => {
    expect(() => extract('<!-- docs-test: skip (x) -->\n\nSome text.\n')).toThrow(/just before/);
  });

  it('refuses a shell block inside a list, which it would not run', () => {
    expect(() => extract(`- step\n\n  ${fence}sh\n  pnpm build\n  ${fence}\n`)).toThrow(/list/);
  });
});

describe('parseDirective', () => {
  it('reads skip with its reason, cwd, server, background and run', () => {
    expect(parseDirective('<!-- docs-test: skip (needs a terminal) -->')).toEqual({
      skip: 'needs a terminal',
    });
    expect(parseDirective('<!-- docs-test: run cwd=spec -->')).toEqual({ run: true, cwd: 'spec' });
    expect(parseDirective('<!-- docs-test: background -->')).toEqual({ background: true });
    expect(parseDirective('<!-- a comment -->')).toBeUndefined();
  });

  it('refuses a skip without a reason and unknown words', () => {
    expect(() => parseDirective('<!-- docs-test: skip -->')).toThrow(/why/);
    expect(() => parseDirective('<!-- docs-test: sever -->')).toThrow(/unknown word "sever"/);
  });
});

describe('commandLines', () => {
  it('drops comments and blank lines and joins continued lines', () => {
    expect(commandLines('# setup\npnpm install   # once\n\nFOO=1 \\\n  node x.mjs\n')).toEqual([
      'pnpm install   # once',
      'FOO=1 node x.mjs',
    ]);
  });
});

describe('checkCommand', () => {
  const workspaces: Workspace[] = [
    { name: 'root', dir: '/repo', scripts: { build: 'turbo run build' }, bins: ['turbo'] },
    { name: '@dollr/spec', dir: '/repo/spec', scripts: { test: 'vitest run' }, bins: [] },
  ];
  const context = { workspaces, cwd: '/repo', pinnedPnpm: '10.34.8' };

  it('accepts scripts, binaries and pnpm commands that exist', () => {
    for (const line of [
      'pnpm build',
      'pnpm turbo run build --filter @dollr/spec...',
      'pnpm --filter @dollr/spec test',
      'pnpm --filter=@dollr/spec run test',
      'npx -y pnpm@10.34.8 install && npx -y pnpm@10.34.8 build',
      'pnpm add -D @dollr/mock',
      'CI=1 pnpm -s build | tee log',
    ]) {
      expect(checkCommand(line, context), line).toEqual([]);
    }
  });

  it('names a missing script, workspace, file or a pnpm version other than the pinned one', () => {
    expect(checkCommand('pnpm mock', context)).toEqual([
      '`pnpm mock`: root has no script or binary "mock"',
    ]);
    expect(checkCommand('pnpm --filter @dollr/spek test', context)).toEqual([
      '`pnpm --filter @dollr/spek test`: no workspace is named @dollr/spek',
    ]);
    expect(checkCommand('pnpm --filter @dollr/spec bundle', context)).toEqual([
      '`pnpm --filter @dollr/spec bundle`: @dollr/spec has no script or binary "bundle"',
    ]);
    expect(checkCommand('node tools/nowhere.mjs', context)).toEqual([
      '`node tools/nowhere.mjs`: tools/nowhere.mjs does not exist',
    ]);
    expect(checkCommand('npx -y pnpm@9.0.0 build', context)).toEqual([
      '`npx -y pnpm@9.0.0 build`: pnpm@9.0.0, but the root pins pnpm@10.34.8',
    ]);
  });
});

describe('newcomerPath', () => {
  it('drops the repository and npx directories from PATH', () => {
    expect(
      newcomerPath('/repo/node_modules/.bin:/root/.npm/_npx/1/node_modules/.bin:/usr/bin', '/repo'),
    ).toEqual(['/usr/bin']);
  });
});
