import { describe, expect, it } from 'vitest'
import { ApiError } from '@/api/client'
import type { Demand, DemandInvitation } from '@/api/demands'
import type { WorkflowAction, WorkflowInfo } from '@/api/market'
import en from '@/locales/en'
import zhCN from '@/locales/zh-CN'
import {
  DEMAND_STATES,
  DEMAND_TRANSITIONS,
  INVITATION_ANSWERS,
  INVITATION_STATES,
  MAX_INVITES,
  answerKey,
  canAnswer,
  canEditDemand,
  canInvite,
  canPostDemands,
  canSeeInvitations,
  demandActionButtons,
  demandFieldProblem,
  demandFormProblems,
  demandInput,
  demandListQueryFromState,
  demandListStateFromQuery,
  demandStateKey,
  demandStateTagType,
  demandTabs,
  demandTransitionKey,
  emptyDemandForm,
  emptyDemandListState,
  firstLine,
  formFromDemand,
  hoursText,
  invitationStateKey,
  invitationStateTagType,
  inviteBody,
  inviteProblem,
  receivedFilterFromQuery,
  responseBody,
  seesAllResponseTimes,
  type DemandForm,
} from '@/lib/demands'

function message(messages: unknown, key: string): unknown {
  return key.split('.').reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), messages)
}

function action(transition: string, extra: Partial<WorkflowAction> = {}): WorkflowAction {
  return {
    transition,
    to: 'open',
    permitted: true,
    allowed: true,
    blocked_by: '',
    reason_required: false,
    label_zh: `zh:${transition}`,
    label_en: `en:${transition}`,
    ...extra,
  }
}

function workflow(state: string, actions: WorkflowAction[] = [], final = false): WorkflowInfo {
  return { state, final, version: 2, created_at: 1, state_since: 2, history: [], actions }
}

function demand(extra: Partial<Demand> = {}): Demand {
  return {
    id: 12,
    title: 'Cold-proof storage cells',
    problem: 'Cells lose 40% at -20 °C.\nWe need 80%.',
    industry: 'energy',
    ipc: 'H01M',
    budget_fen: 50_000_000,
    deadline: '2027-03-31',
    region_code: '370102',
    contact_name: 'Li',
    contact_phone: '0531-66666666',
    contact_visibility: 'members',
    contact_shown: true,
    org_id: 3,
    org_name: 'ACME',
    created_at: 1,
    updated_at: 2,
    workflow: workflow('draft'),
    ...extra,
  }
}

function invitation(extra: Partial<DemandInvitation> = {}): DemandInvitation {
  return {
    id: 31,
    demand_id: 12,
    demand_title: 'Cold-proof storage cells',
    supplier_org_id: 9,
    supplier_org_name: 'Qingdao University',
    invited_at: 1,
    respond_by: 2,
    responded_at: null,
    answer: null,
    message: '',
    state: 'pending',
    ...extra,
  }
}

const poster = { role: 'org_admin' as const, organization_id: 3 }
const supplier = { role: 'member' as const, organization_id: 9 }
const official = { role: 'official' as const, organization_id: null }

function filled(extra: Partial<DemandForm> = {}): DemandForm {
  return { ...emptyDemandForm('370102'), title: ' Cells ', problem: ' Cold\n', industry: ' energy ', deadline: '2027-03-31', ...extra }
}

describe('names of states, transitions, invitation states and answers', () => {
  it('exist in both languages', () => {
    const keys = [
      ...DEMAND_STATES.map((s) => demandStateKey(s)!),
      ...DEMAND_TRANSITIONS.map((s) => demandTransitionKey(s)!),
      ...INVITATION_STATES.map((s) => invitationStateKey(s)!),
      ...INVITATION_ANSWERS.map((s) => answerKey(s)!),
    ]
    for (const key of keys) {
      expect(typeof message(zhCN, key), key).toBe('string')
      expect(typeof message(en, key), key).toBe('string')
    }
    expect(INVITATION_STATES.map((s) => message(zhCN, invitationStateKey(s)!))).toEqual(['待答复', '已逾期', '按时答复', '逾期答复'])
    expect(INVITATION_ANSWERS.map((s) => message(zhCN, answerKey(s)!))).toEqual(['有意向', '婉拒'])
  })

  it('leave unknown ones to be shown as sent', () => {
    expect(demandStateKey('archived')).toBeNull()
    expect(demandTransitionKey('sell')).toBeNull()
    expect(invitationStateKey('lost')).toBeNull()
    expect(answerKey(null)).toBeNull()
    expect(answerKey('maybe')).toBeNull()
  })

  it('colour the states', () => {
    expect(demandStateTagType('open')).toBe('success')
    expect(demandStateTagType('draft')).toBe('info')
    expect(invitationStateTagType('overdue')).toBe('danger')
    expect(invitationStateTagType('pending')).toBe('warning')
    expect(invitationStateTagType('answered_on_time')).toBe('success')
  })
})

