import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';

/**
 * Asks a question on the terminal (prompt on stderr, answer from stdin). With `hidden`, what the
 * user types is not echoed: for secrets.
 */
export async function ask(question: string, { hidden = false } = {}): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk, encoding, done) {
      if (!muted) process.stderr.write(chunk, encoding);
      done();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  // Ctrl-C at a prompt: nothing was sent yet; stop at once.
  rl.on('SIGINT', () => {
    rl.close();
    process.stderr.write('\nInterrupted.\n');
    process.exit(130);
  });
  try {
    process.stderr.write(question);
    muted = hidden;
    const answer = await new Promise<string>((resolve, reject) => {
      rl.question('', resolve);
      rl.once('close', () => reject(new Error('No answer: the input was closed.')));
    });
    return answer.trim();
  } finally {
    if (hidden) process.stderr.write('\n');
    rl.close();
  }
}

/** True when dollr may ask questions: stdin and stderr are terminals. */
export function canPrompt(): boolean {
  return process.stdin.isTTY === true && process.stderr.isTTY === true;
}
