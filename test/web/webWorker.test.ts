import * as assert from 'assert';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic, InitializeResult, MarkupContent, Position, TextDocumentEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { policyText, requirementSet, scenarioPolicy, userRequirementSet } from '../support/fixtures';
import { WebWorkerLspClient } from '../support/webWorkerClient';

/** A GitHub repository opened in github.dev / vscode.dev: a virtual workspace, no file system. */
const FOLDER = 'vscode-vfs://github/iam-restore-lint/example';

/** A Terraform policy (jsonencode) annotated with its scenario, missing 5 of its 8 actions. */
const TERRAFORM_POLICY = `# iam-restore-lint: aws-dynamodb-backup-restore
resource "aws_iam_policy" "restore" {
  name   = "restore"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["dynamodb:RestoreTableFromBackup", "dynamodb:PutItem", "dynamodb:Scan"]
      Resource = "*"
    }]
  })
}
`;

function position(text: string, offset: number): Position {
	const lines = text.slice(0, offset).split('\n');
	return { line: lines.length - 1, character: lines[lines.length - 1].length };
}

/** Applies a code action's edit for one document to its text, as VS Code would. */
function applyEdit(uri: string, text: string, edit: WorkspaceEdit | undefined): string {
	const changes = edit?.documentChanges
		? (edit.documentChanges as TextDocumentEdit[]).filter((c) => c.textDocument?.uri === uri).flatMap((c) => c.edits)
		: (edit?.changes?.[uri] ?? []);
	assert.ok(changes.length > 0, `the action edits ${uri}: ${JSON.stringify(edit)}`);
	return TextDocument.applyEdits(TextDocument.create(uri, 'json', 1, text), changes);
}

/**
 * The web worker language server (dist/web/server.js) in a real headless Chromium, as VS Code for
 * the Web runs it: LSP over postMessage, data fetched from the extension's dist/ over HTTP,
 * workspace files through the extension (vscode.workspace.fs), never a file system.
 */
