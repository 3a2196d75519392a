// Runs a command as one lane beside others (two cores): its output is kept and printed whole when it ends, under
// `> <name> (<seconds> s): ok` or `failed with exit <code>`, so lanes running at once never interleave. Used by
// `npm test`'s static checks, test:peers and test:package.
const { spawn } = require('child_process');

/**
 * @param {string} name what the lane is, as printed
 * @param {string} cmd the executable
 * @param {string[]} args its arguments
 * @param {{ cwd?: string, env?: NodeJS.ProcessEnv, output?: 'always' | 'on-failure' }} [opts] `output` defaults to
 *   'always'
 * @returns {Promise<boolean>} whether it exited 0
 */
function lane(name, cmd, args, opts = {}) {
  const { output = 'always', ...spawnOpts } = opts;
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(cmd, args, { shell: process.platform === 'win32', ...spawnOpts });
    let out = '';
    let failedToStart = false;
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code) => {
      if (failedToStart) return; // reported by 'error', which Node emits first
      const ok = code === 0;
      const took = ((Date.now() - started) / 1000).toFixed(1);
      const shown = ok && output === 'on-failure' ? '' : out;
      process.stdout.write(`> ${name} (${took} s): ${ok ? 'ok' : `failed with exit ${code}`}\n${shown}`);
      resolve(ok);
    });
    child.on('error', (e) => {
      failedToStart = true;
      process.stdout.write(`> ${name}: cannot start (${e.message})\n`);
      resolve(false);
    });
  });
}

module.exports = { lane };
