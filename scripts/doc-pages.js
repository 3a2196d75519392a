// The documentation pages the tests check (generated sections, rendering, links, the TypeScript examples, which
// also run against the packed package): README.md, then every page of docs/ and of docs/api/, in name order.
const fs = require('fs');
const path = require('path');

/** @param {string} root the checkout @returns {string[]} paths relative to it */
function docPages(root) {
  const pagesIn = (dir) =>
    fs.existsSync(path.join(root, dir))
      ? fs
          .readdirSync(path.join(root, dir))
          .filter((f) => f.endsWith('.md'))
          .sort()
          .map((f) => `${dir}/${f}`)
      : [];
  // docs/api/ is the generated API reference (scripts/typecheck.js writes it).
  return ['README.md', ...pagesIn('docs'), ...pagesIn('docs/api')];
}

/** @param {string} markdown @returns {string[]} the ```ts blocks' sources */
function tsExamples(markdown) {
  return [...markdown.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
}

module.exports = { docPages, tsExamples };