suite('web worker language server in headless Chromium', function () {
	this.timeout(60000);
	let client: WebWorkerLspClient;
	let init: InitializeResult;

	suiteSetup(async () => {
		client = await WebWorkerLspClient.start();
		init = await client.initialize();
	});
	suiteTeardown(async () => {
		await client?.stop();
	});
	teardown(async function () {
		// Any error in the worker or the page fails the test that caused it.
		const state = await client.state();
		assert.deepStrictEqual([...state.errors, ...client.pageLog.filter((l) => /error/i.test(l))], []);
	});

	test('starts, offers the same capabilities as the Node server, and fetches the AWS catalog only when a policy needs it', async () => {
		assert.ok(init.capabilities.diagnosticProvider, 'pull diagnostics');
		assert.strictEqual(init.capabilities.hoverProvider, true);
		assert.deepStrictEqual(init.capabilities.completionProvider?.triggerCharacters, ['"', ':']);
		assert.ok(init.capabilities.codeActionProvider, 'code actions');
		assert.strictEqual(init.serverInfo?.name, 'iam-restore-lint');
		assert.ok(!client.fetched.includes('/ext/dist/aws-actions.json'), `fetched before any document: ${client.fetched.join(', ')}`);
	});

	test('a policy missing actions gets the same diagnostic as on the desktop; time from worker start to first diagnostics', async () => {
		const uri = `${FOLDER}/iam/ec2-restore.json`;
		const text = scenarioPolicy('veeam-aws-ec2-restore', ['ec2:RunInstances', 'iam:PassRole']);
		await client.open(uri, text);
		const diagnostics = await client.pull(uri);
		const missing = diagnostics.filter((d) => d.code === 'scenario-missing');
		assert.strictEqual(missing.length, 1, JSON.stringify(diagnostics));
		assert.strictEqual(missing[0].source, 'iam-restore-lint');
		assert.match(missing[0].message, /EC2 restore .* needs 2 more of its 56 actions: ec2:RunInstances, iam:PassRole/);
		assert.deepStrictEqual((missing[0].data as { actions: string[] }).actions, ['ec2:RunInstances', 'iam:PassRole']);
		assert.deepStrictEqual(missing[0].range, { start: { line: 5, character: 6 }, end: { line: 5, character: 14 } });
		assert.ok(diagnostics.some((d) => d.code === 'scenario-inferred'));
		assert.ok(client.fetched.includes('/ext/dist/aws-actions.json'), 'the catalog came from the extension\'s dist/ folder');
		const { timings } = await client.state();
		const ms = (t: number) => Math.round(t - timings.start);
		console.log(`      worker start → initialize answered ${ms(timings.initialized)} ms, → first diagnostics ${ms(timings.firstDiagnostics)} ms (catalog fetched and parsed in between)`);
		assert.ok(timings.firstDiagnostics > timings.initialized);
	});

	test('catalog findings work in the worker: an unknown action gets "did you mean"', async () => {
		const uri = `${FOLDER}/iam/typo.json`;
		await client.open(uri, policyText([{ Effect: 'Allow', Action: ['ec2:RunInstance'], Resource: '*' }]));
		const unknown = (await client.pull(uri)).find((d) => d.code === 'action-unknown');
		assert.ok(unknown, 'action-unknown');
		assert.match(unknown.message, /ec2:RunInstances/);
	});

	test('a quick fix applied: the add-missing fix leaves a policy with no missing actions', async () => {
		const uri = `${FOLDER}/iam/ec2-fix.json`;
		const text = scenarioPolicy('veeam-aws-ec2-restore', ['ec2:RunInstances', 'iam:PassRole']);
		await client.open(uri, text);
		const missing = (await client.pull(uri)).find((d) => d.code === 'scenario-missing') as Diagnostic;
		const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: missing.range, context: { diagnostics: [missing] } });
		const add = actions.find((a) => /Add the 2 missing actions of EC2 restore/.test(a.title));
		assert.ok(add, JSON.stringify(actions.map((a) => a.title)));
		const fixed = applyEdit(uri, text, add.edit);
		assert.doesNotThrow(() => JSON.parse(fixed));
		await client.replace(uri, fixed);
		const after = await client.pull(uri);
		assert.deepStrictEqual(after.filter((d) => d.code === 'scenario-missing'), []);
		const fixAll = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: missing.range, context: { diagnostics: [], only: ['source.fixAll.iamRestoreLint'] } });
		assert.ok(Array.isArray(fixAll), 'fix-all answers');
	});

	test('hover on an action: access level and the scenarios that need it', async () => {
		const uri = `${FOLDER}/iam/ec2-hover.json`;
		const text = scenarioPolicy('veeam-aws-ec2-restore');
		await client.open(uri, text);
		const at = text.indexOf('"iam:PassRole"');
		const hover = await client.hover(uri, position(text, at + 5).line, position(text, at + 5).character);
		const value = (hover?.contents as MarkupContent).value;
		assert.match(value, /^\*\*`iam:PassRole`\*\* · Write/);
		assert.match(value, /\*\*EC2 restore \(Veeam Backup for AWS 10\.0\.0\.232\)\*\* \(checked for this file: granted\)/);
	});

	test('completion in an Action array: the still-missing action first, then the catalog', async () => {
		const uri = `${FOLDER}/iam/ec2-typing.json`;
		const base = scenarioPolicy('veeam-aws-ec2-restore', ['ec2:RunInstances']);
		const anchor = base.indexOf('"iam:PassRole"');
		const text = `${base.slice(0, anchor)}"", ${base.slice(anchor)}`;
		await client.open(uri, text);
		const items = await client.complete(uri, position(text, anchor + 1).line, position(text, anchor + 1).character);
		const sorted = [...items].sort((a, b) => ((a.sortText ?? a.label) < (b.sortText ?? b.label) ? -1 : 1));
		assert.strictEqual(sorted[0].label, 'ec2:RunInstances');
		assert.ok(items.some((i) => i.label === 's3'), 'services from the catalog');
	});

	test('a Terraform file: tree-sitter\'s wasm fetched on the first .tf file, the missing actions at the HCL list', async () => {
		assert.ok(!client.fetched.includes('/ext/dist/tree-sitter-terraform.wasm'), 'no wasm before a Terraform file');
		const uri = `${FOLDER}/terraform/restore.tf`;
		const text = TERRAFORM_POLICY;
		await client.open(uri, text, 'terraform');
		const diagnostics = await client.pull(uri);
		const missing = diagnostics.find((d) => d.code === 'scenario-missing');
		assert.ok(missing, JSON.stringify({ diagnostics, logs: (await client.state()).logs }));
		assert.match(missing.message, /DynamoDB backup restore \(Amazon DynamoDB\) needs 5 more of its 8 actions: dynamodb:UpdateItem/);
		assert.deepStrictEqual(missing.range.start.line, text.split('\n').findIndex((l) => l.includes('Action ')));
		for (const file of ['web-tree-sitter.wasm', 'tree-sitter-terraform.wasm']) assert.ok(client.fetched.includes(`/ext/dist/${file}`), file);
	});

	test('a quick fix in a Terraform file writes HCL list items, and the file then satisfies the scenario', async () => {
		const uri = `${FOLDER}/terraform/fix.tf`;
		const text = TERRAFORM_POLICY;
		await client.open(uri, text, 'terraform');
		const missing = (await client.pull(uri)).find((d) => d.code === 'scenario-missing') as Diagnostic;
		const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: missing.range, context: { diagnostics: [missing] } });
		const add = actions.find((a) => /Add the 5 missing actions/.test(a.title));
		assert.ok(add, JSON.stringify(actions.map((a) => a.title)));
		const fixed = applyEdit(uri, text, add.edit);
		assert.match(fixed, /Action += \[[^\]]*"dynamodb:UpdateItem"/);
		await client.replace(uri, fixed);
		assert.deepStrictEqual((await client.pull(uri)).filter((d) => d.code === 'scenario-missing'), []);
	});

	test('JSON that is not a policy gets nothing', async () => {
		const uri = `${FOLDER}/package.json`;
		await client.open(uri, JSON.stringify({ name: 'x', version: '1.0.0', scripts: { test: 'mocha' } }, null, 2));
		assert.deepStrictEqual(await client.pull(uri), []);
	});

	test('a user requirement set in the virtual workspace is read through the extension (vscode.workspace.fs)', async () => {
		const setUri = `${FOLDER}/iam/requirements/my-app.json`;
		await client.setWorkspace({ requirementSets: ['iam/requirements/my-app.json'], scenarios: { '**/my-app-*.json': ['my-app-restore'] } }, { [setUri]: JSON.stringify(userRequirementSet, null, 2) });
		await client.notify('workspace/didChangeConfiguration', { settings: null });
		const uri = `${FOLDER}/iam/my-app-role.json`;
		await client.open(uri, policyText([{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: '*' }]));
		const diagnostics = await client.pull(uri);
		assert.ok(
			diagnostics.some((d) => d.code === 'scenario-missing' && /My app \(My app 1\.0\) needs 1 more of its 2 actions: s3:PutObject/.test(d.message)),
			JSON.stringify(diagnostics.map((d) => d.message)),
		);
		const requests = (await client.state()).fileRequests;
		assert.ok(requests.some(([kind, u]) => kind === 'readFile' && u === setUri), JSON.stringify(requests));
	});

	test('failing closed in the worker: a requirement-set file the workspace does not have leaves its scenario unknown, an error naming the file and why', async () => {
		await client.setWorkspace({ requirementSets: ['iam/requirements/gone.json'], scenarios: { '**/gone-*.json': ['my-gone-restore'] } }, {});
		await client.notify('workspace/didChangeConfiguration', { settings: null });
		const uri = `${FOLDER}/iam/gone-role.json`;
		await client.open(uri, policyText([{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: '*' }]));
		const unknown = (await client.pull(uri)).filter((d) => d.code === 'scenario-unknown');
		assert.deepStrictEqual(
			unknown.map((d) => [d.severity, d.range.start.line, d.message]),
			[[1, 0, 'Unknown scenario "my-gone-restore" asked for: nothing is checked against it, so this cannot pass. This requirement-set file could not be used: iam/requirements/gone.json (Cannot read requirement set: the file does not exist).']],
		);
	});

	test("a role's sibling file is read through the extension and its grants count for the open file", async () => {
		const ec2 = requirementSet('veeam-aws-ec2-restore').actions.map((a) => a.action);
		const first = policyText([{ Sid: 'Half', Effect: 'Allow', Action: ec2.slice(0, 30), Resource: '*' }]);
		const second = policyText([{ Sid: 'Rest', Effect: 'Allow', Action: ec2.slice(30), Resource: '*' }]);
		const a = `${FOLDER}/roles/a.json`;
		const b = `${FOLDER}/roles/b.json`;
		await client.setWorkspace({ roles: { Restore: { policies: ['roles/a.json', 'roles/b.json'], scenarios: ['veeam-aws-ec2-restore'] } } }, { [b]: second });
		await client.notify('workspace/didChangeConfiguration', { settings: null });
		await client.open(a, first);
		assert.deepStrictEqual((await client.pull(a)).filter((d) => String(d.code).startsWith('scenario-')), [], 'b.json (in the workspace, not open) grants the rest');
		const coverage = await client.request<{ role: { name: string }; scenarios: { granted: number; total: number }[] }>('iamRestoreLint/coverage', { uri: a });
		assert.strictEqual(coverage.role.name, 'Restore');
		assert.deepStrictEqual([coverage.scenarios[0].granted, coverage.scenarios[0].total], [56, 56]);
		const requests = (await client.state()).fileRequests;
		assert.ok(requests.some(([kind, u]) => kind === 'readFile' && u === b), JSON.stringify(requests));
	});
});

