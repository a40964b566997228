import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import { examples } from './help.js';

/** Every command path (space-joined) with the words that may follow it. */
function table(command: Command, prefix: string[] = [], rows: Array<[string, string[]]> = []) {
  const words = [
    ...command.commands.map((c) => c.name()),
    ...command.options.flatMap((o) => [o.long, o.short].filter((x): x is string => !!x)),
    '--help',
  ];
  rows.push([prefix.join(' '), words]);
  for (const sub of command.commands) table(sub, [...prefix, sub.name()], rows);
  return rows;
}

/** A bash completion script generated from the command tree (commander has none). */
export function bashCompletion(program: Command): string {
  const globals = program.options.flatMap((o) =>
    o.long && o.long !== '--version' ? [o.long] : [],
  );
  const cases = table(program)
    .map(
      ([path, words]) =>
        `    "${path}") words="${[...new Set([...words, ...globals])].join(' ')}" ;;`,
    )
    .join('\n');
  return `# bash completion for dollr. Install: dollr completion bash > ~/.local/share/bash-completion/completions/dollr
_dollr() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" path="" w words i
  for ((i = 1; i < COMP_CWORD; i++)); do
    w="\${COMP_WORDS[i]}"
    [[ "$w" == -* ]] && continue
    case " $(_dollr_words "$path") " in *" $w "*) path="\${path:+$path }$w" ;; esac
  done
  COMPREPLY=($(compgen -W "$(_dollr_words "$path")" -- "$cur"))
}
_dollr_words() {
  local words=""
  case "$1" in
${cases}
  esac
  echo "$words"
}
complete -F _dollr dollr
`;
}

export function registerCompletion(program: Command): void {
  const completion = program
    .command('completion')
    .description('print a shell completion script (bash)')
    .argument('<shell>', 'the shell: bash')
    .action((shell: string) => {
      if (shell !== 'bash') {
        process.stderr.write(
          `error: ${new UsageError(`No completion for "${shell}": only bash is supported.`).message}\n`,
        );
        process.exitCode = 2;
        return;
      }
      process.stdout.write(bashCompletion(program));
    });
  examples(completion, [
    'dollr completion bash > ~/.local/share/bash-completion/completions/dollr',
  ]);
}
