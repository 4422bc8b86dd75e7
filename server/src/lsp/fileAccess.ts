import type { TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { IamRestoreLintSettings } from '../shared/settings';
import type { ServerRuntime } from './runtime';
import type { Workspace } from './workspace';

/** Larger files are not read on a setting's say-so: no policy or requirement set is this big. */
export const MAX_SETTING_FILE_CHARS = 5 * 1024 * 1024;

export interface ReadResult {
	text?: string;
	/** Why there is no text. */
	reason?: string;
}

/**
 * Reads the files settings name (user requirement sets, the files of a role): the editor's copy
 * when the file is open, so edits count before they are saved; else the file through the
 * runtime, cached until its modification time or size changes.
 */
export class FileAccess {
	private readonly disk = new Map<string, { mtime: number; size: number; text: string }>();

	constructor(
		private readonly runtime: ServerRuntime,
		private readonly workspace: Workspace,
		private readonly documents: TextDocuments<TextDocument>,
	) {}

	key(uri: string): string {
		return this.workspace.fileKey(uri);
	}

	/** The URIs that paths written in a document's settings name; paths that name nothing are left out. */
	resolveAll(paths: readonly string[], documentUri: string): string[] {
		return paths.map((p) => this.workspace.resolveSettingPath(p, documentUri)).filter((u): u is string => u !== undefined);
	}

	/** The open document that is this file, whatever its URI's scheme. */
	openDocument(uri: string): TextDocument | undefined {
		const exact = this.documents.get(uri);
		if (exact) return exact;
		const key = this.key(uri);
		return this.documents.all().find((d) => this.key(d.uri) === key);
	}

	/**
	 * Untrusted workspaces: a file outside every workspace folder is read only when the user's own
	 * settings name it (`settings.userPaths`, from a client that fills it in); never on a
	 * workspace setting's say-so. Open documents are the editor's: always readable.
	 */
	honourUserPaths = false;

	mayRead(uri: string, settings: IamRestoreLintSettings, documentUri: string): boolean {
		if (this.workspace.isInside(uri) || this.openDocument(uri)) return true;
		if (!this.honourUserPaths) return false;
		const key = this.key(uri);
		return this.resolveAll(settings.userPaths ?? [], documentUri).some((u) => this.key(u) === key);
	}

	/** A file a document's settings name, if they may name it (see mayRead). */
	async readForSettings(uri: string, settings: IamRestoreLintSettings, documentUri: string): Promise<ReadResult> {
		if (!this.mayRead(uri, settings, documentUri)) return { reason: 'it is outside the workspace folders, and only your user settings may name files outside the workspace' };
		return this.read(uri);
	}

	async read(uri: string): Promise<ReadResult> {
		const open = this.openDocument(uri);
		if (open) return open.getText().length > MAX_SETTING_FILE_CHARS ? { reason: 'the file is too large' } : { text: open.getText() };
		const key = this.key(uri);
		const stat = await this.runtime.stat(uri);
		if (!stat) {
			this.disk.delete(key);
			return { reason: this.runtime.unreadBecause?.(uri) ?? 'the file does not exist' };
		}
		if (stat.size > MAX_SETTING_FILE_CHARS) return { reason: 'the file is too large' };
		const hit = this.disk.get(key);
		if (hit && hit.mtime === stat.mtime && hit.size === stat.size) return { text: hit.text };
		const text = await this.runtime.readFile(uri);
		if (text === undefined) return { reason: this.runtime.unreadBecause?.(uri) ?? 'the file cannot be read' };
		this.disk.set(key, { mtime: stat.mtime, size: stat.size, text });
		return { text };
	}

	/** Forget the cached copy of a file that changed on disk. */
	forget(uri: string): void {
		this.disk.delete(this.key(uri));
	}
}
