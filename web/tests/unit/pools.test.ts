// Patent pools in the app (lib/pools.ts): the royalty typed in yuan sent as integer fen (empty:
// negotiable, 面议) and written back, the form's checks and what it sends, the server's 400 on
// the field it names, who may do what on a pool's page, and the list's state in the URL.
import { describe, expect, it } from 'vitest'
import { ApiError } from '@/api/client'
import type { Pool } from '@/api/pools'
import {
  canAdministerPool,
  canContribute,
  canCreatePools,
  canRemoveMember,
  canRemovePatent,
  emptyPoolForm,
  normalisePatentNumber,
  poolFieldProblem,
  poolFormFromPool,
  poolFormProblems,
  poolInput,
  poolListStateFromQuery,
  poolQueryFromListState,
  poolStateKey,
  poolTabs,
  poolTransitionKey,
  royaltyYuan,
  type PoolForm,
} from '@/lib/pools'

const form = (changes: Partial<PoolForm> = {}): PoolForm => ({
  ...emptyPoolForm(),
  name: '  海洋监测传感专利池 ',
  technology: '浮标 低功耗 数据采集',
  ...changes,
})

function pool(role: Pool['role'], state = 'draft', adminOrg = 3): Pick<Pool, 'role' | 'workflow' | 'administrator'> {
  return {
    role,
    administrator: { org_id: adminOrg, name: '蓝鲸海洋科技' },
    workflow: { state, final: state === 'closed', version: 1, created_at: 0, state_since: 0, history: [], actions: [] },
  }
}

describe('pool royalty', () => {
  it('is sent as integer fen, read exactly', () => {
    expect(poolInput(form({ royalty: '12,000' })).royalty_fen).toBe(1_200_000)
    expect(poolInput(form({ royalty: '19.99' })).royalty_fen).toBe(1999)
    expect(poolInput(form({ royalty: '¥0.1' })).royalty_fen).toBe(10)
    expect(poolInput(form({ royalty: '50000元' })).royalty_fen).toBe(5_000_000)
  })

  it('is negotiable (null) when left empty', () => {
    expect(poolInput(form({ royalty: '' })).royalty_fen).toBeNull()
    expect(poolInput(form({ royalty: '   ' })).royalty_fen).toBeNull()
  })

  it('refuses amounts that do not read, with the reason', () => {
    expect(poolFormProblems(form({ royalty: '12.345' })).royalty).toEqual({ kind: 'royalty', reason: 'decimals' })
    expect(poolFormProblems(form({ royalty: '-5' })).royalty).toEqual({ kind: 'royalty', reason: 'negative' })
    expect(poolFormProblems(form({ royalty: 'abc' })).royalty).toEqual({ kind: 'royalty', reason: 'invalid' })
    expect(() => poolInput(form({ royalty: 'abc' }))).toThrow()
    expect(poolFormProblems(form({ royalty: '100,000,000,000' })).royalty).toBeUndefined()
    expect(poolFormProblems(form({ royalty: '100,000,000,000.01' })).royalty).toEqual({ kind: 'royalty', reason: 'tooLarge' })
  })

  it('is shown in yuan, or as negotiable', () => {
    expect(royaltyYuan(1_200_000)).toBe('12,000.00')
    expect(royaltyYuan(5)).toBe('0.05')
    expect(royaltyYuan(null)).toBeNull()
    expect(royaltyYuan(undefined)).toBeNull()
  })

  it('is written back into the form as typed yuan when editing', () => {
    const edited = poolFormFromPool({ name: 'P', technology: 'T', ipc: 'G01C', region_code: '370200', royalty_fen: 1_234_567, terms: '按年许可' })
    expect(edited).toEqual({ name: 'P', technology: 'T', ipc: 'G01C', region_code: '370200', royalty: '12,345.67', terms: '按年许可' })
    // and it reads back to the same fen
    expect(poolInput(edited).royalty_fen).toBe(1_234_567)
    expect(poolFormFromPool({ name: 'P', technology: 'T', ipc: '', region_code: '', royalty_fen: null, terms: '' }).royalty).toBe('')
  })
})