suite('web worker language server in headless Chromium, extension installed on a remote', function () {
	this.timeout(60000);
	let client: WebWorkerLspClient;
	suiteSetup(async () => {
		client = await WebWorkerLspClient.start();
		// No data URL: the extension is at a vscode-remote: URI the worker cannot fetch (code-server).
		await client.initialize({ initializationOptions: { web: {} } });
	});
	suiteTeardown(async () => {
		await client?.stop();
	});

	test('the worker asks the extension for the AWS catalog, once, and the catalog findings work', async () => {
		const uri = `${FOLDER}/iam/typo.json`;
		await client.open(uri, policyText([{ Effect: 'Allow', Action: ['ec2:RunInstance', 's3:getobject'], Resource: '*' }]));
		const diagnostics = await client.pull(uri);
		assert.match(diagnostics.find((d) => d.code === 'action-unknown')?.message ?? '', /ec2:RunInstances/);
		assert.ok(diagnostics.some((d) => d.code === 'action-case'), JSON.stringify(diagnostics.map((d) => d.code)));
		await client.open(`${FOLDER}/iam/other.json`, scenarioPolicy('veeam-aws-ec2-restore'));
		await client.pull(`${FOLDER}/iam/other.json`);
		const state = await client.state();
		assert.deepStrictEqual(state.fileRequests.filter(([kind]) => kind === 'extensionFile'), [['extensionFile', 'dist/aws-actions.json']]);
		assert.deepStrictEqual(state.errors, []);
	});
});

