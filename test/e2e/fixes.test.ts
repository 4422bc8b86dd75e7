/**
 * Repairs in a real VS Code: the quick fix for missing actions, fix-all as a source action, and
 * the insert-policy command, each judged by what the editor then shows.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { parseDocument } from 'yaml';
import { closeAllEditors, codeOf, describeDiagnostics, open, ours, setText, waitFor, waitForCode, waitForDiagnostics, waitForStatusBar, workspaceUri } from './helpers';

const FIX_ALL = 'source.fixAll.iamRestoreLint';

/** Code actions for a range, polled: the provider's context.diagnostics reach it asynchronously. */
async function waitForAction(uri: vscode.Uri, range: vscode.Range, what: string, accept: (a: vscode.CodeAction) => boolean, kind?: string): Promise<vscode.CodeAction> {
	let seen: string[] = [];
	return waitFor(what, async () => {
		const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, kind)) ?? [];
		seen = actions.map((a) => `${a.kind?.value ?? '?'}: ${a.title}`);
		return actions.find(accept);
	}, { describe: () => `code actions ${JSON.stringify(seen)}; diagnostics ${describeDiagnostics(uri)}` });
}

function assertJson(text: string): void {
	assert.doesNotThrow(() => JSON.parse(text), 'the document is valid JSON');
}

