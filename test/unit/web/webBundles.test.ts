import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import * as web from '../../../server/src/browser/dataFiles';
import { CATALOG_FILE } from '../../../server/src/node/catalogFile';
import { MANAGED_POLICIES_FILE } from '../../../server/src/node/managedPoliciesFile';
import { repoRoot } from '../../support/fixtures';

interface WebEntry {
	in?: string;
	out: string;
	format: 'iife' | 'cjs';
	external?: string[];
	stdin?: { contents: string; resolveDir: string };
}
interface BuildWeb {
	WEB_ENTRIES: WebEntry[];
	bundleWeb(entry: WebEntry, options: { write: boolean }): Promise<string[]>;
}

// scripts/build-web.mjs is an ES module; a Function keeps tsc from turning import() into require().
const importEsm = new Function('specifier', 'return import(specifier)') as (s: string) => Promise<unknown>;
const buildWeb = () => importEsm(pathToFileURL(path.join(repoRoot, 'scripts', 'build-web.mjs')).href) as Promise<BuildWeb>;

/** A one-file bundle resolved from the repository (so node_modules is found). */
function entry(contents: string, external: string[] = []): WebEntry {
	return { stdin: { contents, resolveDir: repoRoot }, out: path.join(repoRoot, 'out', 'web-check.js'), format: 'iife', external };
}

suite('web worker data files', () => {
	test('the worker loads the files the Node faces read, under the same names, and the build ships them in dist/', () => {
		assert.strictEqual(web.CATALOG_FILE, CATALOG_FILE);
		assert.strictEqual(web.MANAGED_POLICIES_FILE, MANAGED_POLICIES_FILE);
		for (const name of [web.CATALOG_FILE, web.MANAGED_POLICIES_FILE, web.TREE_SITTER_RUNTIME_FILE, web.HCL_GRAMMAR_FILE])
			assert.ok(fs.existsSync(path.join(repoRoot, 'dist', name)), `dist/${name} (npm run build)`);
	});
});

suite('web bundles: nothing that needs Node (scripts/build-web.mjs)', function () {
	this.timeout(60000);

	test('the worker server and the browser extension entry bundle for the browser with no Node built-in', async () => {
		const { WEB_ENTRIES, bundleWeb } = await buildWeb();
		assert.deepStrictEqual(
			WEB_ENTRIES.map((e) => e.out),
			['dist/web/server.js', 'dist/web/extension.js'],
		);
		for (const e of WEB_ENTRIES) assert.deepStrictEqual(await bundleWeb({ ...e, in: path.join(repoRoot, e.in!) }, { write: false }), [], e.in);
	});

	test('a Node built-in found as a package in node_modules (punycode) fails the check', async () => {
		const { bundleWeb } = await buildWeb();
		const problems = await bundleWeb(entry("import * as p from 'punycode'; console.log(p);"), { write: false });
		assert.strictEqual(problems.length, 1, JSON.stringify(problems));
		assert.match(problems[0], /imports "punycode" \(resolved to node_modules\/punycode\//);
	});

	test('a built-in left external fails the check; only the host-provided module may stay external', async () => {
		const { bundleWeb } = await buildWeb();
		const problems = await bundleWeb(entry("import * as fs from 'node:fs'; import * as vscode from 'vscode'; console.log(fs, vscode);", ['node:fs', 'vscode']), { write: false });
		assert.deepStrictEqual(problems, ['<stdin> imports "node:fs" (left external)']);
	});

	test('a built-in esbuild cannot resolve for the browser fails the build itself', async () => {
		const { bundleWeb } = await buildWeb();
		await assert.rejects(bundleWeb(entry("import { readFileSync } from 'fs'; console.log(readFileSync);"), { write: false }), /Could not resolve "fs"/);
	});
});
