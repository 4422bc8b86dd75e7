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

/**
 * Every import in a bundle that would need Node: a Node built-in (`fs`, `node:path`, …) however it
 * was resolved (a polyfill package found in node_modules counts too), and anything left external
 * except the modules the host provides. An import a package's own `browser` field disables
 * (esbuild's "(disabled):" path, e.g. web-tree-sitter's `fs` in its Node-only branch) is empty in the
 * bundle and passes.
 */
export function nodeImports(metafile, allowedExternal = []) {
	const problems = [];
	for (const [file, input] of Object.entries(metafile.inputs)) {
		for (const imp of input.imports) {
			const specifier = imp.original ?? imp.path;
			if (imp.path.startsWith('(disabled):')) continue;
			if (imp.external && allowedExternal.includes(specifier)) continue;
			if (isBuiltin(specifier) || imp.external) problems.push(`${file} imports ${JSON.stringify(specifier)}${imp.external ? ' (left external)' : ` (resolved to ${imp.path})`}`);
		}
	}
	return problems;
}

export async function buildWeb({ production, define }) {
	for (const e of WEB_ENTRIES) {
		const result = await build({
			entryPoints: [e.in],
			outfile: e.out,
			bundle: true,
			platform: 'browser',
			format: e.format,
			target: 'es2022',
			external: e.external,
			sourcemap: !production,
			minify: production,
			metafile: true,
			logLevel: 'warning',
			define,
		});
		const problems = nodeImports(result.metafile, e.external);
		if (problems.length > 0) throw new Error(`${e.out} must run in a browser, but it needs Node:\n  ${problems.join('\n  ')}`);
	}
	return WEB_ENTRIES.map((e) => e.out);
}
