import type { Command } from 'commander';
import { registerLogin } from './login.js';
import { registerLogout } from './logout.js';
import { registerProfiles } from './profiles.js';
import { registerToken } from './token.js';
import { registerWhoami } from './whoami.js';

/** The credential commands, one file each: login, logout, whoami, profiles, token. */
export function registerAuth(program: Command): void {
  registerLogin(program);
  registerLogout(program);
  registerWhoami(program);
  registerProfiles(program);
  registerToken(program);
}
