import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { policyText, requirementSet, scenarioPolicy, userRequirementSet } from '../support/fixtures';
import { TestLspClient } from '../support/lspClient';

const FOLDER = 'file:///work/space';
const missingTwo = scenarioPolicy('veeam-aws-ec2-restore', ['ec2:RunInstances', 'iam:PassRole']);

suite('language server over stdio', function () {
	this.timeout(20000);
	let client: TestLspClient;
	teardown(async () => {
		await client?.stop();
	});

	suite('as a pull client (LSP 3.17)', () => {
		setup(async () => {
			client = new TestLspClient();
			const init = await client.initialize('pull');
			assert.ok(init.capabilities.diagnosticProvider, 'the server offers pull diagnostics');
		});

		test('a policy missing actions gets one diagnostic naming them, with source, code and data', async () => {
			const uri = `${FOLDER}/ec2-restore.json`;
			client.open(uri, missingTwo);
			const diagnostics = await client.pull(uri);
			const missing = diagnostics.filter((d) => d.code === 'scenario-missing');
			assert.strictEqual(missing.length, 1);
			assert.strictEqual(missing[0].source, 'iam-restore-lint');
			assert.match(missing[0].message, /EC2 restore .* needs 2 more of its 56 actions: ec2:RunInstances, iam:PassRole/);
			assert.deepStrictEqual((missing[0].data as { actions: string[] }).actions, ['ec2:RunInstances', 'iam:PassRole']);
			assert.strictEqual((missing[0].data as { version: number }).version, 1);
			assert.deepStrictEqual(missing[0].range, { start: { line: 5, character: 6 }, end: { line: 5, character: 14 } });
			assert.ok(diagnostics.some((d) => d.code === 'scenario-inferred' && d.severity === 3));
		});

		test('an edit updates the diagnostics', async () => {
			const uri = `${FOLDER}/ec2-restore.json`;
			client.open(uri, missingTwo);
			assert.strictEqual((await client.pull(uri)).filter((d) => d.code === 'scenario-missing').length, 1);
			const at = missingTwo.indexOf('"ec2:AssignPrivateIpAddresses"');
			client.edit(uri, missingTwo, at, 0, '"ec2:RunInstances", "iam:PassRole", ');
			const after = await client.pull(uri);
			assert.deepStrictEqual(after.filter((d) => d.code === 'scenario-missing'), []);
		});

		test('configuration maps scenarios per glob, and a configuration change asks the client to refresh', async () => {
			client.settings = () => ({ scenarios: { '**/dynamo-*.json': ['veeam-aws-dynamodb-restore'] } });
			const uri = `${FOLDER}/roles/dynamo-restore.json`;
			client.open(uri, missingTwo);
			const explicit = await client.pull(uri);
			assert.ok(explicit.some((d) => d.code === 'scenario-missing' && /DynamoDB restore .* needs 27 more of its 35/.test(d.message)), JSON.stringify(explicit.map((d) => d.message)));
			assert.ok(!explicit.some((d) => d.code === 'scenario-inferred'));
			client.settings = () => ({ scenarios: {}, severity: { 'scenario-inferred': 'off' } });
			client.changeConfiguration();
			await client.waitFor(() => client.refreshRequests > 0, 5000, 'workspace/diagnostic/refresh');
			const inferred = await client.pull(uri);
			assert.ok(inferred.some((d) => /EC2 restore/.test(d.message)));
			assert.ok(!inferred.some((d) => d.code === 'scenario-inferred'), 'severity override "off" hides the code');
		});

		test('CloudFormation YAML: the role\'s finding at the Action key of the deciding statement, a quick fix in YAML, glob#NAME picks the role, a Kubernetes manifest gets nothing', async () => {
			const template = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'test', 'corpus', 'templates', 'made', 'dynamodb-restore-role.yaml'), 'utf8');
			const uri = `${FOLDER}/stacks/restore.yaml`;
			client.open(uri, template, 'yaml');
			const diagnostics = await client.pull(uri);
			const missing = diagnostics.find((d) => d.code === 'scenario-missing');
			assert.ok(missing, JSON.stringify(diagnostics.map((d) => d.code)));
			assert.deepStrictEqual(missing.range, { start: { line: 26, character: 16 }, end: { line: 26, character: 22 } });
			const actions = (await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: missing.range, context: { diagnostics: [missing] } })) as {
				edit: { documentChanges: { edits: { newText: string; range: { start: { line: number } } }[] }[] };
			}[];
			assert.strictEqual(actions.length, 1);
			const edit = actions[0].edit.documentChanges[0].edits[0];
			assert.strictEqual(edit.newText, '\n                  - dynamodb:Scan');
			client.settings = () => ({ scenarios: { 'stacks/*.yaml#RestoreRole': ['aws-dynamodb-backup-restore'] } });
			client.changeConfiguration();
			await client.waitFor(() => client.refreshRequests > 0, 5000, 'workspace/diagnostic/refresh');
			const named = await client.pull(uri);
			assert.ok(named.some((d) => d.code === 'scenario-missing' && /DynamoDB backup restore/.test(d.message)), JSON.stringify(named.map((d) => d.message)));
			const k8s = `${FOLDER}/deploy/web.yaml`;
			client.open(k8s, 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n', 'yaml');
			assert.deepStrictEqual(await client.pull(k8s), []);
		});

		test('non-policy JSON gets nothing', async () => {
			const uri = `${FOLDER}/package.json`;
			client.open(uri, JSON.stringify({ name: 'x', version: '1.0.0' }));
			assert.deepStrictEqual(await client.pull(uri), []);
			const tsconfig = `${FOLDER}/tsconfig.json`;
			client.open(tsconfig, '{ // c\n "compilerOptions": {},\n}', 'jsonc');
			assert.deepStrictEqual(await client.pull(tsconfig), []);
		});

		test('failing closed: a file the scenarios setting matches, with no policy in it, gets no-policy (failing closed)', async () => {
			client.settings = () => ({ scenarios: { '**/restore-*.json': ['veeam-aws-ec2-restore'] } });
			client.changeConfiguration();
			const uri = `${FOLDER}/restore-emptied.json`;
			client.open(uri, '');
			const diagnostics = await client.pull(uri);
			assert.deepStrictEqual(diagnostics.map((d) => [d.code, d.severity, d.source]), [['no-policy', 1, 'iam-restore-lint']]);
			assert.match(diagnostics[0].message, /No IAM policy found in this file \(it is empty\), but it is to be checked against EC2 restore/);
			// A file no glob matches stays silent.
			const other = `${FOLDER}/notes.json`;
			client.open(other, '{}');
			assert.deepStrictEqual(await client.pull(other), []);
			client.settings = () => ({});
			client.changeConfiguration();
		});

		test('broken JSON, a 2 MB policy and binary data keep the server alive and answering', async () => {
			const broken = `${FOLDER}/broken.json`;
			client.open(broken, '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["ec2:*",');
			assert.ok((await client.pull(broken)).some((d) => d.code === 'json-syntax'));
			const big = `${FOLDER}/big.json`;
			const bigText = policyText([{ Effect: 'Allow', Action: Array.from({ length: 80000 }, (_, i) => `ec2:Describe${i}`), Resource: '*' }]);
			assert.ok(bigText.length > 2_000_000);
			client.open(big, bigText);
			assert.ok(Array.isArray(await client.pull(big)));
			const binary = `${FOLDER}/blob.json`;
			client.open(binary, '\u0000\u0001\u00ff{"Statement"\u0000');
			assert.deepStrictEqual(await client.pull(binary), []);
			const deep = `${FOLDER}/deep.json`;
			client.open(deep, `{"Statement": ${'['.repeat(10000)}`);
			assert.deepStrictEqual((await client.pull(deep)).map((d) => d.code), ['nesting-too-deep']);
			const after = `${FOLDER}/after.json`;
			client.open(after, missingTwo);
			assert.ok((await client.pull(after)).some((d) => d.code === 'scenario-missing'), 'still answering');
		});

		test('code actions: the add-missing quick fix (versioned edit) and fix-all on request', async () => {
			client.settings = () => ({ scenarios: { '**/ec2-restore.json': ['veeam-aws-ec2-restore'] } });
			const uri = `${FOLDER}/ec2-restore.json`;
			client.open(uri, missingTwo);
			const diagnostics = await client.pull(uri);
			const missing = diagnostics.find((d) => d.code === 'scenario-missing')!;
			const range = missing.range;
			const actions = (await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: [missing] } })) as {
				title: string;
				kind: string;
				isPreferred?: boolean;
				edit: { documentChanges: { textDocument: { version: number }; edits: { newText: string }[] }[] };
			}[];
			assert.strictEqual(actions.length, 1);
			assert.match(actions[0].title, /Add the 2 missing actions of EC2 restore to statement 1/);
			assert.strictEqual(actions[0].kind, 'quickfix');
			assert.strictEqual(actions[0].isPreferred, true);
			assert.strictEqual(actions[0].edit.documentChanges[0].textDocument.version, 1);
			// A diagnostic from an older version gets no fix.
			client.edit(uri, missingTwo, 0, 0, ' ');
			const stale = (await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: [missing] } })) as unknown[];
			assert.deepStrictEqual(stale, []);
			const fixAll = (await client.connection.sendRequest('textDocument/codeAction', {
				textDocument: { uri },
				range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
				context: { diagnostics: [], only: ['source.fixAll'] },
			})) as { kind: string; title: string }[];
			assert.deepStrictEqual(fixAll.map((a) => a.kind), ['source.fixAll.iamRestoreLint']);
			assert.match(fixAll[0].title, /Fix all IAM Restore Lint problems \(1\)/);
		});

		test('a policy over the size limit gets a quick fix that splits it into files that each fit', async () => {
			const uri = `${FOLDER}/full-list.json`;
			const text = policyText([{ Effect: 'Allow', Action: Array.from({ length: 300 }, (_, i) => `ec2:Describe${'X'.repeat(i % 7)}Thing${i}`), Resource: '*' }]);
			client.open(uri, text);
			const size = (await client.pull(uri)).find((d) => d.code === 'policy-size')!;
			assert.ok(size, 'policy-size reported');
			const fixes = (await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: size.range, context: { diagnostics: [size] } })) as { title: string; edit: { documentChanges: { kind?: string; uri?: string }[] } }[];
			const split = fixes.find((f) => f.title.startsWith('Split into'))!;
			assert.match(split.title, /Split into 2 policies that each fit 6,144 characters \(creates full-list\.part2\.json\)/);
			assert.deepStrictEqual(split.edit.documentChanges.filter((c) => c.kind === 'create').map((c) => c.uri), [`${FOLDER}/full-list.part2.json`]);
		});

		test('an empty JSON document is offered a complete policy for every scenario', async () => {
			const uri = `${FOLDER}/new.json`;
			client.open(uri, '');
			const list = (await client.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: 0 } })) as { items: { label: string; kind: number; insertTextFormat: number; textEdit: { newText: string } }[] };
			const ec2 = list.items.find((i) => i.label === 'iam-restore-veeam-aws-ec2-restore')!;
			assert.ok(ec2, list.items.map((i) => i.label).slice(0, 5).join());
			assert.strictEqual(ec2.kind, 15 /* Snippet */);
			assert.strictEqual(ec2.insertTextFormat, 2 /* Snippet */);
			assert.match(ec2.textEdit.newText, /"ec2:RunInstances"/);
			assert.ok(list.items.some((i) => i.label === 'iam-restore-veeam-aws-dynamodb-restore-trust'));
		});

		test('an empty YAML or Terraform document is not offered the JSON policy snippets', async () => {
			for (const [name, languageId] of [['new.yaml', 'yaml'], ['new.tf', 'terraform']]) {
				const uri = `${FOLDER}/${name}`;
				client.open(uri, '', languageId);
				const list = (await client.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: 0 } })) as { items: unknown[] } | null;
				assert.deepStrictEqual(list?.items ?? [], [], name);
			}
		});

		test('scenario list and policy texts for the palette commands', async () => {
			const list = (await client.connection.sendRequest('iamRestoreLint/scenarios', {})) as { id: string; actionCount: number; hasTrust: boolean }[];
			assert.ok(list.some((s) => s.id === 'veeam-aws-dynamodb-restore' && s.actionCount === 35 && s.hasTrust));
			const permissions = (await client.connection.sendRequest('iamRestoreLint/policyText', { kind: 'permissions', scenario: 'veeam-aws-ec2-restore', insertSpaces: false })) as { text: string };
			assert.ok(permissions.text.startsWith('{\n\t"Version": "2012-10-17",'));
			assert.strictEqual(JSON.parse(permissions.text).Statement[0].Action.length, 56);
			const trust = (await client.connection.sendRequest('iamRestoreLint/policyText', { kind: 'trust', scenario: 'veeam-aws-dynamodb-restore' })) as { text: string };
			assert.deepStrictEqual(JSON.parse(trust.text).Statement[0].Principal, { Service: 'backup.amazonaws.com' });
			const uri = `${FOLDER}/ec2-restore.json`;
			client.open(uri, missingTwo);
			const missing = (await client.connection.sendRequest('iamRestoreLint/policyText', { kind: 'missing', uri, tabSize: 2 })) as { text: string };
			assert.deepStrictEqual(JSON.parse(missing.text).Statement, [{ Sid: 'VeeamAwsEc2RestoreMissing', Effect: 'Allow', Action: ['ec2:RunInstances', 'iam:PassRole'], Resource: '*' }]);
			const unknown = (await client.connection.sendRequest('iamRestoreLint/policyText', { kind: 'permissions', scenario: 'nope' })) as { reason: string };
			assert.match(unknown.reason, /Unknown scenario "nope"/);
		});

		test('the coverage request reports every required action', async () => {
			const uri = `${FOLDER}/ec2-restore.json`;
			client.open(uri, missingTwo);
			const result = (await client.connection.sendRequest('iamRestoreLint/coverage', { uri })) as { isPolicy: boolean; scenarios: { id: string; granted: number; total: number; actions: unknown[] }[] };
			assert.strictEqual(result.isPolicy, true);
			assert.deepStrictEqual(result.scenarios.map((s) => [s.id, s.granted, s.total, s.actions.length]), [['veeam-aws-ec2-restore', 54, 56, 56]]);
			const none = (await client.connection.sendRequest('iamRestoreLint/coverage', { uri: `${FOLDER}/unknown.json` })) as { isPolicy: boolean };
			assert.strictEqual(none.isPolicy, false);
		});
	});

	suite('as a push-only client', () => {
		setup(async () => {
			client = new TestLspClient();
			const init = await client.initialize('push');
			assert.strictEqual(init.capabilities.diagnosticProvider, undefined);
		});

		test('diagnostics are published on open and after each edit, never stale', async () => {
			const uri = `${FOLDER}/ec2-restore.json`;
			client.open(uri, missingTwo);
			const first = await client.pushed(uri);
			assert.strictEqual(first.filter((d) => d.code === 'scenario-missing').length, 1);
			// Ten quick edits: the last published version must be the last edit's.
			let text = missingTwo;
			for (let i = 0; i < 10; i++) text = client.edit(uri, text, text.indexOf('"Version"'), 0, ' ');
			const last = await client.pushed(uri);
			assert.strictEqual(client.published.get(uri)!.at(-1)!.version, client.version(uri));
			assert.strictEqual(last.filter((d) => d.code === 'scenario-missing').length, 1);
			const versions = client.published.get(uri)!.map((p) => p.version!);
			assert.deepStrictEqual([...versions].sort((a, b) => a - b), versions, 'published versions only increase');
		});

		test('a configuration change re-validates open documents', async () => {
			const uri = `${FOLDER}/ec2-restore.json`;
			client.open(uri, missingTwo);
			await client.pushed(uri);
			const before = client.published.get(uri)!.length;
			client.settings = () => ({ enable: false });
			client.changeConfiguration();
			await client.waitFor(() => (client.published.get(uri)!.length > before ? true : undefined), 5000, 're-publish');
			assert.deepStrictEqual(client.published.get(uri)!.at(-1)!.diagnostics, []);
		});

		test('closing a document clears its diagnostics', async () => {
			const uri = `${FOLDER}/ec2-restore.json`;
			client.open(uri, missingTwo);
			await client.pushed(uri);
			client.close(uri);
			await client.waitFor(() => (client.published.get(uri)!.at(-1)!.diagnostics.length === 0 ? true : undefined), 5000, 'cleared diagnostics');
		});
	});

	suite('user requirement sets', () => {
		let dir = '';
		setup(async () => {
			dir = fs.mkdtempSync(path.join(os.tmpdir(), 'irl-sets-'));
			client = new TestLspClient();
			await client.initialize('pull', pathToFileURL(dir).toString());
		});
		teardown(() => fs.rmSync(dir, { recursive: true, force: true }));

		test('a valid set is usable in iamRestoreLint.scenarios', async () => {
			fs.writeFileSync(path.join(dir, 'my-set.json'), JSON.stringify(userRequirementSet));
			client.settings = () => ({ requirementSets: ['my-set.json'], scenarios: { '*.json': ['my-app-restore'] } });
			const uri = pathToFileURL(path.join(dir, 'policy.json')).toString();
			client.open(uri, policyText([{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }]));
			const d = await client.pull(uri);
			assert.ok(d.some((x) => x.code === 'scenario-missing' && /My app \(My app 1\.0\) needs 1 more of its 2 actions: s3:PutObject/.test(x.message)), JSON.stringify(d));
		});

		test('code-server and remote workspaces: a vscode-remote:// requirement-set file gets its diagnostics too', async () => {
			const setPath = path.join(dir, 'remote-set.json');
			const broken = JSON.stringify({ ...userRequirementSet, actions: [] });
			fs.writeFileSync(setPath, broken);
			client.settings = () => ({ requirementSets: [setPath] });
			const remote = `vscode-remote://localhost:8080${setPath.split(path.sep).join('/')}`;
			client.open(remote, broken);
			const problems = await client.pull(remote);
			assert.strictEqual(problems[0]?.code, 'requirement-set-invalid', JSON.stringify(problems));
		});

		test('a broken set gets a clear diagnostic on that file, and editing it re-validates', async () => {
			const setPath = path.join(dir, 'my-set.json');
			const broken = JSON.stringify({ ...userRequirementSet, actions: [{ action: 's3 GetObject' }] }, null, 2);
			fs.writeFileSync(setPath, broken);
			client.settings = () => ({ requirementSets: [setPath], scenarios: { '*.json': ['my-app-restore'] } });
			const policyUri = pathToFileURL(path.join(dir, 'policy.json')).toString();
			client.open(policyUri, policyText([{ Effect: 'Allow', Action: 's3:PutObject', Resource: '*' }]));
			// Nothing is checked against a scenario its broken file should define: that fails, naming the file and why.
			const before = await client.pull(policyUri);
			assert.deepStrictEqual(before.filter((d) => d.code === 'scenario-missing'), []);
			const unknown = before.filter((d) => d.code === 'scenario-unknown');
			assert.strictEqual(unknown.length, 1, JSON.stringify(before));
			assert.strictEqual(unknown[0].severity, 1);
			assert.match(unknown[0].message, /^Unknown scenario "my-app-restore" asked for: nothing is checked against it, so this cannot pass\. This requirement-set file could not be used: my-set\.json \(.*\/actions\/0\/action must match pattern/);
			const setUri = pathToFileURL(setPath).toString();
			client.open(setUri, broken);
			const problems = await client.pull(setUri);
			assert.strictEqual(problems.length, 1);
			assert.strictEqual(problems[0].code, 'requirement-set-invalid');
			assert.match(problems[0].message, /\/actions\/0\/action must match pattern/);
			const refreshes = client.refreshRequests;
			const at = broken.indexOf('s3 GetObject');
			client.edit(setUri, broken, at, 'S3 GetObject'.length, 's3:GetObject');
			await client.waitFor(() => (client.refreshRequests > refreshes ? true : undefined), 5000, 'refresh after editing the set');
			assert.deepStrictEqual(await client.pull(setUri), []);
			const after = await client.pull(policyUri);
			assert.ok(after.some((d) => d.code === 'scenario-missing' && d.message.includes('s3:GetObject')), 'the fixed set now applies');
			assert.deepStrictEqual(after.filter((d) => d.code === 'scenario-unknown'), []);
		});

		test('failing closed: a requirement-set file that does not exist or is not JSON leaves its scenario unknown, an error on every document that asks for it', async () => {
			fs.writeFileSync(path.join(dir, 'not-json.json'), '{ "id": "other-set", ');
			client.settings = () => ({
				requirementSets: ['sets/missing.json', 'not-json.json'],
				scenarios: { 'policy.json': ['my-app-restore'], 'stack.yaml#RestoreRole': ['my-app-restore'] },
			});
			const because = 'These requirement-set files could not be used: not-json.json (Requirement set is not valid JSON: ';
			// A policy file chosen by a glob.
			const policyUri = pathToFileURL(path.join(dir, 'policy.json')).toString();
			client.open(policyUri, policyText([{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }]));
			const onPolicy = (await client.pull(policyUri)).filter((d) => d.code === 'scenario-unknown');
			assert.strictEqual(onPolicy.length, 1);
			assert.ok(onPolicy[0].message.startsWith('Unknown scenario "my-app-restore" asked for: nothing is checked against it, so this cannot pass. ' + because), onPolicy[0].message);
			assert.ok(onPolicy[0].message.endsWith('; sets/missing.json (Cannot read requirement set: the file does not exist).'), onPolicy[0].message);
			// A CloudFormation role chosen by a glob#NAME key, and one by its Metadata annotation.
			const stack = [
				'Resources:',
				'  RestoreRole:',
				'    Type: AWS::IAM::Role',
				'    Properties:',
				'      Policies:',
				'        - PolicyName: p',
				'          PolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: s3:GetObject, Resource: "*" }] }',
				'  AnnotatedRole:',
				'    Type: AWS::IAM::Role',
				'    Metadata: { iam-restore-lint: { scenarios: [my-app-restore] } }',
				'    Properties:',
				'      Policies:',
				'        - PolicyName: q',
				'          PolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: s3:PutObject, Resource: "*" }] }',
				'',
			].join('\n');
			const stackUri = pathToFileURL(path.join(dir, 'stack.yaml')).toString();
			client.open(stackUri, stack, 'yaml');
			const onStack = await client.pull(stackUri);
			const byName = onStack.filter((d) => d.code === 'scenario-unknown');
			assert.strictEqual(byName.length, 1, JSON.stringify(onStack));
			assert.ok(byName[0].message.includes(because), byName[0].message);
			const annotated = onStack.filter((d) => d.code === 'annotation-unknown-scenario');
			assert.strictEqual(annotated.length, 1, JSON.stringify(onStack));
			assert.strictEqual(annotated[0].range.start.line, 9);
			assert.ok(annotated[0].message.startsWith('Unknown scenario "my-app-restore" in the iam-restore-lint annotation: nothing is checked against it, so this cannot pass. ' + because), annotated[0].message);
		});
	});

	suite('roles made of several policy files', () => {
		let dir = '';
		setup(async () => {
			dir = fs.mkdtempSync(path.join(os.tmpdir(), 'irl-role-'));
			client = new TestLspClient();
			await client.initialize('pull', pathToFileURL(dir).toString());
		});
		teardown(() => fs.rmSync(dir, { recursive: true, force: true }));

		test('a role\'s files are checked together: a sibling\'s grant counts, its Deny blocks, and a change re-validates', async () => {
			const ec2 = requirementSet('veeam-aws-ec2-restore').actions.map((a) => a.action);
			const first = policyText([{ Sid: 'Half', Effect: 'Allow', Action: ec2.slice(0, 30), Resource: '*' }]);
			const second = policyText([{ Sid: 'Rest', Effect: 'Allow', Action: ec2.slice(30), Resource: '*' }]);
			fs.writeFileSync(path.join(dir, 'a.json'), first);
			fs.writeFileSync(path.join(dir, 'b.json'), second);
			client.settings = () => ({ roles: { Restore: { policies: ['a.json', 'b.json'], scenarios: ['veeam-aws-ec2-restore'] } } });
			const a = pathToFileURL(path.join(dir, 'a.json')).toString();
			const b = pathToFileURL(path.join(dir, 'b.json')).toString();
			client.open(a, first);
			assert.deepStrictEqual((await client.pull(a)).filter((d) => String(d.code).startsWith('scenario-')), [], 'b.json (on disk) grants the rest');
			const coverage = (await client.connection.sendRequest('iamRestoreLint/coverage', { uri: a })) as { role: { name: string }; scenarios: { granted: number; total: number; actions: { by: { file?: string }[] }[] }[] };
			assert.strictEqual(coverage.role.name, 'Restore');
			assert.deepStrictEqual([coverage.scenarios[0].granted, coverage.scenarios[0].total], [56, 56]);
			assert.ok(coverage.scenarios[0].actions.some((x) => x.by[0]?.file === 'b.json'));
			// Open b.json and turn its Allow into a Deny: a.json's grant no longer counts.
			client.open(b, second);
			const refreshes = client.refreshRequests;
			client.edit(b, second, second.indexOf('"Allow"'), '"Allow"'.length, '"Deny"');
			await client.waitFor(() => (client.refreshRequests > refreshes ? true : undefined), 5000, 'refresh after a sibling changed');
			const onB = await client.pull(b);
			const denied = onB.find((d) => d.code === 'scenario-denied')!;
			assert.ok(denied, JSON.stringify(onB.map((d) => d.code)));
			assert.match(denied.message, /The Deny in statement "Rest" blocks 26 actions that EC2 restore/);
			assert.deepStrictEqual((await client.pull(a)).filter((d) => String(d.code).startsWith('scenario-')), [], 'a.json is not blamed for what b.json denies');
		});

		test('a Deny in one file and the Allow it beats in another: related information points into the other file', async () => {
			const allow = scenarioPolicy('veeam-aws-ec2-restore');
			const guard = policyText([{ Sid: 'NoTerminate', Effect: 'Deny', Action: 'ec2:TerminateInstances', Resource: '*' }]);
			fs.writeFileSync(path.join(dir, 'allow.json'), allow);
			fs.writeFileSync(path.join(dir, 'guard.json'), guard);
			client.settings = () => ({ roles: { Restore: { policies: ['allow.json', 'guard.json'], scenarios: ['veeam-aws-ec2-restore'] } } });
			const g = pathToFileURL(path.join(dir, 'guard.json')).toString();
			client.open(g, guard);
			const denied = (await client.pull(g)).find((d) => d.code === 'scenario-denied')!;
			assert.strictEqual(denied.relatedInformation?.[0].location.uri, pathToFileURL(path.join(dir, 'allow.json')).toString());
			assert.match(denied.relatedInformation![0].message, /in allow\.json: allows them, but the Deny wins/);
		});
	});

	test('the bin refuses to start without a transport and prints its version', async () => {
		const { spawnSync } = await import('child_process');
		const bin = path.join(__dirname, '..', '..', '..', 'dist', 'server.js');
		const r = spawnSync(process.execPath, [bin], { encoding: 'utf8' });
		assert.strictEqual(r.status, 2);
		assert.match(r.stderr, /--stdio/);
		assert.match(spawnSync(process.execPath, [bin, '--version'], { encoding: 'utf8' }).stdout, /^iam-restore-lint-server /);
	});
});