describe('text helpers', () => {
  it('take the first non-empty line of the problem', () => {
    expect(firstLine('Cells lose 40%.\nWe need 80%.')).toBe('Cells lose 40%.')
    expect(firstLine('\n\n  second  \r\nthird')).toBe('second')
    expect(firstLine('')).toBe('')
    expect(firstLine(null)).toBe('')
  })

  it('write median hours with one decimal at most, a dash for none', () => {
    expect(hoursText(null)).toBe('—')
    expect(hoursText(3)).toBe('3')
    expect(hoursText(2.46)).toBe('2.5')
  })
})

describe('who sees what', () => {
  it('gives members of an organisation their own tab', () => {
    expect(demandTabs(null)).toEqual(['market'])
    expect(demandTabs(official)).toEqual(['market'])
    expect(demandTabs(supplier)).toEqual(['market', 'mine'])
    expect(canPostDemands(official)).toBe(false)
    expect(canPostDemands(poster)).toBe(true)
  })

  it('lets the poster edit a draft and invite while open', () => {
    expect(canEditDemand(demand(), poster)).toBe(true)
    expect(canEditDemand(demand(), supplier)).toBe(false)
    expect(canEditDemand(demand({ workflow: workflow('open') }), poster)).toBe(false)
    expect(canInvite(demand(), poster)).toBe(false)
    expect(canInvite(demand({ workflow: workflow('open') }), poster)).toBe(true)
    expect(canInvite(demand({ workflow: workflow('open') }), supplier)).toBe(false)
  })

  it('shows the invitations to the poster and reviewers', () => {
    expect(canSeeInvitations(demand(), poster)).toBe(true)
    expect(canSeeInvitations(demand(), official)).toBe(true)
    expect(canSeeInvitations(demand(), supplier)).toBe(false)
    expect(canSeeInvitations(demand(), null)).toBe(false)
    expect(seesAllResponseTimes(official)).toBe(true)
    expect(seesAllResponseTimes(poster)).toBe(false)
  })

  it('offers an answer while an invitation is pending or overdue', () => {
    expect(canAnswer(invitation())).toBe(true)
    expect(canAnswer(invitation({ state: 'overdue' }))).toBe(true)
    expect(canAnswer(invitation({ state: 'answered_on_time', answer: 'interested' }))).toBe(false)
    expect(canAnswer(invitation({ state: 'answered_late', answer: 'declined' }))).toBe(false)
  })
})

describe('workflow buttons', () => {
  it('are one per permitted action, coloured, disabled with the failed check', () => {
    const buttons = demandActionButtons(
      workflow('draft', [
        action('publish', { allowed: false, blocked_by: 'deadline_ahead: the deadline 2020-01-01 has passed' }),
        action('withdraw', { to: 'withdrawn' }),
        action('take_down', { to: 'withdrawn', permitted: false }),
      ]),
      'zh-CN',
    )
    expect(buttons.map((b) => [b.transition, b.type, b.enabled, b.final])).toEqual([
      ['publish', 'primary', false, false],
      ['withdraw', 'warning', true, true],
    ])
    expect(buttons[0].blockedBy).toMatch(/^deadline_ahead: /)
    expect(buttons[0].label).toBe('zh:publish')
  })

  it('ask for a reason where the action says so, and none in a final state', () => {
    const [takeDown] = demandActionButtons(workflow('open', [action('take_down', { reason_required: true, to: 'withdrawn' })]), 'en')
    expect(takeDown.reasonRequired).toBe(true)
    expect(takeDown.type).toBe('danger')
    expect(takeDown.label).toBe('en:take_down')
    expect(demandActionButtons(workflow('closed', [action('publish')], true), 'en')).toEqual([])
  })
})

