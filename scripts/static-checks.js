// `npm test`'s static checks, on the two cores the suite is budgeted for: the type-check in one lane, lint then
// formatting in the other. Each command's output is printed whole when it ends; the exit code is non-zero when
// any check failed.
const { spawn } = require('child_process');

function run(name, cmd, args) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(cmd, args, { shell: process.platform === 'win32' });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code) => {
      process.stdout.write(
        `> ${name} (${((Date.now() - started) / 1000).toFixed(1)} s): ${code === 0 ? 'ok' : `failed with exit ${code}`}\n${code === 0 ? '' : out}`,
      );
      resolve(code === 0);
    });
    child.on('error', (e) => {
      process.stdout.write(`> ${name}: cannot start (${e.message})\n`);
      resolve(false);
    });
  });
}

const bin = (name) => require('path').join(__dirname, '..', 'node_modules', '.bin', name);
const lanes = [
  // tsc's type-check through the compiler API, and the API report from the same program (api/convoguard.api.md).
  run('type-check and API report', process.execPath, [require('path').join(__dirname, 'typecheck.js')]),
  (async () => {
    // Both run even when the first fails, so one run shows every problem.
    const lint = await run('eslint', bin('eslint'), ['lib', 'bin', 'test', 'bench', 'scripts']);
    const format = await run('prettier --check', bin('prettier'), ['--check', '.']);
    return lint && format;
  })(),
];
Promise.all(lanes).then((results) => {
  process.exitCode = results.every(Boolean) ? 0 : 1;
});
