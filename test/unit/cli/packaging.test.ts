import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { DiagnosticCode } from '../../../server/src/engine';
import { repoRoot } from '../../support/fixtures';
import { zipEntries } from '../../support/zip';

const vsix = path.join(repoRoot, 'iam-restore-lint.vsix');

suite('packaged .vsix (built by npm run package, which npm test runs first)', () => {
	test('ships the bundles, the AWS action catalog and managed policies, tree-sitter\'s runtime and HCL grammar, schemas, icon, README, CHANGELOG and LICENSE, and nothing else', () => {
		assert.ok(fs.existsSync(vsix), 'run `npm run package` first');
		const files = zipEntries(vsix).filter((f) => f.startsWith('extension/')).sort();
		assert.deepStrictEqual(files, [
			'extension/LICENSE.txt',
			'extension/changelog.md',
			'extension/dist/aws-actions.json',
			'extension/dist/aws-managed-policies.json',
			'extension/dist/cli.js',
			'extension/dist/extension.js',
			'extension/dist/iam-restore-lint.code-snippets',
			'extension/dist/server.js',
			'extension/dist/tree-sitter-terraform.wasm',
			'extension/dist/web-tree-sitter.wasm',
			'extension/dist/web/extension.js',
			'extension/dist/web/server.js',
			'extension/images/icon.png',
			'extension/package.json',
			'extension/readme.md',
			'extension/schemas/iam-policy.schema.json',
			'extension/schemas/requirement-set.schema.json',
		]);
	});

	test('the severity setting offers every finding code', () => {
		const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
		const offered = pkg.contributes.configuration.properties['iamRestoreLint.severity'].propertyNames.enum as string[];
		const codes = [...(Object.values(DiagnosticCode) as string[]), 'requirement-set-invalid', 'document-too-large'];
		assert.deepStrictEqual([...offered].sort(), [...codes].sort());
	});

	test('no sources, tests, source maps or node_modules', () => {
		for (const f of zipEntries(vsix)) assert.ok(!/\.ts$|\.map$|\/test\/|node_modules|\/src\//.test(f), f);
	});

	test('stays under 3 MB (issue 14: VS Code for the Web downloads it)', () => {
		// About 0.75 MB of code and action catalog, the AWS managed policies' documents (about 0.5 MB
		// zipped), the web bundles (about 0.3 MB zipped); measured 1.48 MB on 2026-12-02.
		assert.ok(fs.statSync(vsix).size < 3 * 1024 * 1024, `${fs.statSync(vsix).size} bytes`);
	});

	test('the manifest declares what the extension contributes', () => {
		const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
		assert.strictEqual(pkg.main, './dist/extension.js');
		// VS Code for the Web loads the browser entry, which starts the web worker server.
		assert.strictEqual(pkg.browser, './dist/web/extension.js');
		const shipped = zipEntries(vsix);
		for (const entry of [pkg.main, pkg.browser, './dist/web/server.js']) assert.ok(shipped.includes(`extension/${entry.slice(2)}`), entry);
		assert.deepStrictEqual(pkg.bin, { 'iam-restore-lint': 'dist/cli.js', 'iam-restore-lint-server': 'dist/server.js' });
		assert.strictEqual(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
		// Files that settings name are read through VS Code's workspace file system where they are
		// not on the server's disk (test/protocol/virtualWorkspace.test.ts, test/web).
		assert.strictEqual(pkg.capabilities.virtualWorkspaces, true);
		const props = Object.keys(pkg.contributes.configuration.properties).sort();
		assert.deepStrictEqual(props, ['iamRestoreLint.autoDetect', 'iamRestoreLint.enable', 'iamRestoreLint.requirementSets', 'iamRestoreLint.roles', 'iamRestoreLint.scenarios', 'iamRestoreLint.severity', 'iamRestoreLint.trace.server']);
		for (const v of pkg.contributes.jsonValidation) assert.ok(fs.existsSync(path.join(repoRoot, v.url)), v.url);
	});
});
