// The documentation pages the tests check (generated sections, rendering, links, the TypeScript examples, which
// also run against the packed package): README.md, then every page of docs/, in name order.
const fs = require('fs');
const path = require('path');

/** @param {string} root the checkout @returns {string[]} paths relative to it */
function docPages(root) {
  const docs = path.join(root, 'docs');
  const pages = fs.existsSync(docs)
    ? fs
        .readdirSync(docs)
        .filter((f) => f.endsWith('.md'))
        .sort()
        .map((f) => `docs/${f}`)
    : [];
  return ['README.md', ...pages];
}

/** @param {string} markdown @returns {string[]} the ```ts blocks' sources */
function tsExamples(markdown) {
  return [...markdown.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
}

module.exports = { docPages, tsExamples };