suite('Repairs in VS Code', () => {
	teardown(closeAllEditors);

	test('the quick fix for missing actions adds them and the diagnostic goes away', async () => {
		const uri = workspaceUri('ec2-restore-role.json');
		const editor = await open(uri);
		const original = editor.document.getText();
		try {
			const missing = await waitForCode(uri, 'scenario-missing');
			// vscode.executeCodeActionProvider returns actions without their `diagnostics` (VS Code's
			// API converter drops them), so the link to the diagnostic is checked by where the fix is
			// offered: on the scenario-missing range, and not on a line without our diagnostics.
			const isAddMissing = (a: vscode.CodeAction) => !!a.kind && vscode.CodeActionKind.QuickFix.contains(a.kind) && a.title.startsWith('Add the 2 missing actions');
			const fix = await waitForAction(uri, missing.range, 'the add-missing-actions quick fix on the scenario-missing diagnostic', isAddMissing);
			assert.strictEqual(fix.title, 'Add the 2 missing actions of EC2 restore to statement "VeeamEc2Restore"');
			assert.strictEqual(fix.isPreferred, true);
			const elsewhere = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, new vscode.Range(1, 0, 1, 0))) ?? [];
			assert.deepStrictEqual(elsewhere.filter(isAddMissing).map((a) => a.title), [], 'no add-missing fix on line 2 (no diagnostic there)');
			assert.ok(fix.edit, 'the fix carries an edit');
			assert.ok(await vscode.workspace.applyEdit(fix.edit), 'edit applied');
			const text = editor.document.getText();
			assertJson(text);
			const actions: string[] = JSON.parse(text).Statement[0].Action;
			assert.ok(actions.includes('ec2:RunInstances') && actions.includes('iam:PassRole'), `actions added: ${actions.slice(-4).join(', ')}`);
			assert.strictEqual(actions.length, 56);
			// The rest of the file is untouched: same lines before the Action list.
			assert.strictEqual(text.split('\n').slice(0, 7).join('\n'), original.split('\n').slice(0, 7).join('\n'));
			await waitForDiagnostics(uri, 'the scenario-missing diagnostic to go away', (ds) =>
				!ds.some((d) => codeOf(d) === 'scenario-missing') && ds.some((d) => codeOf(d) === 'scenario-inferred' && /allows 56 of its 56/.test(d.message)));
		} finally {
			await setText(editor.document, original);
		}
	});

	test('Terraform: a squiggle on the statement\'s actions, a quick fix written as an HCL list item, then no scenario-missing', async () => {
		const uri = workspaceUri('dynamodb-restore.tf');
		const editor = await open(uri);
		const original = editor.document.getText();
		try {
			assert.strictEqual(editor.document.languageId, 'terraform');
			const missing = await waitForCode(uri, 'scenario-missing', 60_000);
			assert.strictEqual(editor.document.getText(missing.range), 'actions');
			assert.strictEqual(missing.range.start.line, original.split('\n').findIndex((l) => l.includes('sid = "Restore"')) + 1);
			const fix = await waitForAction(uri, missing.range, 'the add-missing-actions quick fix', (a) => !!a.kind && vscode.CodeActionKind.QuickFix.contains(a.kind) && a.title.startsWith('Add the'));
			assert.ok(fix.edit && (await vscode.workspace.applyEdit(fix.edit)), 'edit applied');
			const text = editor.document.getText();
			assert.ok(text.includes('      "dynamodb:DescribeTable",\n'), 'one HCL list item per line, in the list\'s layout');
			await waitForDiagnostics(uri, 'the scenario-missing diagnostic to go away', (ds) => !ds.some((d) => codeOf(d) === 'scenario-missing'), 60_000);
		} finally {
			await setText(editor.document, original);
		}
	});

	test('CloudFormation YAML: the finding on the statement that lacks the action, a quick fix written as a YAML sequence item, the status bar before and after', async () => {
		// The role's Metadata annotation asks for the DynamoDB AWS Backup restore scenario; its inline
		// policy's first statement grants 3 of its 4 actions.
		const uri = workspaceUri('backup-restore-stack.yaml');
		const editor = await open(uri);
		const original = editor.document.getText();
		try {
			assert.strictEqual(editor.document.languageId, 'yaml');
			const missing = await waitForCode(uri, 'scenario-missing', 60_000);
			assert.strictEqual(missing.message, 'DynamoDB AWS Backup restore (Amazon DynamoDB) needs 1 more of its 4 actions: dynamodb:Scan.');
			assert.strictEqual(missing.severity, vscode.DiagnosticSeverity.Error);
			// The exact range: the `Action` key of the RestoreTables statement (not ReadBackupVault's, not the role).
			const lines = original.split('\n');
			const actionLine = lines.findIndex((l) => l.includes('- Sid: RestoreTables')) + 2;
			assert.strictEqual(lines[actionLine].trim(), 'Action:');
			assert.deepStrictEqual(
				[missing.range.start.line, missing.range.start.character, missing.range.end.line, missing.range.end.character],
				[actionLine, lines[actionLine].indexOf('Action'), actionLine, lines[actionLine].indexOf('Action') + 'Action'.length],
			);
			assert.ok(!ours(uri).some((d) => codeOf(d) === 'scenario-inferred'), 'the annotation chose the scenario: nothing inferred');
			await waitForStatusBar('Role DynamoDbRestoreRole: DynamoDB AWS Backup restore: 3/4 granted');

			const fix = await waitForAction(uri, missing.range, 'the add-missing-actions quick fix', (a) => !!a.kind && vscode.CodeActionKind.QuickFix.contains(a.kind) && a.title.startsWith('Add the'));
			assert.strictEqual(fix.title, 'Add the 1 missing action of DynamoDB AWS Backup restore to statement "RestoreTables"');
			assert.ok(fix.edit && (await vscode.workspace.applyEdit(fix.edit)), 'edit applied');
			const text = editor.document.getText();
			const parsed = parseDocument(text);
			assert.deepStrictEqual(parsed.errors.map((e) => e.message), [], 'still valid YAML (CloudFormation\'s short tags are only warnings)');
			assert.deepStrictEqual(
				parsed.toJS().Resources.DynamoDbRestoreRole.Properties.Policies[0].PolicyDocument.Statement[0].Action,
				['dynamodb:RestoreTableFromAwsBackup', 'dynamodb:DescribeTable', 'dynamodb:Query', 'dynamodb:Scan'],
			);
			// A sequence item in the list's own layout; nothing else changed.
			assert.strictEqual(text, original.replace('                  - dynamodb:Query\n', '                  - dynamodb:Query\n                  - dynamodb:Scan\n'));
			await waitForDiagnostics(uri, 'the scenario-missing diagnostic to go away', (ds) => !ds.some((d) => codeOf(d) === 'scenario-missing'), 60_000);
			await waitForStatusBar('Role DynamoDbRestoreRole: DynamoDB AWS Backup restore: 4/4 granted');
		} finally {
			await setText(editor.document, original);
		}
	});

	test('fix-all (source.fixAll.iamRestoreLint) repairs a pasted policy in one edit', async () => {
		const uri = workspaceUri('fix-all.json');
		const editor = await open(uri);
		const original = editor.document.getText();
		const fixable = ['version-missing', 'scenario-missing', 'action-duplicate', 'json-invalid-escape', 'json-trailing-comma'];
		// Fix-all adds missing actions only for scenarios the user chose, never for inferred ones.
		const config = vscode.workspace.getConfiguration('iamRestoreLint', uri);
		await config.update('scenarios', { 'fix-all.json': ['veeam-aws-ec2-restore'] }, vscode.ConfigurationTarget.Workspace);
		try {
			// No scenario-inferred diagnostic once the server has the setting: then fix-all will see it too.
			await waitForDiagnostics(uri, `diagnostics ${fixable.join(', ')} and no inferred scenario`, (ds) =>
				fixable.every((c) => ds.some((d) => codeOf(d) === c)) && !ds.some((d) => codeOf(d) === 'scenario-inferred'));
			const whole = new vscode.Range(editor.document.positionAt(0), editor.document.positionAt(original.length));
			const fixAll = await waitForAction(uri, whole, 'the fix-all source action', (a) => a.kind?.value === FIX_ALL, FIX_ALL);
			assert.match(fixAll.title, /^Fix all IAM Restore Lint problems \(\d+\)$/);
			assert.ok(fixAll.edit, 'fix-all carries an edit');
			assert.ok(await vscode.workspace.applyEdit(fixAll.edit), 'edit applied');
			const text = editor.document.getText();
			assertJson(text);
			const policy = JSON.parse(text);
			assert.strictEqual(policy.Version, '2012-10-17');
			assert.strictEqual(policy.Statement[0].Resource, '*');
			assert.ok(policy.Statement[0].Action.includes('iam:PassRole'), 'missing actions added');
			assert.strictEqual(policy.Statement[0].Action.filter((a: string) => a.toLowerCase() === 'ec2:stopinstances').length, 1, 'duplicate removed');
			await waitForDiagnostics(uri, 'none of the fixed diagnostics left', (ds) => ds.length > 0 && !ds.some((d) => fixable.includes(codeOf(d) ?? '')));
			// Nothing fix-all can do is left: asking again offers no edit.
			const again = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, new vscode.Range(0, 0, editor.document.lineCount, 0), FIX_ALL)) ?? [];
			assert.deepStrictEqual(again.filter((a) => a.kind?.value === FIX_ALL).map((a) => a.title), []);
		} finally {
			await setText(editor.document, original);
			await config.update('scenarios', undefined, vscode.ConfigurationTarget.Workspace);
		}
	});

	test('the insert-policy command writes a policy that satisfies its scenario', async () => {
		const uri = workspaceUri('inserted-policy.json');
		await vscode.workspace.fs.writeFile(uri, new Uint8Array());
		try {
			const editor = await open(uri);
			await vscode.commands.executeCommand('iamRestoreLint.insertPolicy', 'veeam-aws-ec2-restore', 'permissions');
			const text = await waitFor('the inserted policy', () => editor.document.getText().includes('"Statement"') && editor.document.getText());
			assertJson(text);
			assert.strictEqual(JSON.parse(text).Statement[0].Action.length, 56);
			// Positive evidence that this text was checked: the inferred scenario is announced as complete.
			const diagnostics = await waitForDiagnostics(uri, 'the EC2 restore scenario recognised as complete', (ds) =>
				ds.some((d) => codeOf(d) === 'scenario-inferred' && /EC2 restore .* allows 56 of its 56/.test(d.message)));
			const problems = diagnostics.filter((d) => d.severity === vscode.DiagnosticSeverity.Error || d.severity === vscode.DiagnosticSeverity.Warning);
			assert.deepStrictEqual(problems.map((d) => `${codeOf(d)}: ${d.message}`), []);
			assert.deepStrictEqual(ours(uri).filter((d) => /^scenario-(missing|denied|partial|conditional)$/.test(codeOf(d) ?? '')), []);
			await editor.document.save();
		} finally {
			await closeAllEditors();
			await vscode.workspace.fs.delete(uri);
		}
	});
});
