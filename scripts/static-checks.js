// `npm test`'s static checks: the type-check in one lane, lint then formatting in the other, each incremental on a
// working copy and from scratch in CI. Each command's output is printed whole when it ends. `checks()` resolves to
// whether all passed; run as a script (`node scripts/static-checks.js`) the exit code says so.
const path = require('path');
const { lane } = require('./lanes');

const run = (name, cmd, args) => lane(name, cmd, args, { output: 'on-failure' });
const bin = (name) => path.join(__dirname, '..', 'node_modules', '.bin', name);
// On a working copy ESLint and Prettier look again only at files whose content changed since their last clean run
// (caches in node_modules/.cache/convoguard, keyed by content and configuration); CI (CI=true) checks every file.
const CACHE = path.join(__dirname, '..', 'node_modules', '.cache', 'convoguard');
const cache = (tool) =>
  process.env.CI ? [] : ['--cache', '--cache-strategy', 'content', '--cache-location', path.join(CACHE, tool)];

/** @returns {Promise<boolean>} */
function checks() {
  const lanes = [
    // tsc's type-check through the compiler API, and the API report from the same program (api/convoguard.api.md).
    run('type-check, API report and reference', process.execPath, [path.join(__dirname, 'typecheck.js')]),
    (async () => {
      // Both run even when the first fails, so one run shows every problem.
      const lint = await run('eslint', bin('eslint'), [...cache('eslint'), 'lib', 'bin', 'test', 'bench', 'scripts']);
      const format = await run('prettier --check', bin('prettier'), [...cache('prettier'), '--check', '.']);
      return lint && format;
    })(),
  ];
  return Promise.all(lanes).then((results) => results.every(Boolean));
}

module.exports = { checks };

if (require.main === module) checks().then((ok) => (process.exitCode = ok ? 0 : 1));
