/**
 * The extension in a real VS Code: activation, the language server's diagnostics reaching the
 * editor, settings, the coverage command. Runs inside the extension host (see index.ts), on the
 * fixture workspace test/e2e/fixtures/workspace (a scratch copy, so tests may save files).
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { closeAllEditors, codeOf, EXTENSION_ID, open, ours, setText, waitFor, waitForCode, waitForDiagnostics, workspaceUri } from './helpers';

const EC2_MISSING = 'EC2 restore (Veeam Backup for AWS 10.0.0.232) needs 2 more of its 56 actions: ec2:RunInstances, iam:PassRole.';

suite('IAM Restore Lint in VS Code', () => {
	teardown(closeAllEditors);

	test('activates when a JSON policy is opened and registers its commands', async () => {
		const extension = vscode.extensions.getExtension(EXTENSION_ID);
		assert.ok(extension, `${EXTENSION_ID} is loaded`);
		await open(workspaceUri('ec2-restore-role.json'));
		// Activation comes from onLanguage:json, not from this test calling activate().
		await waitFor('the extension to activate', () => extension.isActive);
		const commands = await vscode.commands.getCommands(true);
		for (const id of ['iamRestoreLint.showCoverage', 'iamRestoreLint.restartServer']) assert.ok(commands.includes(id), `command ${id} registered`);
	});

	test('diagnostics of a policy name the missing actions', async () => {
		const uri = workspaceUri('ec2-restore-role.json');
		const editor = await open(uri);
		const missing = await waitForCode(uri, 'scenario-missing');
		assert.strictEqual(missing.message, EC2_MISSING);
		assert.strictEqual(missing.severity, vscode.DiagnosticSeverity.Error);
		assert.strictEqual(missing.source, 'iam-restore-lint');
		// The finding points into the Allow statement that should get the actions.
		assert.strictEqual(editor.document.getText(missing.range), '"Action"');
		// The scenario was inferred from the content, and that is announced.
		const inferred = ours(uri).find((d) => codeOf(d) === 'scenario-inferred');
		assert.ok(inferred, 'a scenario-inferred diagnostic');
		assert.strictEqual(inferred.severity, vscode.DiagnosticSeverity.Information);
		assert.match(inferred.message, /allows 54 of its 56 required actions/);
	});

	test('diagnostics follow edits: granting the missing actions clears them', async () => {
		const uri = workspaceUri('ec2-restore-role.json');
		const editor = await open(uri);
		const original = editor.document.getText();
		await waitForCode(uri, 'scenario-missing');
		try {
			const withRunInstances = original.replace('"ec2:StartInstances",', '"ec2:RunInstances",\n        "ec2:StartInstances",');
			assert.notStrictEqual(withRunInstances, original, 'fixture has ec2:StartInstances');
			await setText(editor.document, withRunInstances);
			await waitForDiagnostics(uri, 'only iam:PassRole missing', (ds) =>
				ds.some((d) => codeOf(d) === 'scenario-missing' && d.message.endsWith('needs 1 more of its 56 actions: iam:PassRole.')));
			await setText(editor.document, withRunInstances.replace('"ec2:StartInstances",', '"ec2:StartInstances",\n        "iam:PassRole",'));
			await waitForDiagnostics(uri, 'no scenario-missing diagnostic', (ds) => ds.length > 0 && !ds.some((d) => codeOf(d) === 'scenario-missing'));
		} finally {
			await setText(editor.document, original);
		}
	});

	test('a JSON file that is not an IAM policy gets no diagnostics', async () => {
		const uri = workspaceUri('not-a-policy.json');
		const editor = await open(uri);
		const original = editor.document.getText();
		// The file nests a "Statement" with a bad Effect, a malformed and duplicated action: in a
		// policy each would be a finding. Prove the server looks at this document by making it a
		// policy for a moment, then check that its own text brings the diagnostics back to none.
		try {
			const asPolicy = original.replace('"name": "deployment-settings",', '"Statement": [{ "Effect": "Allow", "Action": "ec2:RunInstance", "Resource": "*" }],');
			assert.notStrictEqual(asPolicy, original);
			await setText(editor.document, asPolicy);
			await waitForDiagnostics(uri, 'diagnostics once it has a top-level Statement', (ds) => ds.length > 0);
			await setText(editor.document, original);
			await waitForDiagnostics(uri, 'no diagnostics for the non-policy text', (ds) => ds.length === 0);
			assert.deepStrictEqual(vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'iam-restore-lint'), []);
		} finally {
			if (editor.document.getText() !== original) await setText(editor.document, original);
		}
	});

	test('changing iamRestoreLint.scenarios changes the diagnostics', async () => {
		const uri = workspaceUri('dynamodb-restore.json');
		await open(uri);
		const config = () => vscode.workspace.getConfiguration('iamRestoreLint', uri);
		try {
			await config().update('scenarios', { '**/dynamodb-restore.json': ['aws-dynamodb-backup-restore'] }, vscode.ConfigurationTarget.Workspace);
			const first = await waitForCode(uri, 'scenario-missing');
			assert.strictEqual(
				first.message,
				'DynamoDB backup restore (Amazon DynamoDB) needs 7 more of its 8 actions: dynamodb:PutItem, dynamodb:UpdateItem, dynamodb:DeleteItem, dynamodb:GetItem, dynamodb:Query, dynamodb:Scan, dynamodb:BatchWriteItem.',
			);
			await config().update('scenarios', { '**/dynamodb-restore.json': ['aws-dynamodb-aws-backup-restore'] }, vscode.ConfigurationTarget.Workspace);
			const second = await waitForDiagnostics(uri, 'the AWS Backup scenario instead', (ds) =>
				ds.some((d) => codeOf(d) === 'scenario-missing' && d.message.startsWith('DynamoDB AWS Backup restore')));
			assert.deepStrictEqual(
				second.filter((d) => codeOf(d) === 'scenario-missing').map((d) => d.message),
				['DynamoDB AWS Backup restore (Amazon DynamoDB) needs 4 more of its 4 actions: dynamodb:RestoreTableFromAwsBackup, dynamodb:DescribeTable, dynamodb:Query, dynamodb:Scan.'],
			);
		} finally {
			await config().update('scenarios', undefined, vscode.ConfigurationTarget.Workspace);
		}
		// Back to content-based detection: one action out of eight points to no scenario.
		await waitForDiagnostics(uri, 'no scenario diagnostics once the setting is removed', (ds) => !ds.some((d) => codeOf(d)?.startsWith('scenario-')));
	});

	test('failing closed: a scenario whose requirement-set file is missing is an error naming the file, not a silent pass', async () => {
		const uri = workspaceUri('dynamodb-restore.json');
		await open(uri);
		const config = () => vscode.workspace.getConfiguration('iamRestoreLint', uri);
		try {
			await config().update('requirementSets', ['sets/my-restore-set.json'], vscode.ConfigurationTarget.Workspace);
			await config().update('scenarios', { '**/dynamodb-restore.json': ['my-app-restore'] }, vscode.ConfigurationTarget.Workspace);
			const unknown = await waitForCode(uri, 'scenario-unknown');
			assert.strictEqual(unknown.severity, vscode.DiagnosticSeverity.Error);
			assert.strictEqual(
				unknown.message,
				'Unknown scenario "my-app-restore" asked for: nothing is checked against it, so this cannot pass. This requirement-set file could not be used: sets/my-restore-set.json (Cannot read requirement set: the file does not exist).',
			);
		} finally {
			await config().update('scenarios', undefined, vscode.ConfigurationTarget.Workspace);
			await config().update('requirementSets', undefined, vscode.ConfigurationTarget.Workspace);
		}
		await waitForDiagnostics(uri, 'no scenario-unknown once the settings are removed', (ds) => !ds.some((d) => codeOf(d) === 'scenario-unknown'));
	});

	test('the coverage command reports granted and missing actions', async () => {
		const uri = workspaceUri('ec2-restore-role.json');
		await open(uri);
		await waitForCode(uri, 'scenario-missing');
		await vscode.commands.executeCommand('iamRestoreLint.showCoverage', uri);
		const report = await waitFor('the coverage report', () =>
			vscode.workspace.textDocuments.find((d) => d.languageId === 'markdown' && d.getText().startsWith('# IAM Restore Lint coverage: ec2-restore-role.json')));
		const text = report.getText();
		assert.match(text, /## Veeam Backup for AWS: EC2 instance and volume-level restore/);
		assert.match(text, /\*\*54 of 56 required actions granted\*\*/);
		assert.match(text, /\| ❌ \| `ec2:RunInstances` \| missing \|/);
		assert.match(text, /\| ❌ \| `iam:PassRole` \| missing \|/);
		assert.match(text, /\| ✅ \| `ec2:StartInstances` \| granted \| "VeeamEc2Restore" \(line \d+\) \|/);
	});
});
