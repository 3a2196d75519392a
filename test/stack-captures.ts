/**
 * Jest maps every stack trace through source maps, including the ones cdktf and aws-cdk-lib capture for each token
 * and construct they create (on plain objects, `Error.captureStackTrace({})`) and never print in a test. Reading the
 * inline source maps of cdktf's files for those was about a tenth of the suite's time. Here a capture on a plain
 * object gets V8's own frames; an Error (a failing test, a thrown error) is still mapped to the TypeScript lines.
 * The price: a construct's creation stack printed with a failure shows compiled lines for lib/ and test/ frames.
 *
 * Node formats a stack with the prepareStackTrace of the realm that made the error, else the main realm's, which is
 * where Jest installs its formatter: an error from Node itself (fs) is of the main realm's Error.
 */
import * as fs from 'fs';

const MainError = ((): ErrorConstructor => {
  try {
    fs.readFileSync('\0');
  } catch (e) {
    // A TypeError of the main realm. Its chain ends Error.prototype, Object.prototype, null (the main realm's).
    let proto = Object.getPrototypeOf(e);
    while (Object.getPrototypeOf(Object.getPrototypeOf(proto)) !== null) proto = Object.getPrototypeOf(proto);
    return proto.constructor as ErrorConstructor;
  }
  return Error;
})();
const mapped = MainError.prepareStackTrace;
if (typeof mapped !== 'function' || MainError === Error || MainError.name !== 'Error') {
  // Said in every test file's output rather than failing the suite over a shortcut: the tests are as before, slower.
  console.warn('test/stack-captures.ts: Jest no longer formats stacks in the main realm; the shortcut is off');
} else {
  Error.prepareStackTrace = (e: unknown, frames: NodeJS.CallSite[]) => {
    if (e instanceof Error || e instanceof MainError) return mapped(e, frames);
    const { name = 'Error', message = '' } = (e ?? {}) as { name?: string; message?: string };
    return `${name}: ${message}${frames.map((f) => `\n    at ${f}`).join('')}`;
  };
}
