import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import type { CompletionList } from 'vscode-languageserver-protocol';
import { policyText, scenarioPolicy } from '../support/fixtures';
import { TestLspClient } from '../support/lspClient';
import { garbageLine } from '../support/random';

/** Fails when a request is not answered within `ms`: a server that hangs must not hang the test. */
function within<T>(ms: number, what: string, request: Promise<T>): Promise<T> {
	let timer: ReturnType<typeof setTimeout> | undefined;
	const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms)));
	return Promise.race([request, timeout]).finally(() => clearTimeout(timer));
}

/**
 * The real server over stdio on the inputs the fuzzer found to crash or stall it (issue 11), and
 * the limits and settings that apply on every path to diagnostics. Settings are chosen per file
 * name, so one server serves the whole suite.
 */
suite('language server guards (stdio)', function () {
	this.timeout(60000);
	let client: TestLspClient;
	let dir = '';
	let folder = '';
	const settingsByName: Record<string, unknown> = {};
	suiteSetup(async () => {
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'irl-guards-'));
		folder = pathToFileURL(dir).toString();
		client = new TestLspClient();
		client.settings = (scopeUri) => settingsByName[path.posix.basename(scopeUri ?? '')] ?? {};
		await client.initialize('pull', folder);
	});
	suiteTeardown(async () => {
		await client.stop();
		fs.rmSync(dir, { recursive: true, force: true });
	});

	async function stillAnswering(): Promise<void> {
		const uri = `${folder}/alive-${Date.now()}.json`;
		client.open(uri, scenarioPolicy('veeam-aws-ec2-restore', ['iam:PassRole']));
		assert.ok((await within(10000, 'diagnostics after', client.pull(uri))).some((d) => d.code === 'scenario-missing'), 'the server still answers');
		assert.ok(client.alive, `the server exited: ${client.stderr}`);
	}

	test('completion in a document nested 20,000 deep answers (nothing) instead of overflowing the stack', async () => {
		const uri = `${folder}/deep.json`;
		const text = `{"Statement": [{"Action": [${'['.repeat(20_000)}`;
		client.open(uri, text);
		const list = await within(10000, 'completion', client.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: text.length } }));
		assert.strictEqual(list, null);
		await stillAnswering();
	});

	test('a 100 KB line of garbage: at most 101 syntax diagnostics in a small message, and the server keeps answering', async () => {
		const uri = `${folder}/garbage.json`;
		client.open(uri, `{"Version": "2012-10-17", "Statement": [${garbageLine(100_000)}]}`);
		const diagnostics = await within(20000, 'diagnostics', client.pull(uri));
		const syntax = diagnostics.filter((d) => d.code === 'json-syntax');
		assert.strictEqual(syntax.length, 101);
		assert.match(syntax[100].message, /^\d+ more syntax errors from here on; only the first 100 are reported one by one\.$/);
		assert.ok(JSON.stringify(diagnostics).length < 200_000, `${JSON.stringify(diagnostics).length} characters`);
		await stillAnswering();
	});

	test('code actions and fix-all on a deeply nested broken document answer promptly', async () => {
		const uri = `${folder}/nested-broken.json`;
		const text = `{"Version":"2012-10-17","Statement": [{"Effect":"Allow","Action":["ec2:*",${'['.repeat(120)}${'"x",'.repeat(20_000)}`;
		client.open(uri, text);
		const diagnostics = await within(20000, 'diagnostics', client.pull(uri));
		const started = Date.now();
		await within(10000, 'quick fixes', client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: text.length } }, context: { diagnostics } }));
		await within(10000, 'fix-all', client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [], only: ['source.fixAll'] } }));
		await within(10000, 'hover', client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 60 } }));
		assert.ok(Date.now() - started < 10000);
		await stillAnswering();
	});

	test('past 1,000 diagnostics in one document, one summary stands for the rest', async () => {
		const uri = `${folder}/many.json`;
		client.open(uri, policyText(Array.from({ length: 1500 }, () => ({ Action: 's3:GetObject', Resource: '*' }))));
		const diagnostics = await within(20000, 'diagnostics', client.pull(uri));
		assert.strictEqual(diagnostics.length, 1001);
		assert.match(diagnostics[1000].message, /^\d+ more problems from here on are not shown; only the first 1000 of a document are\.$/);
	});

	test('severity overrides apply to every code, the server\'s own included (requirement-set-invalid, document-too-large)', async () => {
		const setPath = path.join(dir, 'broken-set.json');
		fs.writeFileSync(setPath, '{"id": "x"}');
		settingsByName['broken-set.json'] = { requirementSets: ['broken-set.json'], severity: { 'requirement-set-invalid': 'warning' } };
		const setUri = pathToFileURL(setPath).toString();
		client.open(setUri, '{"id": "x"}');
		const setProblems = await client.pull(setUri);
		assert.ok(setProblems.length > 0 && setProblems.every((d) => d.code === 'requirement-set-invalid' && d.severity === 2), JSON.stringify(setProblems));

		const huge = policyText([{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }]) + ' '.repeat(5 * 1024 * 1024);
		client.open(`${folder}/huge.json`, huge);
		const notice = await client.pull(`${folder}/huge.json`);
		assert.deepStrictEqual(notice.map((d) => [d.code, d.severity]), [['document-too-large', 3]]);
		settingsByName['huge-off.json'] = { severity: { 'document-too-large': 'off' } };
		client.open(`${folder}/huge-off.json`, huge);
		assert.deepStrictEqual(await client.pull(`${folder}/huge-off.json`), []);
	});

	test('completion offers only what continues the typed text (or a wildcard covering it): after "kms:Re", no ec2: action even when the file misses some', async () => {
		const uri = `${folder}/typing.json`;
		const text = policyText([{ Effect: 'Allow', Action: ['ec2:DescribeInstances', 'ec2:CreateTags', 'kms:Re'], Resource: '*' }]);
		settingsByName['typing.json'] = { scenarios: { 'typing*.json': ['veeam-aws-ec2-restore'] } };
		client.open(uri, text);
		const at = text.indexOf('kms:Re') + 'kms:Re'.length;
		const line = text.slice(0, at).split('\n').length - 1;
		const character = at - text.lastIndexOf('\n', at - 1) - 1;
		const list = (await client.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line, character } })) as CompletionList;
		const labels = list.items.map((i) => i.label);
		assert.ok(labels.includes('kms:ReEncryptFrom'), labels.slice(0, 10).join());
		// Besides kms:Re…, only the service's wildcard, which covers what is typed.
		assert.deepStrictEqual(labels.filter((l) => !l.toLowerCase().startsWith('kms:re')), ['kms:*']);
		// Where nothing is typed yet, the file's missing actions still come first.
		const empty = policyText([{ Effect: 'Allow', Action: ['ec2:DescribeInstances', ''], Resource: '*' }]);
		const emptyUri = `${folder}/typing-empty.json`;
		settingsByName['typing-empty.json'] = settingsByName['typing.json'];
		client.open(emptyUri, empty);
		const at2 = empty.indexOf('""') + 1;
		const list2 = (await client.connection.sendRequest('textDocument/completion', {
			textDocument: { uri: emptyUri },
			position: { line: empty.slice(0, at2).split('\n').length - 1, character: at2 - empty.lastIndexOf('\n', at2 - 1) - 1 },
		})) as CompletionList;
		assert.ok(list2.items.some((i) => i.label === 'ec2:RunInstances' && /required by/.test(i.detail ?? '')), list2.items.slice(0, 3).map((i) => i.label).join());
	});
});
