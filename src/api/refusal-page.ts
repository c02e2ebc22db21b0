const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

/**
 * The page a person sees when the identity provider sent them back but they cannot be let in:
 * what happened and what to do, in the UI's own styles. A full page rather than JSON, because
 * the browser arrives here by a redirect, not from the UI's scripts.
 */
export function refusalPage(title: string, reason: string): string {
  return `<!doctype html>
<html lang="en-GB">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escapeHtml(title)} – London Estates</title>
  <link rel="icon" href="data:,">
  <link rel="stylesheet" href="/ui/styles.css">
</head>
<body>
  <header class="top"><a class="brand" href="/">London Estates</a></header>
  <main id="main" class="card narrow">
    <h1>${escapeHtml(title)}</h1>
    <p role="alert">${escapeHtml(reason)}</p>
    <p><a href="/#/signin">Back to the sign-in page</a></p>
  </main>
</body>
</html>
`;
}
