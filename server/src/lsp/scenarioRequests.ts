import type { Connection } from 'vscode-languageserver';
import { Analysis, Checker, missingActionsPolicy, permissionPolicyParts, policyText, trustPolicy } from '../engine';
import { PolicyTextParams, PolicyTextRequestMethod, PolicyTextResult, ScenarioInfo, ScenariosParams, ScenariosRequestMethod } from '../shared/protocol';

export interface ScenarioRequestContext {
	/** The checker (built-in + user requirement sets) that applies to a document, or the built-in one. */
	checkerFor(uri: string | undefined): Promise<Checker>;
	/** The current analysis of an open document. */
	analysisOf(uri: string): Promise<Analysis | undefined>;
	runSafe<T>(what: string, fallback: T, work: () => Promise<T> | T): Promise<T>;
}

/** Requests behind the palette commands: the scenario list and ready-made policy texts. */
export function registerScenarioRequests(connection: Connection, ctx: ScenarioRequestContext): void {
	connection.onRequest(ScenariosRequestMethod, (params: ScenariosParams) =>
		ctx.runSafe<ScenarioInfo[]>('scenarios', [], async () =>
			(await ctx.checkerFor(params?.uri)).requirementSets.map((s) => ({
				id: s.id,
				title: s.title,
				shortTitle: s.shortTitle,
				product: s.product,
				productVersion: s.productVersion,
				pageDate: s.source.pageDate,
				sourceUrl: s.source.url,
				actionCount: s.actions.length,
				hasTrust: !!s.trust,
				parts: (s.policyParts ?? []).map((p) => p.label),
			})),
		),
	);

	connection.onRequest(PolicyTextRequestMethod, (params: PolicyTextParams) =>
		ctx.runSafe<PolicyTextResult>('policy text', { reason: 'internal error' }, async () => {
			const indent = params.insertSpaces === false ? '\t' : Math.max(1, Math.min(8, params.tabSize ?? 4));
			if (params.kind === 'missing') {
				const analysis = params.uri ? await ctx.analysisOf(params.uri) : undefined;
				if (!analysis || analysis.kind !== 'policy') return { reason: 'The document is not an IAM policy.' };
				if (analysis.scenarios.length === 0) return { reason: 'No scenario applies to this document.' };
				const policy = missingActionsPolicy(analysis.scenarios);
				return policy ? { text: policyText(policy, indent) } : { reason: 'Nothing is missing: every required action is allowed.' };
			}
			const set = (await ctx.checkerFor(params.uri)).getRequirementSet(params.scenario ?? '');
			if (!set) return { reason: `Unknown scenario "${params.scenario}".` };
			const parts = permissionPolicyParts(set);
			const policy = params.kind === 'trust' ? trustPolicy(set) : parts[Math.max(0, Math.min(parts.length - 1, params.part ?? 0))].policy;
			return policy ? { text: policyText(policy, indent) } : { reason: `${set.title} needs no trust policy.` };
		}),
	);
}