describe('the list state in the URL', () => {
  it('reads what it knows and writes back only what differs from the default', () => {
    const state = demandListStateFromQuery({ tab: 'mine', q: ' 电池 ', industry: '新能源', region: '370102', page: '3' })
    expect(state).toEqual({ tab: 'mine', q: ' 电池 ', industry: '新能源', region: '370102', page: 3 })
    expect(demandListQueryFromState(state)).toEqual({ tab: 'mine', q: '电池', industry: '新能源', region: '370102', page: '3' })
    expect(demandListStateFromQuery({ tab: 'review', region: '37', page: '-1' })).toEqual(emptyDemandListState())
    expect(demandListQueryFromState(emptyDemandListState())).toEqual({})
  })

  it('reads the invitations filter', () => {
    expect(receivedFilterFromQuery({ state: 'pending' })).toBe('pending')
    expect(receivedFilterFromQuery({ state: 'answered' })).toBe('answered')
    expect(receivedFilterFromQuery({ state: 'overdue' })).toBe('all')
    expect(receivedFilterFromQuery({})).toBe('all')
  })
})

describe('request bodies', () => {
  it('invite each chosen organisation once, 1 to 50', () => {
    expect(inviteBody([4, 4, 9])).toEqual({ supplier_org_ids: [4, 9] })
    expect(inviteProblem([])).toBe('none')
    expect(inviteProblem([4])).toBeNull()
    expect(inviteProblem(Array.from({ length: MAX_INVITES + 1 }, (_, i) => i + 1))).toBe('tooMany')
    expect(inviteProblem([...Array.from({ length: MAX_INVITES }, (_, i) => i + 1), 1])).toBeNull()
  })

  it('answer with the message trimmed', () => {
    expect(responseBody('interested', '  我们有中试线 \n')).toEqual({ answer: 'interested', message: '我们有中试线' })
    expect(responseBody('declined', '')).toEqual({ answer: 'declined', message: '' })
  })
})

describe('the demand form', () => {
  it('starts with the poster region and contact for logged-in users', () => {
    expect(emptyDemandForm('370102')).toMatchObject({ region_code: '370102', contact_visibility: 'members', budget: '', deadline: '' })
  })

  it('needs a title, the problem, the industry and the deadline, and a budget that reads', () => {
    expect(demandFormProblems(emptyDemandForm())).toEqual({
      title: { kind: 'required' },
      problem: { kind: 'required' },
      industry: { kind: 'required' },
      deadline: { kind: 'required' },
    })
    expect(demandFormProblems(filled({ budget: '1.234' }))).toEqual({ budget: { kind: 'budget', reason: 'decimals' } })
    expect(demandFormProblems(filled({ budget: '-5' }))).toEqual({ budget: { kind: 'budget', reason: 'negative' } })
    expect(demandFormProblems(filled({ deadline: '31.03.2027' }))).toEqual({ deadline: { kind: 'deadline' } })
    expect(demandFormProblems(filled())).toEqual({})
  })

  it('sends the budget in integer fen, null when negotiable, and leaves out empty options', () => {
    expect(demandInput(filled({ budget: '500,000.5', deadline: '2027-03-31', ipc: ' H01M ' }), 4)).toEqual({
      title: 'Cells',
      problem: 'Cold',
      industry: 'energy',
      ipc: 'H01M',
      budget_fen: 50_000_050,
      deadline: '2027-03-31',
      region_code: '370102',
      contact_visibility: 'members',
      version: 4,
    })
    expect(demandInput(filled({ region_code: null }))).toEqual({
      title: 'Cells',
      problem: 'Cold',
      industry: 'energy',
      budget_fen: null,
      deadline: '2027-03-31',
      contact_visibility: 'members',
    })
  })

  it('holds a demand as it stands, the budget written back in yuan', () => {
    const form = formFromDemand(demand())
    expect(form).toMatchObject({ budget: '500,000.00', deadline: '2027-03-31', ipc: 'H01M', region_code: '370102', contact_name: 'Li' })
    expect(formFromDemand(demand({ budget_fen: null })).budget).toBe('')
    expect(demandInput(form).budget_fen).toBe(50_000_000)
  })

  it('puts the server refusal on the field it names', () => {
    const budget = new ApiError({ status: 400, title: 'Invalid argument', detail: 'budget_fen: must not be negative', field: 'budget_fen' })
    expect(demandFieldProblem(budget)).toEqual({ field: 'budget', detail: 'must not be negative' })
    const deadline = new ApiError({ status: 400, title: 'Invalid argument', detail: 'deadline: not a day', field: 'deadline' })
    expect(demandFieldProblem(deadline)).toEqual({ field: 'deadline', detail: 'not a day' })
    expect(demandFieldProblem(new ApiError({ status: 400, title: 'x', detail: 'other', field: 'version' }))).toBeNull()
    expect(demandFieldProblem(new ApiError({ status: 409, title: 'x', detail: 'y', field: 'title' }))).toBeNull()
    expect(demandFieldProblem(new Error('x'))).toBeNull()
  })
})
