import * as vscode from 'vscode';
import type { BaseLanguageClient as LanguageClient } from 'vscode-languageclient';
import { POLICY_LANGUAGES } from './languages';
import type { CoverageResult } from '../../server/src/shared/protocol';

const COVERAGE_REQUEST: typeof import('../../server/src/shared/protocol').CoverageRequestMethod = 'iamRestoreLint/coverage';

/** "EC2 restore: 54/56 granted" for the active policy file; hidden for anything else. */
export class CoverageStatusBar implements vscode.Disposable {
	private readonly item = vscode.window.createStatusBarItem('iamRestoreLint.coverage', vscode.StatusBarAlignment.Left, 100);
	private readonly disposables: vscode.Disposable[] = [];
	private generation = 0;
	private timer: ReturnType<typeof setTimeout> | undefined;
	private shown = false;

	constructor(private readonly getClient: () => LanguageClient | undefined) {
		this.item.name = 'IAM Restore Lint coverage';
		this.item.command = 'iamRestoreLint.showCoverage';
		this.disposables.push(
			vscode.window.onDidChangeActiveTextEditor(() => this.refresh()),
			vscode.languages.onDidChangeDiagnostics((e) => {
				const active = vscode.window.activeTextEditor?.document.uri.toString();
				if (active && e.uris.some((u) => u.toString() === active)) this.refreshSoon();
			}),
		);
	}

	async coverage(uri: vscode.Uri): Promise<CoverageResult | undefined> {
		const client = this.getClient();
		if (!client?.isRunning()) return undefined;
		try {
			return await client.sendRequest<CoverageResult>(COVERAGE_REQUEST, { uri: client.code2ProtocolConverter.asUri(uri) });
		} catch {
			return undefined;
		}
	}

	refreshSoon(): void {
		if (this.timer) clearTimeout(this.timer);
		this.timer = setTimeout(() => this.refresh(), 50);
	}

	async refresh(): Promise<void> {
		const generation = ++this.generation;
		const document = vscode.window.activeTextEditor?.document;
		if (!document || !POLICY_LANGUAGES.includes(document.languageId)) return this.hide();
		const result = await this.coverage(document.uri);
		if (generation !== this.generation) return;
		if (!result?.isPolicy || result.scenarios.length === 0) return this.hide();
		const parts = result.scenarios.map((s) =>
			s.total > 0 ? `${s.shortTitle}: ${s.granted}/${s.total} granted` : `${s.shortTitle}: trust ${s.trust.filter((t) => t.status === 'granted').length}/${s.trust.length}`,
		);
		const ok = result.scenarios.every((s) => s.satisfied);
		this.item.text = `${ok ? '$(pass)' : '$(warning)'} ${result.role ? `Role ${result.role.name}: ` : ''}${parts.join(' · ')}`;
		this.item.tooltip = new vscode.MarkdownString(
			(result.role ? `Checked as role **${result.role.name}**: ${result.role.files.join(', ')}\n\n` : '') +
				result.scenarios.map((s) => `**${s.title}** (${s.productVersion})${s.inferred ? ` — inferred: ${s.reason}` : ''}`).join('\n\n') +
				'\n\nClick for the coverage report.',
		);
		this.item.backgroundColor = ok ? undefined : new vscode.ThemeColor('statusBarItem.warningBackground');
		this.item.show();
		this.shown = true;
	}

	private hide(): void {
		this.item.hide();
		this.shown = false;
	}

	/** What the item shows now (undefined when hidden): the extension's API, read by the extension-host suite. */
	get text(): string | undefined {
		return this.shown ? this.item.text : undefined;
	}

	dispose(): void {
		if (this.timer) clearTimeout(this.timer);
		this.item.dispose();
		for (const d of this.disposables) d.dispose();
	}
}
