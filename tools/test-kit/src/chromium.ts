import { existsSync } from 'node:fs';

const USUAL_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** Headless, no sandbox, nothing in the background that would reach the network. */
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** CHROMIUM_PATH, else Debian's or another usual location; a readable error when there is none. */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  const path = env.CHROMIUM_PATH ?? USUAL_PATHS.find((usual) => existsSync(usual));
  if (!path || !existsSync(path)) {
    throw new Error(
      `No Chromium at ${path ?? USUAL_PATHS[0]}: install it (Debian: apt-get install chromium) or set CHROMIUM_PATH to a Chromium or Chrome binary.`,
    );
  }
  return path;
}

/** The options for playwright-core's `chromium.launch(…)` that every browser test uses. */
export function chromiumLaunchOptions(env: NodeJS.ProcessEnv = process.env) {
  return { executablePath: chromiumPath(env), headless: true, args: [...FLAGS] };
}
