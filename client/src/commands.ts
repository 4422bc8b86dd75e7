import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { CoverageResult } from '../../server/src/shared/protocol';
import type { CoverageStatusBar } from './statusBar';

const STATUS_ICON: Record<string, string> = { granted: '✅', missing: '❌', denied: '⛔', conditional: '⚠️', partial: '◐' };

/** The coverage report as markdown: every required action, its status and the deciding statement. */
export function coverageMarkdown(fileName: string, result: CoverageResult): string {
	const lines = [`# IAM Restore Lint coverage: ${fileName}`, ''];
	if (!result.isPolicy) return [...lines, 'This file is not an IAM policy (no top-level "Statement").'].join('\n');
	if (result.scenarios.length === 0) lines.push('No scenario applies. Choose one with the `iamRestoreLint.scenarios` setting.');
	for (const s of result.scenarios) {
		lines.push(`## ${s.title}`, '', `${s.product} ${s.productVersion} · [source](${s.sourceUrl})${s.inferred ? ` · inferred: ${s.reason}` : ''}`, '');
		if (s.total > 0) {
			lines.push(`**${s.granted} of ${s.total} required actions granted**${s.satisfied ? ' — satisfied' : ''}`, '', '| | action | status | decided by |', '|---|---|---|---|');
			for (const a of s.actions)
				lines.push(`| ${STATUS_ICON[a.status] ?? ''} | \`${a.action}\` | ${a.status} | ${a.by.map((b) => (b.sid ? `"${b.sid}" (line ${b.line})` : `line ${b.line}`)).join(', ')} |`);
		}
		for (const t of s.trust) lines.push('', `Trust: \`${t.principal}\` — ${t.status}`);
		lines.push('');
	}
	return lines.join('\n');
}

export function registerCommands(_context: vscode.ExtensionContext, _getClient: () => LanguageClient | undefined, statusBar: CoverageStatusBar): vscode.Disposable[] {
	return [
		vscode.commands.registerCommand('iamRestoreLint.showCoverage', async (uri?: vscode.Uri) => {
			const target = uri ?? vscode.window.activeTextEditor?.document.uri;
			if (!target) return void vscode.window.showInformationMessage('Open an IAM policy file to see its restore coverage.');
			const result = await statusBar.coverage(target);
			if (!result) return void vscode.window.showWarningMessage('IAM Restore Lint: the language server is not running.');
			const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: coverageMarkdown(target.path.split('/').pop() ?? target.path, result) });
			await vscode.window.showTextDocument(doc, { preview: true, viewColumn: vscode.ViewColumn.Beside });
		}),
	];
}
