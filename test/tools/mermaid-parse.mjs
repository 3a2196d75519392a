// Parses Mermaid diagrams with mermaid's own parser (12.4 here; GitHub renders with a version it pins): a JSON array
// of diagram sources on stdin, a JSON array of { ok, type?, error? } on stdout, one per diagram. mermaid is ESM and
// needs a DOM for the sanitizer it loads (DOMPurify), so this runs as a process of its own with linkedom's window;
// Jest runs CommonJS.
import process from 'node:process';
import { parseHTML } from 'linkedom';

const { window } = parseHTML('<!doctype html><html><body></body></html>');
globalThis.window = window;
globalThis.document = window.document;
const { default: mermaid } = await import('mermaid');
// securityLevel strict is what GitHub renders with: no click handlers, no HTML labels run.
mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });

let input = '';
for await (const chunk of process.stdin) input += chunk;
const results = [];
for (const source of JSON.parse(input)) {
  try {
    const r = await mermaid.parse(source);
    results.push({ ok: true, type: r.diagramType });
  } catch (e) {
    results.push({
      ok: false,
      error: String(e?.message ?? e)
        .split('\n')
        .slice(0, 4)
        .join('\n'),
    });
  }
}
process.stdout.write(JSON.stringify(results));
