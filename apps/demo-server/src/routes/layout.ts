/** The frame every page shares: head, skip link and the main navigation. */

export interface Page {
  path: string;
  /** Its content in public/: the `<main>` and whatever follows it in the body. */
  file: string;
  title: string;
  /** The `data-page` app.js starts from. */
  name: string;
  /** What the skip link skips to. */
  skipTo: string;
}

export const PAGES: Page[] = [
  { path: '/', file: 'index.html', title: 'Invoices', name: 'shop', skipTo: 'the invoices' },
  { path: '/admin', file: 'admin.html', title: 'Admin', name: 'admin', skipTo: 'the admin' },
];

const NAV: Array<[path: string, label: string]> = [
  ['/', 'Invoices'],
  ['/admin', 'Admin'],
  ['/docs', 'API reference'],
];

/** A whole HTML document: the shared frame around the page's own content. */
export function renderPage(page: Page, content: string): string {
  const links = NAV.map(
    ([path, label]) =>
      `<li><a href="${path}"${path === page.path ? ' aria-current="page"' : ''}>${label}</a></li>`,
  );
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${page.title} · Dollr demo shop</title>
    <link rel="icon" href="data:," />
    <link rel="stylesheet" href="/assets/app.css" />
    <script type="module" src="/assets/app.js"></script>
  </head>
  <body data-page="${page.name}">
    <a class="skip-link" href="#main">Skip to ${page.skipTo}</a>
    <header class="site-header">
      <p class="brand"><span aria-hidden="true">◆</span> Dollr demo shop</p>
      <nav aria-label="Main">
        <ul>
          ${links.join('\n          ')}
        </ul>
      </nav>
    </header>

${content.replace(/^(?=.)/gm, '    ')}  </body>
</html>
`;
}
