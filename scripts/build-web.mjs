// The web faces (VS Code for the Web: vscode.dev, github.dev), called by build.mjs: the language
// server as a web worker (dist/web/server.js, an iife) and the browser entry of the extension
// (dist/web/extension.js, CommonJS as the web extension host loads it). Both bundles must run
// without Node: the build fails when either reaches a Node built-in, read from esbuild's metafile.
import { build } from 'esbuild';
import { isBuiltin } from 'node:module';

export const WEB_ENTRIES = [
	{ in: 'server/src/browser/serverMain.ts', out: 'dist/web/server.js', format: 'iife', external: [] },
	{ in: 'client/src/browser/extensionMain.ts', out: 'dist/web/extension.js', format: 'cjs', external: ['vscode'] },
];

/** What the web extension host provides to the extension's bundle; nothing else may stay external. */
const HOST_MODULES = ['vscode'];

/**
 * Every import in a bundle that would need Node: a Node built-in (`fs`, `node:path`, …) however it
 * was resolved (a package of the same name found in node_modules, such as `punycode`, counts too),
 * and anything left external except the modules the host provides. An import that a package's own
 * `browser` field disables (esbuild's "(disabled):" path, e.g. web-tree-sitter's `fs` in its
 * Node-only branch) is empty in the bundle and passes.
 */
export function nodeImports(metafile) {
	const problems = [];
	for (const [file, input] of Object.entries(metafile.inputs)) {
		for (const imp of input.imports) {
			const specifier = imp.original ?? imp.path;
			if (imp.path.startsWith('(disabled):')) continue;
			if (imp.external && HOST_MODULES.includes(specifier)) continue;
			if (isBuiltin(specifier) || imp.external) problems.push(`${file} imports ${JSON.stringify(specifier)}${imp.external ? ' (left external)' : ` (resolved to ${imp.path})`}`);
		}
	}
	return problems;
}

/**
 * Bundles one web entry for the browser and returns what in it would need Node (empty: none).
 * `entry` is { in, out, format, external } or, for tests, { stdin: { contents, resolveDir }, … }.
 * esbuild itself refuses a built-in it cannot resolve; the metafile catches the rest.
 */
export async function bundleWeb(entry, { production = false, define = {}, write = true } = {}) {
	const result = await build({
		...(entry.stdin ? { stdin: { ...entry.stdin, loader: 'ts' } } : { entryPoints: [entry.in] }),
		outfile: entry.out,
		bundle: true,
		platform: 'browser',
		format: entry.format,
		target: 'es2022',
		external: entry.external ?? [],
		sourcemap: !production,
		minify: production,
		metafile: true,
		write,
		logLevel: write ? 'warning' : 'silent',
		define: {
			...define,
			// web-tree-sitter (an ES module) names its wasm file relative to import.meta.url, which a
			// worker bundle has not; the server always hands it the wasm's bytes (wasmBinary), so the
			// URL is never fetched: a reserved, unresolvable name (RFC 2606) says so.
			'import.meta.url': JSON.stringify('https://iam-restore-lint.invalid/dist/web/server.js'),
		},
	});
	return nodeImports(result.metafile);
}

export async function buildWeb({ production, define }) {
	for (const e of WEB_ENTRIES) {
		const problems = await bundleWeb(e, { production, define });
		if (problems.length > 0) throw new Error(`${e.out} must run in a browser, but it needs Node:\n  ${problems.join('\n  ')}`);
	}
	return WEB_ENTRIES.map((e) => e.out);
}