describe('pool form', () => {
  it('needs a name and a technology; terms wait until publishing', () => {
    expect(poolFormProblems(emptyPoolForm())).toEqual({ name: { kind: 'required' }, technology: { kind: 'required' } })
    expect(poolFormProblems(form())).toEqual({})
  })

  it('bounds the name', () => {
    expect(poolFormProblems(form({ name: '池'.repeat(201) })).name).toEqual({ kind: 'tooLong', max: 200 })
    expect(poolFormProblems(form({ name: '池'.repeat(200) })).name).toBeUndefined()
  })

  it('sends trimmed text, the IPC in capitals, the region only when chosen, the version when editing', () => {
    expect(poolInput(form({ ipc: ' g01c ', terms: ' 统一许可 ' }))).toEqual({
      name: '海洋监测传感专利池',
      technology: '浮标 低功耗 数据采集',
      ipc: 'G01C',
      royalty_fen: null,
      terms: '统一许可',
    })
    expect(poolInput(form({ region_code: '370202' }), 4)).toMatchObject({ region_code: '370202', version: 4 })
  })

  it('puts the server’s 400 on the field it names, without the field’s name', () => {
    const refused = new ApiError({ status: 400, title: 'Invalid argument', detail: 'royalty_fen: must not be negative', field: 'royalty_fen' })
    expect(poolFieldProblem(refused)).toEqual({ field: 'royalty', detail: 'must not be negative' })
    expect(poolFieldProblem(new ApiError({ status: 400, title: 'Invalid argument', detail: 'is required', field: 'name' }))).toEqual({
      field: 'name',
      detail: 'is required',
    })
    expect(poolFieldProblem(new ApiError({ status: 400, title: 'Invalid argument', detail: '', field: 'ipc' }))).toEqual({
      field: 'ipc',
      detail: 'Invalid argument',
    })
  })

  it('leaves other problems to the page', () => {
    expect(poolFieldProblem(new ApiError({ status: 400, title: 'Invalid argument', detail: 'x', field: 'version' }))).toBeNull()
    expect(poolFieldProblem(new ApiError({ status: 409, title: 'Conflict', detail: 'x', field: 'name' }))).toBeNull()
    expect(poolFieldProblem(new Error('boom'))).toBeNull()
  })

  it('normalises a typed publication number', () => {
    expect(normalisePatentNumber(' cn 119999001 b ')).toBe('CN119999001B')
  })
})

describe('who may do what on a pool', () => {
  const member = { role: 'member' as const, organization_id: 7 }
  const admin = { role: 'org_admin' as const, organization_id: 3 }

  it('members of an organisation create pools and have a "mine" tab', () => {
    expect(canCreatePools(member)).toBe(true)
    expect(canCreatePools({ role: 'official', organization_id: null })).toBe(false)
    expect(canCreatePools(null)).toBe(false)
    expect(poolTabs(member)).toEqual(['market', 'mine'])
    expect(poolTabs(null)).toEqual(['market'])
  })

  it('the administrator edits and members contribute until the pool is closed', () => {
    expect(canAdministerPool(pool('administrator'))).toBe(true)
    expect(canAdministerPool(pool('administrator', 'published'))).toBe(true)
    expect(canAdministerPool(pool('administrator', 'closed'))).toBe(false)
    expect(canAdministerPool(pool('member'))).toBe(false)
    expect(canContribute(pool('member'))).toBe(true)
    expect(canContribute(pool('administrator'))).toBe(true)
    expect(canContribute(pool('official'))).toBe(false)
    expect(canContribute(pool(null))).toBe(false)
    expect(canContribute(pool('member', 'closed'))).toBe(false)
  })

  it('the administrator removes members but not itself; a member may leave', () => {
    const other = { org_id: 7, administrator: false }
    const itself = { org_id: 3, administrator: true }
    expect(canRemoveMember(pool('administrator'), other, admin)).toBe(true)
    expect(canRemoveMember(pool('administrator'), itself, admin)).toBe(false)
    expect(canRemoveMember(pool('member'), other, member)).toBe(true)
    expect(canRemoveMember(pool('member'), { org_id: 9, administrator: false }, member)).toBe(false)
    expect(canRemoveMember(pool('administrator', 'closed'), other, admin)).toBe(false)
  })

  it('the contributor or the administrator takes a patent out', () => {
    const mine = { contributor: { org_id: 7, name: '青岛海滨理工大学' } }
    const theirs = { contributor: { org_id: 3, name: '蓝鲸海洋科技' } }
    expect(canRemovePatent(pool('member'), mine, member)).toBe(true)
    expect(canRemovePatent(pool('member'), theirs, member)).toBe(false)
    expect(canRemovePatent(pool('administrator'), mine, admin)).toBe(true)
    expect(canRemovePatent(pool(null), mine, null)).toBe(false)
  })
})

describe('pool names and list state', () => {
  it('names the states and transitions it knows', () => {
    expect(poolStateKey('published')).toBe('pools.states.published')
    expect(poolStateKey('pending_review')).toBeNull()
    expect(poolTransitionKey('publish')).toBe('pools.transitions.publish')
    expect(poolTransitionKey('approve')).toBeNull()
  })

  it('reads and writes the list state in the URL', () => {
    expect(poolListStateFromQuery({ tab: 'mine', q: '海洋', state: 'draft', page: '3' })).toEqual({ tab: 'mine', q: '海洋', state: 'draft', page: 3 })
    expect(poolListStateFromQuery({ tab: 'review', state: 'bogus', page: '-1' })).toEqual({ tab: 'market', q: '', state: '', page: 1 })
    expect(poolQueryFromListState({ tab: 'market', q: ' ', state: '', page: 1 })).toEqual({})
    expect(poolQueryFromListState({ tab: 'mine', q: ' 海洋 ', state: 'published', page: 2 })).toEqual({
      tab: 'mine',
      q: '海洋',
      state: 'published',
      page: '2',
    })
  })
})
