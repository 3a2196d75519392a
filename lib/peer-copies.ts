/**
 * One copy of each construct library. convoguard's constructs extend the `Construct` of the `constructs` package
 * that *convoguard* resolves; an app's stacks extend the one the *app* resolves. Installed from the registry or a
 * packed tarball they are the same file. A linked install (`npm install ../convoguard`, `file:`, `npm link`)
 * resolves convoguard's peers from the linked checkout's own node_modules instead, so the app sees two copies: of
 * the same version they agree (their tokens and symbols are global), of different versions they do not, and the
 * first construct fails deep inside the library (`scope.node._scopes is not iterable` with constructs 10.5.1) or
 * the app's types do not compile. Refused when the entry point loads, with the version to install.
 */
import * as fs from 'fs';
import * as path from 'path';

export interface PeerCopy {
  readonly name: string;
  readonly version: string;
  /** The package folder. */
  readonly dir: string;
}

/** The package `name` as it resolves from `fromDir`, or undefined when it does not resolve there. */
export function peerCopy(name: string, fromDir: string): PeerCopy | undefined {
  let entry: string;
  try {
    entry = require.resolve(name, { paths: [fromDir] });
  } catch {
    return undefined;
  }
  // Walk up from the entry file to the package's own package.json (exports may not list ./package.json).
  for (let dir = path.dirname(fs.realpathSync(entry)); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (!fs.existsSync(file)) continue;
    try {
      const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === name && typeof pkg.version === 'string') return { name, version: pkg.version, dir };
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** The folder of this package (where its package.json is), through symlinks. */
const OWN_ROOT = (() => {
  for (let dir = fs.realpathSync(__dirname); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    try {
      if (
        (JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string }).name === 'convoguard'
      )
        return dir;
    } catch {
      // no package.json here: keep walking up
    }
  }
  return fs.realpathSync(__dirname);
})();

/**
 * Where the app resolves its libraries from: the entry script's folder, unless that is convoguard's own (its CLI,
 * which uses convoguard's copies throughout), else the working directory.
 */
export function appDir(main: string | undefined = require.main?.filename): string | undefined {
  if (main) {
    const dir = path.dirname(fs.existsSync(main) ? fs.realpathSync(main) : main);
    if (dir === OWN_ROOT || dir.startsWith(OWN_ROOT + path.sep)) return undefined;
    return dir;
  }
  return process.cwd();
}

/** The one-line refusal for two differing copies, or undefined when the app and convoguard agree. */
export function secondCopies(
  entry: string,
  names: readonly string[],
  app: string | undefined = appDir(),
  own: string = __dirname,
): string | undefined {
  if (!app) return undefined;
  const problems: string[] = [];
  for (const name of names) {
    const ours = peerCopy(name, own);
    const theirs = peerCopy(name, app);
    if (!ours || !theirs || ours.dir === theirs.dir || ours.version === theirs.version) continue;
    problems.push(
      `${name} ${theirs.version} (${theirs.dir}) while ${entry} uses ${name} ${ours.version} (${ours.dir})`,
    );
  }
  if (problems.length === 0) return undefined;
  const install = names
    .map((n) => peerCopy(n, own))
    .filter((c): c is PeerCopy => c !== undefined && problems.some((p) => p.startsWith(`${c.name} `)))
    .map((c) => `${c.name}@${c.version}`);
  return (
    `convoguard: two copies of a construct library, as a linked install (npm link, file:, a path) resolves convoguard's peers from its own checkout: ` +
    `your app uses ${problems.join('; and ')}. Install the same version in your app (npm install --save-dev ${install.join(' ')}) or install convoguard from the registry or a packed tarball (npm pack)`
  );
}

/**
 * An error printed as its one line: node shows `stack` for an uncaught error (bracketed when it has no frames), and
 * a trace here says nothing useful. `name` lives on the prototype, or node would print it as an own property too.
 */
export class PeerCopiesError extends Error {
  constructor(message: string) {
    super(message);
    this.stack = message;
  }
}
Object.defineProperty(PeerCopiesError.prototype, 'name', { value: 'PeerCopiesError' });

/** Throws PeerCopiesError when the app resolves a differing copy of any of `names`. */
export function refuseSecondCopies(entry: string, names: readonly string[]): void {
  const message = secondCopies(entry, names);
  if (message) throw new PeerCopiesError(message);
}
