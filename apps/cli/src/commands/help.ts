import type { Command } from 'commander';

/** Adds an "Examples:" section to a command's --help. */
export function examples(command: Command, lines: string[]): Command {
  return command.addHelpText('after', `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`);
}

/** A subcommand of `parent`: its name, what it does, and examples for its --help. */
export function addCommand(
  parent: Command,
  name: string,
  description: string,
  usage: string[],
): Command {
  return examples(parent.command(name).description(description), usage);
}
