// What a user sees: code-server with the packaged .vsix installed, driven by keyboard and mouse
// in headless chromium (run by test/vscode/run-ui-tests.mjs through test/vscode/lib/run-e2e.mjs).
// Each `step` is one check; the first failing step takes a screenshot and ends the run.
import { parseDocument } from 'yaml';

const EDITOR = '.editor-group-container .monaco-editor';
const MISSING = 'needs 2 more of its 56 actions: ec2:RunInstances, iam:PassRole.';

export default async function (ui, step) {
	const { page } = ui;

	await step('the installed extension is listed', async () => {
		await ui.runCommand('Extensions: Show Installed Extensions');
		await page.locator('.extensions-viewlet .monaco-list-row', { hasText: 'IAM Restore Lint' }).first().waitFor({ timeout: 60000 });
		await page.keyboard.press('Control+B'); // hide the side bar again: more room for the editor
	});

	await step('open a policy that misses two EC2 restore actions (Quick Open)', () => ui.openFile('ec2-restore-role.json'));

	await step('an error squiggle marks the statement that lacks them', () => ui.waitForSquiggle('error'));

	await step('the status bar shows the restore coverage', async () => {
		const item = page.locator('.part.statusbar .statusbar-item', { hasText: 'EC2 restore: 54/56 granted' }).first();
		await item.waitFor({ timeout: 60000 });
	});

	await step('the Problems panel lists them, with the source and code', async () => {
		const text = await ui.problemsText();
		ui.log('    problems panel:', JSON.stringify(text));
		ui.expect(text.includes(`EC2 restore (Veeam Backup for AWS 10.0.0.232) ${MISSING}`), 'missing actions in the Problems panel');
		ui.expect(/iam-restore-lint\s+scenario-missing/.test(text), 'source and code in the Problems panel');
		ui.expect(/Checked against EC2 restore/.test(text), 'the inferred scenario is announced');
	});

	await step('hovering the squiggle names the missing actions', async () => {
		const text = await ui.hoverSquiggle('error');
		ui.expect(text.includes(MISSING), 'hover text: ' + JSON.stringify(text));
	});
	// The README's picture: hover, squiggle, Problems panel and status bar in one view.
	await ui.screenshot('problems-and-hover');
	await page.keyboard.press('Escape');

	await step('Ctrl+. on the flagged "Action" offers the fix, and choosing it edits the document', async () => {
		// Keyboard only: Go to Line/Column (Ctrl+G) onto the squiggle, then the quick fix menu;
		// the preferred fix is the first row, already selected, and Enter applies it.
		const menu = await ui.quickFixAt(7, 8, 'Add the 2 missing actions of EC2 restore', { beforeChoosing: () => ui.screenshot('quick-fix-menu') });
		ui.log('    quick fix menu:', JSON.stringify(menu));
		await page.locator('.tabs-container .tab.active.dirty').waitFor({ timeout: 60000 });
	});

	await step('after the fix the status bar shows 56/56 and the Problems panel no error', async () => {
		await page.locator('.part.statusbar .statusbar-item', { hasText: 'EC2 restore: 56/56 granted' }).first().waitFor({ timeout: 60000 });
		await ui.waitFor(async () => !(await page.locator('.markers-panel').first().innerText()).includes('needs 2 more'), { what: 'the error to leave the Problems panel', timeout: 60000 });
	});
	await ui.screenshot('after-quick-fix');

	await step('saving writes both actions to disk', async () => {
		await ui.save();
		await ui.waitFor(() => {
			const actions = JSON.parse(ui.readWorkspaceFile('ec2-restore-role.json')).Statement[0].Action;
			return actions.includes('ec2:RunInstances') && actions.includes('iam:PassRole') && actions.length === 56;
		}, { what: 'the fixed policy on disk' });
	});

	await step('clicking the status bar item opens the coverage report', async () => {
		await page.locator('.part.statusbar .statusbar-item', { hasText: 'EC2 restore: 56/56 granted' }).first().click();
		await ui.waitFor(async () => {
			const text = await page.locator(`${EDITOR} .view-lines`).allInnerTexts();
			return text.some((t) => t.replace(/\u00a0/g, ' ').includes('**56 of 56 required actions granted** — satisfied'));
		}, { what: 'the coverage report in an editor', timeout: 60000 });
	});
	await ui.screenshot('coverage-report');
	await page.keyboard.press('Escape');

	await step('open a Terraform file (Quick Open): an error squiggle on the statement that lacks DynamoDB restore actions', async () => {
		// The coverage report (an unsaved editor beside the policy) is closed first: the Terraform
		// file then has the whole width, as in the README's picture.
		await ui.runCommand('View: Revert and Close Editor');
		await ui.openFile('dynamodb-restore.tf');
		await ui.waitForSquiggle('error');
		// Line 7 is the trust policy (no backup.amazonaws.com), line 20 the statement's `actions`.
		const lines = await ui.squiggleLines('error');
		ui.expect(JSON.stringify(lines) === '[7,20]', `error squiggles on lines ${JSON.stringify(lines)}, expected [7,20]`);
	});

	await step('hovering it names the scenario of the role and the missing actions', async () => {
		const text = await ui.hoverSquiggle('error', 20);
		ui.expect(/DynamoDB restore \(Veeam Backup for AWS [\d.]+\) needs 34 more of its 35 actions/.test(text), 'hover text: ' + JSON.stringify(text));
	});
	// The README's Terraform picture (docs/images/vscode-terraform-finding.png): the finding in
	// the HCL with its hover, the Problems panel and the role's status bar item.
	await ui.screenshot('terraform-finding');
	await page.keyboard.press('Escape');

	// CloudFormation YAML: the role's Metadata annotation asks for the DynamoDB AWS Backup restore
	// scenario; the inline policy's RestoreTables statement (its `Action` key on line 36) lacks dynamodb:Scan.
	const CFN_BEFORE = 'Role DynamoDbRestoreRole: DynamoDB AWS Backup restore: 3/4 granted';
	const CFN_AFTER = 'Role DynamoDbRestoreRole: DynamoDB AWS Backup restore: 4/4 granted';
	await step('open a CloudFormation YAML template (Quick Open): the status bar shows its role\'s coverage', async () => {
		await ui.openFile('backup-restore-stack.yaml');
		await page.locator('.part.statusbar .statusbar-item', { hasText: CFN_BEFORE }).first().waitFor({ timeout: 60000 });
	});

	await step('an error squiggle on line 36, the Action of the statement that lacks dynamodb:Scan, and nowhere else', async () => {
		await ui.goTo(36, 17); // reveals the line
		await ui.waitForSquiggle('error');
		const lines = await ui.squiggleLines('error');
		ui.expect(JSON.stringify(lines) === '[36]', `error squiggles on lines ${JSON.stringify(lines)}, expected [36]`);
		const text = await ui.hoverSquiggle('error', 36);
		ui.expect(text.includes('DynamoDB AWS Backup restore (Amazon DynamoDB) needs 1 more of its 4 actions: dynamodb:Scan.'), 'hover text: ' + JSON.stringify(text));
		await page.keyboard.press('Escape');
	});
	await ui.screenshot('cloudformation-finding');

	await step('Ctrl+. on it adds dynamodb:Scan as a YAML sequence item: squiggle gone, status bar 4/4, the saved file still parses', async () => {
		const menu = await ui.quickFixAt(36, 17, 'Add the 1 missing action of DynamoDB AWS Backup restore');
		ui.log('    quick fix menu:', JSON.stringify(menu));
		await page.locator('.part.statusbar .statusbar-item', { hasText: CFN_AFTER }).first().waitFor({ timeout: 60000 });
		await ui.waitFor(async () => (await ui.squiggleLines('error')).length === 0, { what: 'the error squiggle to go away' });
		await ui.save();
		const text = await ui.waitFor(() => { const t = ui.readWorkspaceFile('backup-restore-stack.yaml'); return t.includes('- dynamodb:Scan') && t; }, { what: 'the fixed template on disk' });
		const parsed = parseDocument(text);
		ui.expect(parsed.errors.length === 0, 'valid YAML: ' + parsed.errors.map((e) => e.message).join('; '));
		const actions = parsed.toJS().Resources.DynamoDbRestoreRole.Properties.Policies[0].PolicyDocument.Statement[0].Action;
		ui.expect(JSON.stringify(actions) === JSON.stringify(['dynamodb:RestoreTableFromAwsBackup', 'dynamodb:DescribeTable', 'dynamodb:Query', 'dynamodb:Scan']), 'actions: ' + JSON.stringify(actions));
	});
	await ui.screenshot('cloudformation-after-quick-fix');
}
