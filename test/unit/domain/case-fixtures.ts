import type { CaseEvent, CaseFact, CaseStage, CaseState, PathStage } from '../../../src/domain/case-events.js';
import { applyTransition, openCase, type CaseRequest, type Verdict } from '../../../src/domain/case-workflow.js';

/** Builds real cases through the real workflow (no hand-made states), one request at a time. */

const DAY_MS = 86_400_000;

export function must(verdict: Verdict): Extract<Verdict, { ok: true }> {
  if (!verdict.ok) throw new Error(`refused by ${verdict.rule}: ${verdict.message}`);
  return verdict;
}

type Ask = CaseRequest extends infer R
  ? R extends CaseRequest
    ? Omit<R, 'actor' | 'role' | 'reason'> & Partial<Pick<R, 'actor' | 'role' | 'reason'>>
    : never
  : never;

export class CaseBuilder {
  events: CaseEvent[] = [];
  state: CaseState;
  now: Date;

  constructor(caseId = 1, siteId = 100, opened = '2024-01-08T10:00:00.000Z') {
    this.now = new Date(opened);
    const v = must(
      openCase({ caseId, siteId, actor: 'alice', role: 'officer', reason: 'ranked in the top ten' }, this.now),
    );
    this.events.push(v.event);
    this.state = v.state;
  }

  /** Moves the clock on by calendar days. */
  wait(days: number): this {
    this.now = new Date(this.now.getTime() + days * DAY_MS);
    return this;
  }

  /** Applies a request one day after the last; throws if refused. */
  do(ask: Ask): this {
    this.wait(1);
    const request = { actor: 'alice', role: 'officer', reason: 'as minuted', ...ask } as CaseRequest;
    const v = must(applyTransition(this.state, request, this.now));
    this.events.push(v.event);
    this.state = v.state;
    return this;
  }

  to(to: CaseStage, extra: Partial<Ask> = {}): this {
    return this.do({ kind: 'transition', to, ...extra } as Ask);
  }

  /** Records what the guard out of the current path stage needs, without moving. */
  prepareExit(): this {
    const fact = (f: CaseFact) => this.do({ kind: 'record_fact', fact: f });
    const { facts } = this.state;
    switch (this.state.stage) {
      case 'identified':
        if (!facts.commissionerConfirmation) fact({ fact: 'commissioner_confirmation', commissioner: 'NCL ICB' });
        if (!facts.reprovisionPlan) fact({ fact: 'reprovision_plan', summary: 'clinics move to the new hub' });
        break;
      case 'due_diligence':
        if (!facts.titleReport) fact({ fact: 'title_report', summary: 'clean freehold' });
        if (!facts.planningBrief) fact({ fact: 'planning_brief', summary: 'residential led' });
        if (!facts.valuation)
          fact({
            fact: 'valuation',
            marketValuePence: 1_000_000_00,
            capacityHomes: 120,
            valuedOn: '2024-06-01',
            basis: 'max(EUV, RLV)',
          });
        break;
      case 'planning':
        if (!facts.planningOutcome)
          fact({ fact: 'planning_outcome', outcome: 'outline_consent', reference: '24/0001/OUT', homesPermitted: 110 });
        break;
      case 'marketing':
        if (!facts.saleAgreement)
          fact({ fact: 'sale_agreement', buyer: 'Homes Ltd', pricePence: 1_100_000_00, publicBody: false });
        break;
      default:
        break;
    }
    return this;
  }

  /** Walks the main path, recording what each guard needs, until the case is at `stage`. */
  walkTo(stage: PathStage | 'completed'): this {
    const next: Partial<Record<CaseStage, () => void>> = {
      identified: () => this.prepareExit().to('surplus_declared'),
      surplus_declared: () => this.to('board_review'),
      board_review: () => this.to('approved_for_disposal', { role: 'board', meetingId: 'LEB-2024-02' }),
      approved_for_disposal: () => this.to('first_refusal', { epimsReference: 'EPIMS-1234' }),
      first_refusal: () => this.wait(70).to('due_diligence'),
      due_diligence: () => this.prepareExit().to('planning'),
      planning: () => this.prepareExit().to('marketing'),
      marketing: () => this.prepareExit().to('sale_agreed'),
      sale_agreed: () => this.to('completed'),
    };
    while (this.state.stage !== stage) {
      const step = next[this.state.stage];
      if (!step) throw new Error(`could not walk from ${this.state.stage} to ${stage}`);
      step();
    }
    return this;
  }
}
