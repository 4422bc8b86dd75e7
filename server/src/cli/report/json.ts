import type { RoleAnalysis, ScenarioResult, Statement } from '../../engine';
import type { RoleReport } from '../roles';
import { FileReport, lineColumn, statementRefs } from './model';

/** The machine-readable report, exactly in the published JSON shape (README, "CLI"). */
export function toJsonReport(reports: readonly FileReport[], roles: readonly RoleReport[] = []): unknown {
	return {
		...(roles.length > 0 ? { roles: roles.map(roleJson) } : {}),
		files: [...roles.flatMap((r) => r.reports), ...reports].map((r) => ({
			path: r.path,
			...(r.fixed ? { fixed: r.fixed } : {}),
			...(r.analysis.kind === 'policy' && r.analysis.model ? { policyKind: r.analysis.model.kind } : {}),
			...(r.analysis.format && r.analysis.format !== 'policy' ? { format: r.analysis.format } : {}),
			scenarios: r.analysis.scenarios.map((s) => scenarioJson(r, s)),
			// A file that holds several documents (a template): each policy and each role (README.md, "CLI JSON" under CloudFormation).
			...(r.analysis.kind === 'template'
				? {
						policies: (r.analysis.policies ?? []).map((p) => ({
							name: p.name,
							kind: p.analysis.model?.kind === 'trust' ? 'trust' : 'identity',
							...lineColumn(r, p.anchor.offset),
							...(p.role !== undefined ? { role: p.role } : {}),
							scenarios: p.analysis.scenarios.map((s) => scenarioJson(r, s)),
						})),
						roles: (r.analysis.roles ?? []).map((role) => ({
							name: role.name,
							...lineColumn(r, role.anchor.offset),
							policies: role.policies,
							...(role.trust !== undefined ? { trust: role.trust } : {}),
							...(role.unresolved.length > 0 ? { unresolved: role.unresolved } : {}),
							scenarios: role.scenarios.map((s) => scenarioJson(r, s, role.role)),
						})),
					}
				: {}),
			findings: r.analysis.findings.map((f) => {
				const { line, column } = lineColumn(r, f.span.offset);
				return { code: f.code, severity: f.severity, message: f.message, line, column, ...(f.data ? { data: f.data } : {}) };
			}),
		})),
	};
}

/** One scenario's results; in a template's role, statements of AWS managed policies name their policy instead of a line. */
function scenarioJson(r: FileReport, s: ScenarioResult, role?: RoleAnalysis): unknown {
	const refs = (statements: readonly Statement[]) =>
		statements.map((st) => {
			const doc = role ? role.documents[role.documentOf(st)] : undefined;
			return doc && doc.analysis.text !== r.analysis.text ? { policy: doc.name, ...(st.sid ? { sid: st.sid.value } : {}) } : statementRefs(r, [st])[0];
		});
	return {
		id: s.compiled.set.id,
		satisfied: s.satisfied,
		...(s.inferred ? { inferred: true, reason: s.reason } : {}),
		actions: s.actions.map((a) => ({ action: a.action, status: a.status, by: refs(a.by) })),
		...(s.trust.length > 0 ? { trust: s.trust.map((t) => ({ principal: t.principal, principalType: t.principalType, action: t.action, status: t.status, by: refs(t.by) })) } : {}),
	};
}

/** A role checked as a whole: each action's deciding statements name their file. */
function roleJson(role: RoleReport): unknown {
	const ref = (s: Statement) => {
		const doc = role.analysis.documentOf(s);
		const report = role.reports[doc];
		return { file: role.paths[doc], ...statementRefs(report, [s])[0] };
	};
	return {
		name: role.analysis.name,
		file: role.file,
		policies: role.analysis.documents.filter((d) => d.kind === 'policy').map((d) => d.name),
		trust: role.analysis.documents.find((d) => d.kind === 'trust')?.name,
		satisfied: role.analysis.scenarios.every((s) => s.satisfied),
		scenarios: role.analysis.scenarios.map((s) => ({
			id: s.compiled.set.id,
			satisfied: s.satisfied,
			actions: s.actions.map((a) => ({ action: a.action, status: a.status, by: a.by.map(ref) })),
			...(s.trust.length > 0 ? { trust: s.trust.map((t) => ({ principal: t.principal, principalType: t.principalType, action: t.action, status: t.status })) } : {}),
		})),
	};
}
