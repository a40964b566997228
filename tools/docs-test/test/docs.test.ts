/**
 * Every documented command, run as a newcomer would right after `install`: each README and
 * CONTRIBUTING file in the order a person reads them, one terminal per file. Blocks marked
 * `<!-- docs-test: skip (why) -->` do not run, but their commands are checked like the commands
 * in the prose: the script, binary, workspace or file each one names must exist.
 */
import { readFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCommand } from '../src/commands.js';
import { commandLines, extract, isScript, isShell } from '../src/extract.js';
import { createNewcomer, type Newcomer } from '../src/newcomer.js';
import { Terminal } from '../src/run.js';
import { docFiles, pinnedPnpm, REPO_ROOT, workspaces } from '../src/workspace.js';

let newcomer: Newcomer;
beforeAll(() => {
  newcomer = createNewcomer();
});
afterAll(() => newcomer?.remove());

const show = (output: string) => output.split('\n').slice(-60).join('\n');

for (const file of docFiles()) {
  const name = relative(REPO_ROOT, file);
  const { blocks, inline } = extract(readFileSync(file, 'utf8'));

  describe(name, () => {
    let terminal: Terminal;
    beforeAll(() => {
      terminal = new Terminal(newcomer.env, REPO_ROOT, newcomer.dir, name.replaceAll('/', '_'));
    });
    afterAll(async () => {
      expect(await terminal.stopAll()).toEqual([]);
    });

    it('names only scripts, binaries, workspaces and files that exist', () => {
      const context = { workspaces: workspaces(), pinnedPnpm: pinnedPnpm() };
      const problems = [
        ...inline.flatMap((line) =>
          checkCommand(line, { ...context, cwd: REPO_ROOT, docDir: dirname(file) }),
        ),
        ...blocks
          .filter((block) => isShell(block.lang))
          .flatMap((block) =>
            commandLines(block.code).flatMap((line) =>
              checkCommand(line, {
                ...context,
                cwd: `${REPO_ROOT}/${block.directive.cwd ?? '.'}`,
              }).map((problem) => `line ${block.line}: ${problem}`),
            ),
          ),
      ];
      expect(problems).toEqual([]);
    });

    for (const block of blocks) {
      const { directive } = block;
      const title = `line ${block.line} (${block.lang})`;
      if (isShell(block.lang)) {
        if (directive.skip) {
          it.skip(`${title}: ${directive.skip}`, () => {});
        } else if (directive.server) {
          it(`${title}: each server starts, answers and stops`, async () => {
            // A background server from above has had its blocks: it frees its port first.
            expect(await terminal.stopAll()).toEqual([]);
            for (const command of commandLines(block.code)) {
              const server = await terminal.start(command, directive.cwd);
              expect(await server.stop(), server.output).toBeUndefined();
            }
          });
        } else if (directive.background) {
          it(`${title}: starts and answers (left running for the blocks below)`, async () => {
            for (const command of commandLines(block.code)) {
              await terminal.start(command, directive.cwd);
            }
          });
        } else {
          it(`${title} runs`, async () => {
            const { code, output } = await terminal.run(block.code, directive.cwd);
            expect(code, `${block.code}\n--- output ---\n${show(output)}`).toBe(0);
          });
        }
      } else if (isScript(block.lang) && (directive.run || directive.skip)) {
        if (directive.skip) {
          it.skip(`${title}: ${directive.skip}`, () => {});
        } else {
          it(`${title} runs with node`, async () => {
            expect(['js', 'mjs', 'javascript'], 'only JavaScript blocks run: mark it js').toContain(
              block.lang,
            );
            const { code, output } = await terminal.runScript(
              block.code,
              directive.cwd,
              block.line,
            );
            expect(code, show(output)).toBe(0);
          });
        }
      }
    }
  });
}
