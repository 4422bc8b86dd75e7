import * as vscode from 'vscode';
import type { BaseLanguageClient as LanguageClient } from 'vscode-languageclient';
import type { CoverageResult, PolicyTextParams, PolicyTextResult, ScenarioInfo } from '../../server/src/shared/protocol';
import type { CoverageStatusBar } from './statusBar';

const STATUS_ICON: Record<string, string> = { granted: '✅', missing: '❌', denied: '⛔', conditional: '⚠️', partial: '◐' };

/** The coverage report as markdown: every required action, its status and the deciding statement. */
export function coverageMarkdown(fileName: string, result: CoverageResult): string {
	const lines = [`# IAM Restore Lint coverage: ${fileName}`, ''];
	if (!result.isPolicy) return [...lines, 'This file is not an IAM policy (no top-level "Statement").'].join('\n');
	if (result.role) lines.push(`Checked as role **${result.role.name}** (\`iamRestoreLint.roles\`): ${result.role.files.join(', ')}. An action is granted when any of the role's policies allows it and none denies it.`, '');
	if (result.scenarios.length === 0) lines.push('No scenario applies. Choose one with the `iamRestoreLint.scenarios` setting.');
	for (const s of result.scenarios) {
		lines.push(`## ${s.title}`, '', `${s.product} ${s.productVersion} · [source](${s.sourceUrl})${s.inferred ? ` · inferred: ${s.reason}` : ''}`, '');
		if (s.total > 0) {
			lines.push(`**${s.granted} of ${s.total} required actions granted**${s.satisfied ? ' — satisfied' : ''}`, '', '| | action | status | decided by |', '|---|---|---|---|');
			for (const a of s.actions)
				lines.push(`| ${STATUS_ICON[a.status] ?? ''} | \`${a.action}\` | ${a.status} | ${a.by.map((b) => `${b.sid ? `"${b.sid}" (line ${b.line})` : `line ${b.line}`}${b.file ? ` in ${b.file}` : ''}`).join(', ')} |`);
		}
		for (const t of s.trust) lines.push('', `Trust: \`${t.principal}\` — ${t.status}`);
		lines.push('');
	}
	return lines.join('\n');
}

const SCENARIOS_REQUEST = 'iamRestoreLint/scenarios';
const POLICY_TEXT_REQUEST = 'iamRestoreLint/policyText';

interface ScenarioPick extends vscode.QuickPickItem {
	scenario?: ScenarioInfo;
}

/** Quick pick items grouped by product, newest page first within a product, with versions shown. */
export function scenarioPickItems(scenarios: ScenarioInfo[], picked: ReadonlySet<string> = new Set()): ScenarioPick[] {
	const byProduct = new Map<string, ScenarioInfo[]>();
	for (const s of scenarios) byProduct.set(s.product, [...(byProduct.get(s.product) ?? []), s]);
	const items: ScenarioPick[] = [];
	for (const [product, list] of [...byProduct].sort(([a], [b]) => a.localeCompare(b))) {
		items.push({ label: product, kind: vscode.QuickPickItemKind.Separator });
		for (const s of list)
			items.push({
				label: s.shortTitle,
				description: `${s.id} · ${s.productVersion === 'unversioned' ? 'unversioned page' : s.productVersion}`,
				detail: `${s.actionCount} actions${s.hasTrust ? ' + trust policy' : ''} · ${s.title}${s.pageDate ? ` · page of ${s.pageDate}` : ''}`,
				picked: picked.has(s.id),
				scenario: s,
			});
	}
	return items;
}

