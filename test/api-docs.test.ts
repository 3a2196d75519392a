/**
 * The construct API documents itself as aws-cdk's does: every optional prop of an exported `…Props` or `…Options`
 * interface in lib/aws and lib/gcp says what happens without it (`@default`), read from the source with the
 * TypeScript compiler.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { ROOT, tmpDir } from './helpers';

function undocumentedOptionalProps(dirs: readonly string[], root = ROOT): string[] {
  const missing: string[] = [];
  for (const dir of dirs) {
    for (const f of fs.readdirSync(path.join(root, dir)).filter((x) => x.endsWith('.ts'))) {
      const file = path.join(dir, f);
      const src = ts.createSourceFile(
        file,
        fs.readFileSync(path.join(root, file), 'utf8'),
        ts.ScriptTarget.Latest,
        true,
      );
      const visit = (n: ts.Node): void => {
        if (
          ts.isInterfaceDeclaration(n) &&
          n.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword) &&
          /(Props|Options)$/.test(n.name.text)
        ) {
          for (const m of n.members) {
            if (
              ts.isPropertySignature(m) &&
              m.questionToken &&
              !ts.getJSDocTags(m).some((t) => t.tagName.text === 'default')
            )
              missing.push(`${file}: ${n.name.text}.${m.name.getText(src)}`);
          }
        }
        ts.forEachChild(n, visit);
      };
      visit(src);
    }
  }
  return missing;
}

test('every optional construct prop has @default', () => {
  expect(undocumentedOptionalProps(['lib/aws', 'lib/gcp'])).toEqual([]);
});

test('the check finds an optional prop without @default', () => {
  const root = tmpDir('convoguard-api-');
  fs.mkdirSync(path.join(root, 'lib'));
  fs.writeFileSync(
    path.join(root, 'lib', 'x.ts'),
    'export interface XProps {\n  /** documented. @default none */\n  readonly a?: string;\n  /** not documented */\n  readonly b?: string;\n  readonly c: string;\n}\n',
  );
  expect(undocumentedOptionalProps(['lib'], root)).toEqual(['lib/x.ts: XProps.b']);
});
