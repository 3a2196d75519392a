import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PeerCopiesError, appDir, peerCopy, refuseSecondCopies, secondCopies } from '../lib/peer-copies';

/** A project folder with `constructs` (and aws-cdk-lib) of the given versions in its node_modules. */
function project(root: string, name: string, versions: Record<string, string>): string {
  const dir = path.join(root, name);
  for (const [pkg, version] of Object.entries(versions)) {
    const p = path.join(dir, 'node_modules', pkg);
    fs.mkdirSync(path.join(p, 'lib'), { recursive: true });
    // An exports map without ./package.json, as constructs ships: the version is found by walking up from the entry.
    fs.writeFileSync(
      path.join(p, 'package.json'),
      JSON.stringify({ name: pkg, version, exports: { '.': './lib/index.js' } }),
    );
    fs.writeFileSync(path.join(p, 'lib', 'index.js'), 'module.exports = {};');
  }
  fs.mkdirSync(path.join(dir, 'src'), { recursive: true });
  return dir;
}

describe('one copy of each construct library', () => {
  let root: string;
  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'convoguard-copies-'));
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('reads the version of a package whose exports do not list package.json', () => {
    const dir = project(root, 'read', { constructs: '10.5.1' });
    expect(peerCopy('constructs', path.join(dir, 'src'))).toEqual({
      name: 'constructs',
      version: '10.5.1',
      dir: fs.realpathSync(path.join(dir, 'node_modules', 'constructs')),
    });
    expect(peerCopy('not-installed-anywhere', dir)).toBeUndefined();
  });

  it('refuses differing versions in one line naming what to install, and passes the same version or the same copy', () => {
    const app = project(root, 'app', { constructs: '10.5.1', 'aws-cdk-lib': '2.273.0' });
    const own = project(root, 'checkout', { constructs: '10.8.1', 'aws-cdk-lib': '2.273.0' });
    const message = secondCopies(
      'convoguard/aws',
      ['constructs', 'aws-cdk-lib'],
      path.join(app, 'src'),
      path.join(own, 'src'),
    );
    expect(message).toContain('your app uses constructs 10.5.1');
    expect(message).toContain('while convoguard/aws uses constructs 10.8.1');
    expect(message).toContain('(npm install --save-dev constructs@10.8.1) or install convoguard');
    // aws-cdk-lib is a second copy too, but of the same version: its tokens and symbols are global, it works.
    expect(message).not.toContain('aws-cdk-lib@');
    expect(message).not.toContain('\n');
    const same = project(root, 'same', { constructs: '10.8.1', 'aws-cdk-lib': '2.273.0' });
    expect(
      secondCopies('convoguard/aws', ['constructs', 'aws-cdk-lib'], path.join(same, 'src'), path.join(own, 'src')),
    ).toBeUndefined();
    expect(
      secondCopies('convoguard/aws', ['constructs'], path.join(own, 'src'), path.join(own, 'src')),
    ).toBeUndefined();
    // An app without the library (an AWS-only repo loading nothing of cdktf) has nothing to disagree with.
    expect(secondCopies('convoguard/gcp', ['cdktf'], path.join(app, 'src'), path.join(own, 'src'))).toBeUndefined();
  });

  it('prints as its one line, with no trace', () => {
    const e = new PeerCopiesError('convoguard: two copies of a construct library');
    expect(e.stack).toBe('convoguard: two copies of a construct library');
    expect(e.name).toBe('PeerCopiesError');
    expect(Object.keys(e)).toEqual([]);
  });

  it('does not judge convoguard’s own CLI, whose entry lives in the package, and loads in this checkout', () => {
    expect(appDir(path.join(__dirname, '..', 'bin', 'convoguard.ts'))).toBeUndefined();
    expect(appDir(path.join(root, 'app', 'src', 'app.js'))).toBe(path.join(root, 'app', 'src'));
    expect(() => refuseSecondCopies('convoguard/aws', ['constructs', 'aws-cdk-lib', 'cdk-nag'])).not.toThrow();
  });
});
