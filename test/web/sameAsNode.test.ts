import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { repoRoot } from '../support/fixtures';
import { TestLspClient } from '../support/lspClient';
import { WebWorkerLspClient } from '../support/webWorkerClient';

const CORPUS = path.join(repoRoot, 'test', 'corpus');
const LANGUAGE: Record<string, string> = { '.json': 'json', '.yaml': 'yaml', '.yml': 'yaml', '.tf': 'terraform' };

/** Every policy, template and Terraform file of the real-world corpus (provenance in its manifests). */
function corpusFiles(dir = CORPUS): string[] {
	return fs
		.readdirSync(dir, { withFileTypes: true })
		.flatMap((e) => (e.isDirectory() ? corpusFiles(path.join(dir, e.name)) : LANGUAGE[path.extname(e.name)] && e.name !== 'manifest.json' ? [path.join(dir, e.name)] : []))
		.sort();
}

/**
 * The same diagnostics in the browser as on the desktop: the web worker server (headless Chromium)
 * and the Node server (dist/server.js over stdio) are given every file of test/corpus and must
 * answer identically — codes, messages, ranges, severities, data.
 */
suite('web worker and Node server answer the same', function () {
	this.timeout(180000);
	let web: WebWorkerLspClient;
	let node: TestLspClient;
	suiteSetup(async () => {
		web = await WebWorkerLspClient.start();
		await web.initialize({ workspaceFolder: 'file:///corpus' });
		node = new TestLspClient();
		await node.initialize('pull', 'file:///corpus');
	});
	suiteTeardown(async () => {
		await web?.stop();
		await node?.stop();
	});

	test('every file of the corpus (JSON policies, CloudFormation YAML, Terraform): identical diagnostics', async () => {
		const files = corpusFiles();
		assert.ok(files.length >= 100, `${files.length} corpus files`);
		let withFindings = 0;
		const byLanguage = new Map<string, number>();
		for (const file of files) {
			const uri = `file:///corpus/${path.relative(CORPUS, file).split(path.sep).join('/')}`;
			const text = fs.readFileSync(file, 'utf8');
			const language = LANGUAGE[path.extname(file)];
			node.open(uri, text, language);
			await web.open(uri, text, language);
			const [fromNode, fromWeb] = await Promise.all([node.pull(uri), web.pull(uri)]);
			assert.deepStrictEqual(fromWeb, fromNode, uri);
			if (fromNode.length > 0) {
				withFindings++;
				byLanguage.set(language, (byLanguage.get(language) ?? 0) + 1);
			}
		}
		console.log(`      ${files.length} files, ${withFindings} with diagnostics (${[...byLanguage].map(([l, n]) => `${l} ${n}`).join(', ')}), identical in both`);
		// A comparison of empty answers would prove nothing: every language must have findings.
		for (const language of ['json', 'yaml', 'terraform']) assert.ok((byLanguage.get(language) ?? 0) > 0, `${language} files with diagnostics`);
	});
});
