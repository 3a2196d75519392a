// Runs the type-check and the tests that load cloud libraries against the LOWEST versions package.json's
// peerDependencies accept (the pinned devDependencies are the highest, tested by `npm test`). The lowest versions
// are installed into a temporary folder and mapped over the pinned ones, for tsc (paths) and Jest (moduleNameMapper).
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const root = path.join(__dirname, '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const lowest = Object.entries(pkg.peerDependencies).map(([name, range]) => {
  const m = /^\^(\d+\.\d+\.\d+)$/.exec(range);
  if (!m) throw new Error(`peerDependencies.${name} is "${range}"; this script expects a caret range (^x.y.z)`);
  return [name, m[1]];
});
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'convoguard-peers-'));
const run = (cmd, args, opts = {}) => execFileSync(cmd, args, { stdio: 'inherit', ...opts });
try {
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'convoguard-lowest-peers', private: true }));
  console.log(`> installing the lowest supported peers: ${lowest.map(([n, v]) => `${n}@${v}`).join(' ')}`);
  run('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', ...lowest.map(([n, v]) => `${n}@${v}`)], {
    cwd: dir,
  });
  const nm = (p) => path.join(dir, 'node_modules', p);
  const paths = Object.fromEntries(
    lowest.flatMap(([n]) => [
      [n, [nm(n)]],
      [`${n}/*`, [nm(`${n}/*`)]],
    ]),
  );
  fs.writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({
      extends: path.join(root, 'tsconfig.json'),
      compilerOptions: {
        noEmit: true,
        baseUrl: root,
        paths,
        typeRoots: [path.join(root, 'node_modules', '@types')],
        types: ['node'],
      },
      include: [path.join(root, 'lib/**/*.ts'), path.join(root, 'bin/**/*.ts')],
    }),
  );
  console.log('> tsc --noEmit against the lowest peers');
  run(path.join(root, 'node_modules', '.bin', 'tsc'), ['-p', path.join(dir, 'tsconfig.json')]);
  const escape = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const mapper = Object.fromEntries(
    lowest.flatMap(([n]) => [
      [`^${escape(n)}$`, nm(n)],
      [`^${escape(n)}/(.*)$`, `${nm(n)}/$1`],
    ]),
  );
  fs.writeFileSync(
    path.join(dir, 'jest.config.js'),
    `module.exports = { ...require(${JSON.stringify(path.join(root, 'jest.config.js'))}), rootDir: ${JSON.stringify(root)}, moduleNameMapper: ${JSON.stringify(mapper)} };\n`,
  );
  console.log('> the tests that load cloud libraries, against the lowest peers');
  run(
    path.join(root, 'node_modules', '.bin', 'jest'),
    ['-c', path.join(dir, 'jest.config.js'), 'test/aws', 'test/gcp', 'test/report', 'test/cli'],
    { cwd: root },
  );
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
