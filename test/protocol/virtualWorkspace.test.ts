import * as assert from 'assert';
import { policyText, scenarioPolicy, userRequirementSet } from '../support/fixtures';
import { TestLspClient } from '../support/lspClient';

/** A GitHub repository opened as a virtual workspace (Remote Repositories on the desktop). */
const FOLDER = 'vscode-vfs://github/iam-restore-lint/example';

/**
 * The Node server in a virtual workspace: files there are not on its disk, so it asks the editor
 * (the iamRestoreLint/workspace/* requests the extension answers with vscode.workspace.fs).
 */
suite('language server over stdio in a virtual workspace', function () {
	this.timeout(20000);
	let client: TestLspClient;
	teardown(async () => {
		await client?.stop();
	});

	test('a requirement set in a vscode-vfs: workspace is read through the editor', async () => {
		client = new TestLspClient();
		const asked: string[] = [];
		const files: Record<string, string> = { [`${FOLDER}/iam/my-set.json`]: JSON.stringify(userRequirementSet) };
		client.connection.onRequest('iamRestoreLint/workspace/stat', ({ uri }: { uri: string }) => (uri in files ? { mtime: 1, size: files[uri].length, type: 'file' } : null));
		client.connection.onRequest('iamRestoreLint/workspace/readFile', ({ uri }: { uri: string }) => {
			asked.push(uri);
			return uri in files ? { text: files[uri] } : {};
		});
		await client.initialize('pull', FOLDER);
		client.settings = () => ({ requirementSets: ['iam/my-set.json'], scenarios: { 'iam/app-*.json': ['my-app-restore'] } });
		const uri = `${FOLDER}/iam/app-role.json`;
		client.open(uri, policyText([{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: '*' }]));
		const diagnostics = await client.pull(uri);
		assert.ok(
			diagnostics.some((d) => d.code === 'scenario-missing' && /My app \(My app 1\.0\) needs 1 more of its 2 actions: s3:PutObject/.test(d.message)),
			JSON.stringify(diagnostics.map((d) => d.message)),
		);
		assert.deepStrictEqual(asked, [`${FOLDER}/iam/my-set.json`]);
	});

	// VS Code for the Web and file system providers bring other schemes (memfs:, tmp:,
	// vscode-test-web:): the setting's globs are matched relative to the folder whatever the scheme.
	for (const folder of ['memfs:/sample-folder', 'vscode-test-web://mount']) {
		test(`iamRestoreLint.scenarios globs match documents of a ${folder.split(':')[0]}: workspace folder`, async () => {
			client = new TestLspClient();
			await client.initialize('pull', folder);
			client.settings = () => ({ scenarios: { 'iam/app-*.json': ['veeam-aws-dynamodb-restore'] } });
			const uri = `${folder}/iam/app-role.json`;
			// An EC2 restore policy: inference would pick EC2 restore; the glob asks for DynamoDB restore.
			client.open(uri, scenarioPolicy('veeam-aws-ec2-restore', ['ec2:RunInstances']));
			const diagnostics = await client.pull(uri);
			const messages = JSON.stringify(diagnostics.map((d) => `${d.code}: ${d.message}`));
			assert.ok(diagnostics.some((d) => d.code === 'scenario-missing' && d.message.startsWith('DynamoDB restore (Veeam Backup for AWS')), messages);
			assert.ok(!diagnostics.some((d) => d.code === 'scenario-inferred'), messages);
		});
	}

	test('an LSP client that does not answer the file requests (Neovim) leaves the file unread: the scenario it should define fails closed, saying the editor did not read the file (not that it does not exist); the server keeps answering', async () => {
		client = new TestLspClient();
		await client.initialize('pull', FOLDER);
		client.settings = () => ({ requirementSets: ['iam/my-set.json'], scenarios: { 'iam/app-*.json': ['my-app-restore'] } });
		const uri = `${FOLDER}/iam/app-role.json`;
		client.open(uri, policyText([{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: '*' }]));
		const diagnostics = await client.pull(uri);
		assert.ok(!diagnostics.some((d) => /My app/.test(d.message)), JSON.stringify(diagnostics.map((d) => d.message)));
		const unknown = diagnostics.filter((d) => d.code === 'scenario-unknown');
		assert.deepStrictEqual(unknown.map((d) => [d.severity, d.message]), [[1, 'Unknown scenario "my-app-restore" asked for: nothing is checked against it, so this cannot pass. This requirement-set file could not be used: iam/my-set.json (Cannot read requirement set: the editor did not read it for the language server (iamRestoreLint/workspace/stat: Unhandled method iamRestoreLint/workspace/stat); open the file in the editor or check it with the command line).']]);
		const other = `${FOLDER}/iam/ec2.json`;
		client.open(other, scenarioPolicy('veeam-aws-ec2-restore', ['ec2:RunInstances']));
		assert.ok((await client.pull(other)).some((d) => d.code === 'scenario-missing'));
	});
});