export function registerCommands(_context: vscode.ExtensionContext, getClient: () => LanguageClient | undefined, statusBar: CoverageStatusBar): vscode.Disposable[] {
	const client = (): LanguageClient | undefined => {
		const c = getClient();
		if (!c?.isRunning()) void vscode.window.showWarningMessage('IAM Restore Lint: the language server is not running.');
		return c?.isRunning() ? c : undefined;
	};
	const scenarios = async (uri?: vscode.Uri): Promise<ScenarioInfo[]> => {
		const c = client();
		return c ? c.sendRequest<ScenarioInfo[]>(SCENARIOS_REQUEST, { uri: uri?.toString() }) : [];
	};
	const policyText = async (params: PolicyTextParams): Promise<string | undefined> => {
		const c = client();
		if (!c) return undefined;
		const result = await c.sendRequest<PolicyTextResult>(POLICY_TEXT_REQUEST, params);
		if (!result.text) void vscode.window.showInformationMessage(`IAM Restore Lint: ${result.reason ?? 'nothing to insert.'}`);
		return result.text;
	};
	const pickScenario = async (title: string, uri?: vscode.Uri): Promise<ScenarioInfo | undefined> => {
		const picked = await vscode.window.showQuickPick(scenarioPickItems(await scenarios(uri)), { title, placeHolder: 'Restore scenario (product, version)', matchOnDescription: true, matchOnDetail: true });
		return picked?.scenario;
	};
	type Which = { kind: 'permissions' | 'trust'; part?: number };
	const pickKind = async (scenario: ScenarioInfo): Promise<Which | undefined> => {
		const permissions =
			scenario.parts.length > 0
				? scenario.parts.map((label, i) => ({ label: `Permission policy ${i + 1} of ${scenario.parts.length}`, description: label, which: { kind: 'permissions' as const, part: i } }))
				: [{ label: 'Permission policy', description: `${scenario.actionCount} actions`, which: { kind: 'permissions' as const } }];
		const items = [...permissions, ...(scenario.hasTrust ? [{ label: 'Trust policy', description: 'who may assume the role', which: { kind: 'trust' as const } }] : [])];
		if (items.length === 1) return items[0].which;
		return (await vscode.window.showQuickPick(items, { title: `${scenario.shortTitle}: which policy?` }))?.which;
	};
	const indentation = (editor?: vscode.TextEditor) => ({
		insertSpaces: editor ? editor.options.insertSpaces !== false : true,
		tabSize: editor && typeof editor.options.tabSize === 'number' ? editor.options.tabSize : 4,
	});

	return [
		vscode.commands.registerCommand('iamRestoreLint.showCoverage', async (uri?: vscode.Uri) => {
			const target = uri ?? vscode.window.activeTextEditor?.document.uri;
			if (!target) return void vscode.window.showInformationMessage('Open an IAM policy file to see its restore coverage.');
			const result = await statusBar.coverage(target);
			if (!result) return void vscode.window.showWarningMessage('IAM Restore Lint: the language server is not running.');
			const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: coverageMarkdown(target.path.split('/').pop() ?? target.path, result) });
			await vscode.window.showTextDocument(doc, { preview: true, viewColumn: vscode.ViewColumn.Beside });
		}),

		vscode.commands.registerCommand('iamRestoreLint.insertPolicy', async (scenarioId?: string, kindArg?: 'permissions' | 'trust') => {
			const editor = vscode.window.activeTextEditor;
			if (!editor) return void vscode.window.showInformationMessage('Open a JSON file to insert a policy into.');
			const scenario = scenarioId ? (await scenarios(editor.document.uri)).find((s) => s.id === scenarioId) : await pickScenario('Insert the policy for a restore scenario', editor.document.uri);
			if (!scenario) return;
			const which = kindArg ? { kind: kindArg } : await pickKind(scenario);
			if (!which) return;
			const text = await policyText({ ...which, scenario: scenario.id, uri: editor.document.uri.toString(), ...indentation(editor) });
			if (!text) return;
			// An empty document gets the policy as its whole content; otherwise it goes at the cursor.
			const whole = editor.document.getText().trim() === '';
			await editor.edit((b) => (whole ? b.replace(new vscode.Range(0, 0, editor.document.lineCount, 0), text) : b.insert(editor.selection.active, text)));
		}),

		vscode.commands.registerCommand('iamRestoreLint.newPolicyFile', async (scenarioId?: string) => {
			const scenario = scenarioId ? (await scenarios()).find((s) => s.id === scenarioId) : await pickScenario('New policy file for a restore scenario');
			if (!scenario) return;
			// One file per policy the source prints (the full list is three), plus the trust policy.
			for (let part = 0; part < Math.max(1, scenario.parts.length); part++) {
				const text = await policyText({ kind: 'permissions', scenario: scenario.id, part, ...indentation(vscode.window.activeTextEditor) });
				if (!text) return;
				await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ language: 'json', content: text }), { preview: false });
			}
			if (scenario.hasTrust) {
				const trust = await policyText({ kind: 'trust', scenario: scenario.id, ...indentation(vscode.window.activeTextEditor) });
				if (trust) await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ language: 'json', content: trust }), { viewColumn: vscode.ViewColumn.Beside, preview: false });
			}
		}),

		vscode.commands.registerCommand('iamRestoreLint.chooseScenarios', async (uri?: vscode.Uri, ids?: string[]) => {
			const target = uri ?? vscode.window.activeTextEditor?.document.uri;
			const folder = target && vscode.workspace.getWorkspaceFolder(target);
			if (!target || !folder) return void vscode.window.showInformationMessage('Choosing scenarios needs a policy file inside a workspace folder.');
			const relative = vscode.workspace.asRelativePath(target, false);
			// Glob characters in a file name are escaped so the key matches exactly this file.
			const key = relative.replace(/[*?[\]{}()!]/g, (c) => `[${c}]`);
			const config = vscode.workspace.getConfiguration('iamRestoreLint', target);
			const current = { ...(config.inspect<Record<string, string[]>>('scenarios')?.workspaceFolderValue ?? {}) };
			let chosen = ids;
			if (!chosen) {
				const picks = await vscode.window.showQuickPick(scenarioPickItems(await scenarios(target), new Set(current[key] ?? [])), {
					title: `Scenarios to check ${relative} against`,
					placeHolder: 'None selected: the scenarios are inferred from the content',
					canPickMany: true,
					matchOnDescription: true,
				});
				if (!picks) return;
				chosen = picks.map((p) => p.scenario!.id);
			}
			if (chosen.length > 0) current[key] = chosen;
			else delete current[key];
			await config.update('scenarios', current, vscode.ConfigurationTarget.WorkspaceFolder);
		}),

		vscode.commands.registerCommand('iamRestoreLint.exportMissing', async (uri?: vscode.Uri) => {
			const target = uri ?? vscode.window.activeTextEditor?.document.uri;
			if (!target) return void vscode.window.showInformationMessage('Open an IAM policy file to export what it misses.');
			const text = await policyText({ kind: 'missing', uri: target.toString(), ...indentation(vscode.window.activeTextEditor) });
			if (text) await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ language: 'json', content: text }), { viewColumn: vscode.ViewColumn.Beside });
		}),
	];
}
