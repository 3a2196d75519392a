// Lets `node -r ./scripts/register.js file.ts` run TypeScript sources directly (development, benchmarks).
// Transpiles with SWC, never type-checks: `tsc --noEmit` does that in `npm test`.
const { transformSync } = require('@swc/core');
const fs = require('fs');
require.extensions['.ts'] = function (module, filename) {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  });
  module._compile(code, filename);
};
