// `npm test`: the static checks (scripts/static-checks.js) and Jest at once. Jest spends its first seconds on one
// core (the global setup's synthesis, then the workers loading the cloud libraries) and the type-check is one
// process, so side by side they fill both cores where one after the other left one idle. Jest's output streams as
// usual; each static check prints its time and verdict when it ends (its output only when it failed), and the
// exit code is non-zero when anything failed. Arguments go to Jest (`npm test -- test/report`).
const path = require('path');
const { spawn } = require('child_process');
const { checks } = require('./static-checks');

const started = Date.now();
const jest = new Promise((resolve) => {
  const child = spawn(
    process.execPath,
    [path.join(__dirname, '..', 'node_modules', 'jest', 'bin', 'jest.js'), ...process.argv.slice(2)],
    {
      stdio: 'inherit',
    },
  );
  child.on('close', (code, signal) => resolve({ code, signal }));
  child.on('error', (e) => resolve({ code: null, signal: null, error: e }));
});

Promise.all([checks(), jest]).then(([staticOk, j]) => {
  const took = ((Date.now() - started) / 1000).toFixed(1);
  const jestOk = j.code === 0;
  const why = j.error ? `cannot start (${j.error.message})` : j.signal ? `killed by ${j.signal}` : `exit ${j.code}`;
  process.stdout.write(
    `> npm test (${took} s): static checks ${staticOk ? 'ok' : 'failed'}, jest ${jestOk ? 'ok' : `failed (${why})`}\n`,
  );
  process.exitCode = staticOk && jestOk ? 0 : 1;
});
