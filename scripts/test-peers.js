// Runs the type-check and the tests that build with the cloud libraries against the LOWEST versions package.json's
// peerDependencies accept (the pinned devDependencies are the highest, tested by `npm test`). The lowest versions
// are installed into a temporary folder and mapped over the pinned ones, for tsc (paths) and Jest (moduleNameMapper).
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { lane } = require('./lanes');

const root = path.join(__dirname, '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const peers = Object.entries(pkg.peerDependencies).map(([name, range]) => {
  const m = /^\^(\d+\.\d+\.\d+)$/.exec(range);
  if (!m) throw new Error(`peerDependencies.${name} is "${range}"; this script expects a caret range (^x.y.z)`);
  return [name, m[1]];
});
// Only the peers whose lowest version is not the pinned one are installed and mapped: the others are already what
// the suite ran with (installing the Google provider again took most of the install's time).
const lowest = peers.filter(([name, version]) => pkg.devDependencies[name] !== version);
const same = peers.filter(([name, version]) => pkg.devDependencies[name] === version).map(([n, v]) => `${n}@${v}`);
// The suites that build constructs, stacks and apps with the cloud libraries: all of test/aws (aws-cdk-lib and
// constructs are the peers whose lowest versions differ from the pinned ones), the Google constructs, app and stacks,
// the CLI's synthesis and apps, and the cdk-nag pack. The suites left out mostly read the shared example synthesis
// (test/global-setup.ts), which is made before Jest maps modules, with the pinned peers.
// `npm run test:peers -- --all` runs every suite under test/aws, test/gcp, test/report and test/cli.
const SAMPLE = [
  'test/aws/',
  'test/gcp/constructs.test.ts',
  'test/gcp/app.test.ts',
  'test/gcp/stacks.test.ts',
  'test/cli/synthesis.test.ts',
  'test/cli/apps.test.ts',
  'test/report/hand-edits.test.ts',
];
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'convoguard-peers-'));
const run = (cmd, args, opts = {}) => execFileSync(cmd, args, { stdio: 'inherit', ...opts });
(async () => {
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'convoguard-lowest-peers', private: true }));
  if (lowest.length === 0) {
    console.log(`> every lowest supported peer is the pinned one (${same.join(' ')}): npm test has tested them`);
    return;
  }
  console.log(
    `> installing the lowest supported peers: ${lowest.map(([n, v]) => `${n}@${v}`).join(' ')}` +
      (same.length ? ` (${same.join(', ')}: the lowest is the pinned one)` : ''),
  );
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
  // The type-check (one core) and the tests (Jest's workers) at once; each one's output is printed when it ends.
  const opts = { cwd: root, env: { ...process.env, FORCE_COLOR: '0' } };
  const all = process.argv.includes('--all');
  const results = await Promise.all([
    lane(
      'tsc --noEmit against the lowest peers',
      path.join(root, 'node_modules', '.bin', 'tsc'),
      ['-p', path.join(dir, 'tsconfig.json')],
      opts,
    ),
    lane(
      `${all ? 'every test that loads cloud libraries' : 'the tests that drive the cloud libraries'}, against the lowest peers`,
      path.join(root, 'node_modules', '.bin', 'jest'),
      ['-c', path.join(dir, 'jest.config.js'), ...(all ? ['test/aws', 'test/gcp', 'test/report', 'test/cli'] : SAMPLE)],
      opts,
    ),
  ]);
  if (!results.every(Boolean)) process.exitCode = 1;
})()
  .catch((e) => {
    process.stderr.write(`${e.message}\n`);
    process.exitCode = 1;
  })
  .finally(() => fs.rmSync(dir, { recursive: true, force: true }));