suite('web worker language server in headless Chromium, AWS catalog on a slow network', function () {
	this.timeout(90000);
	let client: WebWorkerLspClient;
	suiteSetup(async () => {
		client = await WebWorkerLspClient.start();
		await client.initialize({ initializationOptions: { web: {} } });
		// Longer than the server's 8 s request budget (server/src/lsp/runner.ts).
		await client.setExtensionFileDelay(9000);
	});
	suiteTeardown(async () => {
		await client?.stop();
	});

	test('a pull that outlasts the time budget asks the client to pull again (ServerCancelled, retrigger), and the next pull has the diagnostics', async () => {
		const uri = `${FOLDER}/iam/ec2-restore.json`;
		await client.open(uri, scenarioPolicy('veeam-aws-ec2-restore', ['ec2:RunInstances']));
		const first = await client.tryRequest('textDocument/diagnostic', { textDocument: { uri } });
		// LSPErrorCodes.ServerCancelled: vscode-languageclient then pulls again by itself.
		assert.deepStrictEqual(first.error && { code: first.error.code, data: first.error.data }, { code: -32802, data: { retriggerRequest: true } }, JSON.stringify(first));
		const again = await client.pull(uri);
		assert.ok(again.some((d) => d.code === 'scenario-missing' && /ec2:RunInstances/.test(d.message)), JSON.stringify(again.map((d) => d.message)));
	});
});
