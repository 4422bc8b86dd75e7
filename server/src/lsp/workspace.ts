import type { WorkspaceFolder } from 'vscode-languageserver';
import { URI, Utils } from 'vscode-uri';
import type { RuntimePlatform } from './runtime';

/**
 * The workspace folders and every question about where a URI is: its folder, its path relative to
 * it, whether it is inside the workspace, and the URI a path written in a setting names. Pure URI
 * arithmetic (vscode-uri), so it runs the same in Node and in a browser.
 */
export class Workspace {
	private list: WorkspaceFolder[] = [];

	constructor(private readonly platform: RuntimePlatform) {}

	get folders(): readonly WorkspaceFolder[] {
		return this.list;
	}

	setFolders(folders: readonly WorkspaceFolder[]): void {
		this.list = [...folders];
	}

	changeFolders(added: readonly WorkspaceFolder[], removed: readonly WorkspaceFolder[]): void {
		this.list = [...this.list.filter((f) => !removed.some((r) => r.uri === f.uri)), ...added];
	}

	/**
	 * What identifies a file: two URIs with the same key are the same file. `file:` and
	 * `vscode-remote:` URIs of one path are (the server runs where the remote files are).
	 */
	fileKey(uri: string): string {
		const parsed = URI.parse(uri);
		const path = this.platform.windowsPaths ? parsed.path.toLowerCase() : parsed.path;
		return this.platform.localSchemes.includes(parsed.scheme) ? `local:${path}` : `${parsed.scheme}://${parsed.authority}${path}`;
	}

	/** The innermost workspace folder that contains the URI. */
	folderOf(uri: string): WorkspaceFolder | undefined {
		const key = this.fileKey(uri);
		let best: WorkspaceFolder | undefined;
		for (const folder of this.list) {
			const prefix = this.fileKey(folder.uri).replace(/\/?$/, '/');
			if (key.startsWith(prefix) && (!best || folder.uri.length > best.uri.length)) best = folder;
		}
		return best;
	}

	/** Whether a file is inside one of the workspace folders. */
	isInside(uri: string): boolean {
		return this.folderOf(uri) !== undefined;
	}

	/**
	 * The path the `iamRestoreLint.scenarios` globs are matched against: relative to the document's
	 * workspace folder, with forward slashes, whatever the scheme (file, vscode-remote, vscode-vfs
	 * on github.dev and vscode.dev, vscode-test-web, memfs, tmp…): a folder contains a document when
	 * its scheme, authority and path are a prefix of the document's. Outside every folder: the
	 * plain path. Undefined for untitled documents, whose "path" is a name, not a place.
	 */
	relativePath(uri: string): string | undefined {
		const parsed = URI.parse(uri);
		if (parsed.scheme === 'untitled') return undefined;
		const folder = this.folderOf(uri);
		if (folder) {
			const base = URI.parse(folder.uri).path.replace(/\/?$/, '/');
			return parsed.path.slice(base.length);
		}
		return parsed.path.replace(/^\/+/, '');
	}

	/**
	 * The URI of a file a setting names for a document: relative paths are relative to the
	 * document's workspace folder (or the first folder), absolute ones keep the folder's scheme.
	 * Undefined when a relative path has no folder to be relative to.
	 */
	resolveSettingPath(setting: string, documentUri: string | undefined): string | undefined {
		const folder = (documentUri ? this.folderOf(documentUri) : undefined) ?? this.list[0];
		const written = this.platform.windowsPaths ? setting.replace(/\\/g, '/') : setting;
		const drive = /^[a-zA-Z]:\//.test(written);
		if (written.startsWith('/') || drive) {
			const path = drive ? `/${written}` : written;
			const base = folder ? URI.parse(folder.uri) : URI.file('/');
			return Utils.resolvePath(base.with({ path: '/' }), path).toString();
		}
		if (!folder) return undefined;
		return Utils.resolvePath(URI.parse(folder.uri), written).toString();
	}

	/** The last segment of a URI's path. */
	static basename(uri: string): string {
		return Utils.basename(URI.parse(uri));
	}
}
