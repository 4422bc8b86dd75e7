// What a user sees: code-server with the packaged .vsix installed, driven by keyboard and mouse
// in headless chromium (run by test/vscode/run-ui-tests.mjs through test/vscode/lib/run-e2e.mjs).
// Each `step` is one check; the first failing step takes a screenshot and ends the run.
const MISSING = 'needs 2 more of its 56 actions: ec2:RunInstances, iam:PassRole.';

export default async function (ui, step) {
	const { page } = ui;

	await step('the installed extension is listed', async () => {
		await ui.runCommand('Extensions: Show Installed Extensions');
		await page.locator('.extensions-viewlet .monaco-list-row', { hasText: 'IAM Restore Lint' }).first().waitFor({ timeout: 20000 });
		await page.keyboard.press('Control+B'); // hide the side bar again: more room for the editor
	});

	await step('open a policy that misses two EC2 restore actions (Quick Open)', () => ui.openFile('ec2-restore-role.json'));

	await step('an error squiggle marks the statement that lacks them', () => ui.waitForSquiggle('error'));

	await step('the status bar shows the restore coverage', async () => {
		const item = page.locator('.part.statusbar .statusbar-item', { hasText: 'EC2 restore: 54/56 granted' }).first();
		await item.waitFor({ timeout: 20000 });
	});

	await step('hovering the squiggle names the missing actions', async () => {
		const text = await ui.hoverSquiggle('error');
		ui.expect(text.includes(MISSING), 'hover text: ' + JSON.stringify(text));
	});
	await ui.screenshot('hover');
	await page.keyboard.press('Escape');

	await step('the Problems panel lists them, with the source and code', async () => {
		const text = await ui.problemsText();
		ui.log('    problems panel:', JSON.stringify(text));
		ui.expect(text.includes(`EC2 restore (Veeam Backup for AWS 10.0.0.232) ${MISSING}`), 'missing actions in the Problems panel');
		ui.expect(/iam-restore-lint\s+scenario-missing/.test(text), 'source and code in the Problems panel');
		ui.expect(/Checked against EC2 restore/.test(text), 'the inferred scenario is announced');
	});
	// The README's picture: squiggle, Problems panel and status bar in one view.
	await page.locator('.editor-group-container .monaco-editor .view-lines').first().click();
	await ui.screenshot('problems-panel');

	await step('clicking the status bar item opens the coverage report', async () => {
		await page.locator('.part.statusbar .statusbar-item', { hasText: 'EC2 restore: 54/56 granted' }).first().click();
		await ui.waitFor(async () => {
			const text = await page.locator('.editor-group-container .monaco-editor .view-lines').allInnerTexts();
			return text.some((t) => t.replace(/\u00a0/g, ' ').includes('**54 of 56 required actions granted**'));
		}, { what: 'the coverage report in an editor', timeout: 20000 });
	});
	await ui.screenshot('coverage-report');
}
