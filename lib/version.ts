import * as fs from 'fs';
import * as path from 'path';

/** This package's version, from its package.json (found upward from here: lib/ in the source, dist/lib/ when built). */
export function packageVersion(): string {
  for (let dir = __dirname, i = 0; i < 5; i++, dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (!fs.existsSync(file)) continue;
    const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version?: string };
    if (pkg.name === 'convoguard' && typeof pkg.version === 'string') return pkg.version;
  }
  return 'unknown';
}
