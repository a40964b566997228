import { describe, expect, it } from 'vitest';
import { highestBumps, parseChangeset } from '../src/changesets.mjs';

describe('parseChangeset', () => {
  it('reads the packages and bumps from the front matter, and the summary', () => {
    const text = `---\n"@dollr/spec": major\n'@dollr/client': minor\n---\n\nRemove \`gateway_message\`.\n`;
    expect(parseChangeset(text)).toEqual({
      releases: { '@dollr/spec': 'major', '@dollr/client': 'minor' },
      summary: 'Remove `gateway_message`.',
    });
  });

  it('accepts an empty changeset (no release), as `changeset --empty` writes', () => {
    expect(parseChangeset('---\n---\n')).toEqual({ releases: {}, summary: '' });
  });

  it('rejects an unknown bump and a file without front matter, naming the file', () => {
    expect(() => parseChangeset('---\n"@dollr/spec": huge\n---\n', 'x.md')).toThrow(
      /x\.md: "@dollr\/spec" has bump "huge"/,
    );
    expect(() => parseChangeset('just text', 'y.md')).toThrow(/y\.md: no front matter/);
  });
});

describe('highestBumps', () => {
  it('keeps the highest bump per package across changesets', () => {
    const bumps = highestBumps([
      { releases: { '@dollr/spec': 'patch', '@dollr/mock': 'minor' } },
      { releases: { '@dollr/spec': 'major', '@dollr/mock': 'patch' } },
      { releases: { '@dollr/cli': 'none' } },
    ]);
    expect(Object.fromEntries(bumps)).toEqual({
      '@dollr/spec': 'major',
      '@dollr/mock': 'minor',
      '@dollr/cli': 'none',
    });
  });
});
