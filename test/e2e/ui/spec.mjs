// What a user sees: code-server with the packaged .vsix installed, driven by keyboard and mouse
// in headless chromium (run by test/vscode/run-ui-tests.mjs through test/vscode/lib/run-e2e.mjs).
// Each `step` is one check; the first failing step takes a screenshot and ends the run.
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
		// Keyboard only: Go to Line/Column (Ctrl+G) onto the squiggle, then the quick fix menu.
		await page.locator(`${EDITOR} .view-lines`).first().click();
		await page.keyboard.press('Control+G');
		await page.keyboard.type('7:8');
		await page.keyboard.press('Enter');
		await page.keyboard.press('Control+.');
		const row = page.locator('.action-widget .monaco-list-row', { hasText: 'Add the 2 missing actions of EC2 restore' }).first();
		await row.waitFor({ timeout: 60000 });
		const menu = await page.locator('.action-widget').first().innerText();
		ui.log('    quick fix menu:', JSON.stringify(menu));
		await ui.screenshot('quick-fix-menu');
		await page.keyboard.press('Enter'); // the preferred fix is the first row, already selected
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
		await ui.openFile('dynamodb-restore.tf');
		await ui.waitForSquiggle('error');
	});

	await step('hovering it names the scenario of the role', async () => {
		const text = await ui.hoverSquiggle('error');
		ui.expect(/DynamoDB restore/.test(text), 'hover text: ' + JSON.stringify(text));
	});
	// The README's Terraform picture: the finding in the HCL, with its hover.
	await ui.screenshot('terraform-finding');
	await page.keyboard.press('Escape');
}
