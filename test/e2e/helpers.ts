/**
 * Waiting helpers for the extension-host suite. Diagnostics, code actions and settings reach the
 * editor asynchronously (client → server → client → marker service), so every check polls under
 * a timeout and wakes up on `onDidChangeDiagnostics`; nothing sleeps for a fixed time.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'iam-restore-lint.iam-restore-lint';
export const SOURCE = 'iam-restore-lint';

/** Default limit for one wait; generous because a cold language server on 2 cores takes a moment. */
export const WAIT_MS = 20_000;

/**
 * Calls `probe` until it returns something truthy, on every diagnostics change and at least every
 * 100 ms, and fails after `timeoutMs` with `describe()` (what was seen last) in the message.
 */
export async function waitFor<T>(what: string, probe: () => T | undefined | null | false | Promise<T | undefined | null | false>, options: { timeoutMs?: number; describe?: () => string } = {}): Promise<T> {
	const timeoutMs = options.timeoutMs ?? WAIT_MS;
	const deadline = Date.now() + timeoutMs;
	let wake: () => void = () => undefined;
	const listener = vscode.languages.onDidChangeDiagnostics(() => wake());
	try {
		for (;;) {
			const value = await probe();
			if (value) return value;
			if (Date.now() > deadline) {
				assert.fail(`timed out after ${timeoutMs} ms waiting for ${what}${options.describe ? `; last seen: ${options.describe()}` : ''}`);
			}
			await new Promise<void>((resolve) => {
				const timer = setTimeout(resolve, 100);
				wake = () => {
					clearTimeout(timer);
					resolve();
				};
			});
		}
	} finally {
		listener.dispose();
	}
}

export function workspaceUri(...segments: string[]): vscode.Uri {
	const folder = vscode.workspace.workspaceFolders?.[0];
	assert.ok(folder, 'a workspace folder is open');
	return vscode.Uri.joinPath(folder.uri, ...segments);
}

export function codeOf(d: vscode.Diagnostic): string | undefined {
	const code = d.code;
	if (code === undefined) return undefined;
	return typeof code === 'object' ? String(code.value) : String(code);
}

/** This extension's diagnostics for a document. */
export function ours(uri: vscode.Uri): vscode.Diagnostic[] {
	return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

export function describeDiagnostics(uri: vscode.Uri): string {
	const all = vscode.languages.getDiagnostics(uri);
	if (all.length === 0) return 'no diagnostics';
	return all.map((d) => `[${d.source}/${codeOf(d)}] ${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`).join(' | ');
}

/** Waits until this extension's diagnostics for `uri` satisfy `accept`, and returns them. */
export function waitForDiagnostics(uri: vscode.Uri, what: string, accept: (diagnostics: vscode.Diagnostic[]) => boolean, timeoutMs?: number): Promise<vscode.Diagnostic[]> {
	return waitFor(`${what} (${uri.path.split('/').pop()})`, () => {
		const diagnostics = ours(uri);
		return accept(diagnostics) ? diagnostics : undefined;
	}, { timeoutMs, describe: () => describeDiagnostics(uri) });
}

/** Waits for one diagnostic of a code and returns it. */
export async function waitForCode(uri: vscode.Uri, code: string, timeoutMs?: number): Promise<vscode.Diagnostic> {
	const diagnostics = await waitForDiagnostics(uri, `a "${code}" diagnostic`, (ds) => ds.some((d) => codeOf(d) === code), timeoutMs);
	return diagnostics.find((d) => codeOf(d) === code)!;
}

export async function open(uri: vscode.Uri): Promise<vscode.TextEditor> {
	const document = await vscode.workspace.openTextDocument(uri);
	return vscode.window.showTextDocument(document, { preview: false });
}

/** Replaces the whole text of a document and saves it (restores fixtures between tests). */
export async function setText(document: vscode.TextDocument, text: string): Promise<void> {
	const edit = new vscode.WorkspaceEdit();
	edit.replace(document.uri, new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length)), text);
	assert.ok(await vscode.workspace.applyEdit(edit), 'edit applied');
	await document.save();
}

/**
 * Closes every editor without a save prompt: untitled documents the tests opened (the coverage
 * report) are reverted first, since closing a dirty editor would wait for a dialog.
 */
export async function closeAllEditors(): Promise<void> {
	for (const document of vscode.workspace.textDocuments) {
		if (!document.isUntitled || !document.isDirty) continue;
		await vscode.window.showTextDocument(document);
		await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
	}
	await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/**
 * Waits until the coverage status bar item shows `expected` (without its leading icon). Read
 * through the extension's API (`exports.coverageStatusText()`): VS Code offers no API to read
 * another extension's status bar item.
 */
export async function waitForStatusBar(expected: string, timeoutMs?: number): Promise<string> {
	const extension = vscode.extensions.getExtension<{ coverageStatusText(): string | undefined }>(EXTENSION_ID);
	assert.ok(extension, `${EXTENSION_ID} is loaded`);
	let seen: string | undefined;
	return waitFor(`the status bar to show "${expected}"`, () => {
		seen = extension.isActive ? extension.exports.coverageStatusText() : undefined;
		return seen !== undefined && seen.replace(/^\$\([a-z-]+\) /, '') === expected && seen;
	}, { timeoutMs, describe: () => JSON.stringify(seen) });
}
