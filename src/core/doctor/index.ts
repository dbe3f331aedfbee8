// "Tailspark: Diagnose Connection": the full checklist, editor-free (the CLI's `tailspark doctor`
// and the VS Code command both call runDoctor and renderReport).
export { CHECKS, runDoctor } from './run';
export { actionableFindings, describeAction, fixButtons, renderReport, type ReportVerdict, reportVerdict } from './report';
export { renderReportPage, renderServersReportPage, type ReportPage, type ServerSection } from './html';
export { redact } from '../redact';
export { parsePing, parseSnapServices, parseVersion, parseWhois } from './parse';
export type { CheckResult, CheckStatus, DoctorDeps, DoctorOptions, DoctorReport, TargetStatus } from './types';
