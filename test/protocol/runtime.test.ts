import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { policyText, repoRoot, requirementSet, scenarioPolicy, userRequirementSet } from '../support/fixtures';
import { TestLspClient } from '../support/lspClient';
import { MemoryRuntime } from '../support/memoryRuntime';

const FOLDER = 'file:///ws';

/**
 * `startServer(connection, runtime)` in process with an in-memory runtime: everything the server
 * reads comes through the runtime, by URI, as it will in a browser web worker.
 */
suite('language server on an in-memory runtime', function () {
	this.timeout(30000);
	let client: TestLspClient;
	let runtime: MemoryRuntime;
	setup(() => {
		runtime = new MemoryRuntime();
		client = TestLspClient.inProcess(runtime);
	});
	teardown(async () => {
		await client.stop();
	});

	test('checks a policy, with the catalog and a user requirement set read through the runtime', async () => {
		runtime.write(`${FOLDER}/sets/my-set.json`, JSON.stringify(userRequirementSet));
		client.settings = () => ({ requirementSets: ['sets/my-set.json'], scenarios: { '*.json': ['my-app-restore'] } });
		await client.initialize('pull', FOLDER);
		const uri = `${FOLDER}/policy.json`;
		client.open(uri, policyText([{ Effect: 'Allow', Action: ['s3:GetObject', 'ec2:DescribeInstancez'], Resource: '*' }]));
		const diagnostics = await client.pull(uri);
		assert.ok(diagnostics.some((d) => d.code === 'scenario-missing' && /needs 1 more of its 2 actions: s3:PutObject/.test(d.message)), JSON.stringify(diagnostics));
		// action-unknown needs the catalog, which came from the runtime.
		assert.ok(diagnostics.some((d) => d.code === 'action-unknown'), JSON.stringify(diagnostics.map((d) => d.code)));
		assert.deepStrictEqual(runtime.reads, [`${FOLDER}/sets/my-set.json`]);
	});

	test('without a catalog the server still checks the scenarios and says why in its log', async () => {
		runtime = new MemoryRuntime(() => Promise.reject(new Error('not bundled here')));
		await client.stop();
		client = TestLspClient.inProcess(runtime);
		await client.initialize('pull', FOLDER);
		const uri = `${FOLDER}/ec2.json`;
		client.open(uri, scenarioPolicy('veeam-aws-ec2-restore', ['iam:PassRole']));
		assert.ok((await client.pull(uri)).some((d) => d.code === 'scenario-missing'));
		assert.match(client.stderr, /AWS action catalog unavailable: not bundled here/);
	});

	test('an edit to a file of a role re-validates that role\'s documents and no other', async () => {
		const ec2 = requirementSet('veeam-aws-ec2-restore').actions.map((a) => a.action);
		const first = policyText([{ Sid: 'Half', Effect: 'Allow', Action: ec2.slice(0, 30), Resource: '*' }]);
		const second = policyText([{ Sid: 'Rest', Effect: 'Allow', Action: ec2.slice(30), Resource: '*' }]);
		client.settings = () => ({ roles: { Restore: { policies: ['a.json', 'b.json'], scenarios: ['veeam-aws-ec2-restore'] } } });
		await client.initialize('push', FOLDER);
		const [a, b, other] = ['a.json', 'b.json', 'other.json'].map((f) => `${FOLDER}/${f}`);
		client.open(a, first);
		client.open(b, second);
		client.open(other, scenarioPolicy('veeam-aws-ec2-restore', ['iam:PassRole']));
		for (const uri of [a, b, other]) await client.pushed(uri);
		assert.deepStrictEqual((await client.pushed(a)).filter((d) => String(d.code).startsWith('scenario-')), [], 'b.json grants the rest');
		const counts = () => [a, other].map((u) => client.published.get(u)!.length);
		const [aBefore, otherBefore] = counts();
		client.edit(b, second, second.indexOf('"Allow"'), '"Allow"'.length, '"Deny"');
		await client.pushed(b);
		await client.waitFor(() => (client.published.get(a)!.length > aBefore ? true : undefined), 10000, 'a.json re-published');
		const coverage = (await client.connection.sendRequest('iamRestoreLint/coverage', { uri: a })) as { scenarios: { actions: { status: string }[] }[] };
		assert.strictEqual(coverage.scenarios[0].actions.filter((x) => x.status === 'denied').length, ec2.length - 30, 'a.json now sees b.json\'s Deny');
		// Give a stray re-validation of other.json every chance to show up before checking it did not.
		await new Promise((resolve) => setTimeout(resolve, 300));
		assert.strictEqual(client.published.get(other)!.length, otherBefore, 'other.json is not part of the role');
		assert.ok(client.published.get(b)!.at(-1)!.diagnostics.some((d) => d.code === 'scenario-denied'));
	});

	suite('untrusted workspaces: a workspace setting never makes the server read a file outside the workspace', () => {
		const outsideSet = 'file:///home/user/sets/my-set.json';
		const secret = 'file:///home/user/.ssh/id_rsa';
		const set = JSON.stringify({ ...userRequirementSet, id: 'outside-set', title: 'Outside set', shortTitle: 'Outside', actions: [{ action: 's3:GetObject' }] });
		const settings = { requirementSets: ['/home/user/sets/my-set.json', '../../etc/passwd'], roles: { Steal: { policies: ['policy.json', '/home/user/.ssh/id_rsa'], scenarios: ['outside-set'] } }, scenarios: { '*.json': ['outside-set'] } };

		test('requirement sets and role files outside the folders are not read; the policy is still checked', async () => {
			runtime.write(outsideSet, set);
			runtime.write(secret, '{"Statement": []}');
			client.settings = () => settings;
			await client.initialize('pull', FOLDER);
			const uri = `${FOLDER}/policy.json`;
			client.open(uri, policyText([{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }]));
			const diagnostics = await client.pull(uri);
			assert.deepStrictEqual(runtime.reads, [], 'nothing outside file:///ws was read');
			assert.ok(!diagnostics.some((d) => /Outside/.test(d.message)), 'the outside set was not loaded');
			assert.match(client.stderr, /requirement set file:\/\/\/home\/user\/sets\/my-set\.json: Cannot read requirement set: it is outside the workspace folders, and only your user settings may name files outside the workspace/);
		});

		test('a path the user\'s own settings name (userPaths, filled in by the client) may be outside', async () => {
			runtime.write(outsideSet, set);
			runtime.write(secret, '{"Statement": []}');
			client.settings = () => ({ ...settings, userPaths: ['/home/user/sets/my-set.json'] });
			await client.initialize('pull', FOLDER, { fillsUserPaths: true });
			const uri = `${FOLDER}/policy.json`;
			client.open(uri, policyText([{ Effect: 'Allow', Action: 's3:PutObject', Resource: '*' }]));
			const diagnostics = await client.pull(uri);
			assert.deepStrictEqual(runtime.reads, [outsideSet], 'the user\'s set, and not the secret the workspace named');
			assert.ok(diagnostics.some((d) => d.code === 'scenario-missing' && /Outside/.test(d.message)), JSON.stringify(diagnostics.map((d) => d.message)));
		});

		test('userPaths are ignored from a client that does not say it fills them in (a workspace could have written them)', async () => {
			runtime.write(outsideSet, set);
			client.settings = () => ({ ...settings, userPaths: ['/home/user/sets/my-set.json', '/home/user/.ssh/id_rsa'] });
			await client.initialize('pull', FOLDER);
			const uri = `${FOLDER}/policy.json`;
			client.open(uri, policyText([{ Effect: 'Allow', Action: 's3:PutObject', Resource: '*' }]));
			await client.pull(uri);
			assert.deepStrictEqual(runtime.reads, []);
		});

		test('the manifest declares limited support and restricts the settings that name files', () => {
			const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { capabilities: { untrustedWorkspaces: { supported: unknown; restrictedConfigurations: string[] } } };
			const untrusted = manifest.capabilities.untrustedWorkspaces;
			assert.strictEqual(untrusted.supported, 'limited');
			assert.deepStrictEqual([...untrusted.restrictedConfigurations].sort(), ['iamRestoreLint.requirementSets', 'iamRestoreLint.roles']);
		});
	});
});
