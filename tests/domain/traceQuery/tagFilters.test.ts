import { describe, expect, it } from 'vitest'
import { parseTagList, parseTagText, tagsToRecord, tagsToText } from '@/domain/traceQuery/tagFilters'

describe('tag filters typed as k=v', () => {
  it('splits on spaces and keeps quoted values together', () => {
    expect(parseTagText('http.status_code=500 error=true  tenant.id=acme').tags).toEqual(['http.status_code=500', 'error=true', 'tenant.id=acme'])
    expect(parseTagText('user.name="Kim Minji" x=1').tags).toEqual(['user.name=Kim Minji', 'x=1'])
  })

  it('keeps "=" inside values and empty values (has-key), one filter per key, the last wins', () => {
    expect(parseTagText('q=a=b error= k=1 k=2').tags).toEqual(['q=a=b', 'error=', 'k=2'])
  })

  it('reports tokens without "=" or without a key instead of dropping them silently', () => {
    const r = parseTagText('error =x ok=1')
    expect(r.tags).toEqual(['ok=1'])
    expect(r.problems).toEqual([
      { token: 'error', reason: 'no-equals' },
      { token: '=x', reason: 'empty-key' },
    ])
  })

  it('round-trips through the text box and to a record', () => {
    const tags = ['a=1', 'user.name=Kim Minji', 'q=x=y']
    expect(parseTagText(tagsToText(tags)).tags).toEqual(tags)
    expect(tagsToRecord(tags)).toEqual({ a: '1', 'user.name': 'Kim Minji', q: 'x=y' })
    expect(parseTagList(['a=1', 'bad']).problems).toHaveLength(1)
  })
})
