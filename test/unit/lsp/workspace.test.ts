import * as assert from 'assert';
import { Workspace } from '../../../server/src/lsp/workspace';

/** The Node server's view (file: and vscode-remote: are on its disk) and the web worker's (nothing is). */
const NODE = { windowsPaths: false, localSchemes: ['file', 'vscode-remote'] };
const WEB = { windowsPaths: false, localSchemes: [] };

function workspace(platform: typeof NODE, ...folders: string[]): Workspace {
	const w = new Workspace(platform);
	w.setFolders(folders.map((uri, i) => ({ uri, name: `folder${i}` })));
	return w;
}

suite('Workspace.relativePath: the path iamRestoreLint.scenarios globs are matched against', () => {
	test('file: and vscode-remote: documents inside a folder are relative to it', () => {
		const w = workspace(NODE, 'file:///home/me/project');
		assert.strictEqual(w.relativePath('file:///home/me/project/iam/role.json'), 'iam/role.json');
		// The server runs where the remote files are: vscode-remote: of the same path is the same file.
		assert.strictEqual(w.relativePath('vscode-remote://ssh-remote%2Bhost/home/me/project/iam/role.json'), 'iam/role.json');
	});

	// Schemes of VS Code for the Web and of file system providers: github.dev and vscode.dev open
	// repositories as vscode-vfs://github/OWNER/REPO, @vscode/test-web serves vscode-test-web://,
	// extensions add memfs:, tmp: and others. Any scheme whose folder is a prefix of the document counts.
	for (const [folder, document] of [
		['vscode-vfs://github/veeamhub/veeam-aws-cloudformation', 'vscode-vfs://github/veeamhub/veeam-aws-cloudformation/iam/role.json'],
		['vscode-test-web://mount/', 'vscode-test-web://mount/iam/role.json'],
		['memfs:/sample-folder', 'memfs:/sample-folder/iam/role.json'],
		['tmp:/', 'tmp:/iam/role.json'],
		['vscode-userdata:/user/project', 'vscode-userdata:/user/project/iam/role.json'],
	]) {
		test(`${folder.split(':')[0]}: a document in the folder ${folder} is relative to it, in the web worker and on Node`, () => {
			assert.strictEqual(workspace(WEB, folder).relativePath(document), 'iam/role.json');
			assert.strictEqual(workspace(NODE, folder).relativePath(document), 'iam/role.json');
		});
	}

	test('the innermost folder wins in a multi-root workspace', () => {
		const w = workspace(WEB, 'memfs:/repo', 'memfs:/repo/infra');
		assert.strictEqual(w.relativePath('memfs:/repo/infra/stacks/restore.yaml'), 'stacks/restore.yaml');
		assert.strictEqual(w.relativePath('memfs:/repo/app/policy.json'), 'app/policy.json');
	});

	test('a folder of another scheme, authority or a longer name is not a prefix', () => {
		// Same path, other scheme: not the folder (the plain path is used instead).
		assert.strictEqual(workspace(WEB, 'memfs:/project').relativePath('tmp:/project/iam/role.json'), 'project/iam/role.json');
		// Same scheme, other authority (another repository on github.dev).
		assert.strictEqual(workspace(WEB, 'vscode-vfs://github/a/repo').relativePath('vscode-vfs://gitlab/a/repo/role.json'), 'a/repo/role.json');
		// "/work" is not a folder of "/workspace/…".
		assert.strictEqual(workspace(WEB, 'tmp:/work').relativePath('tmp:/workspace/role.json'), 'workspace/role.json');
	});

	test('outside every folder: the plain path, for any scheme; untitled documents have none', () => {
		const w = workspace(WEB, 'memfs:/project');
		assert.strictEqual(w.relativePath('file:///elsewhere/role.json'), 'elsewhere/role.json');
		assert.strictEqual(w.relativePath('memfs:/other/role.json'), 'other/role.json');
		assert.strictEqual(w.relativePath('untitled:Untitled-1'), undefined);
		assert.strictEqual(workspace(NODE).relativePath('untitled:Untitled-1'), undefined);
	});

	test('percent-encoded paths are compared decoded', () => {
		const w = workspace(WEB, 'vscode-vfs://github/me/my%20repo');
		assert.strictEqual(w.relativePath('vscode-vfs://github/me/my%20repo/iam/restore%20role.json'), 'iam/restore role.json');
	});
});
