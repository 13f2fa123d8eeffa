import { describe, expect, it } from 'vitest'
import { readField, readFirst, readText } from '@/domain/logs/readField'

describe('readField', () => {
  it('reads nested objects by dotted path', () => {
    expect(readField({ trace: { id: 'abc' } }, 'trace.id')).toBe('abc')
  })

  it('reads literal dotted keys', () => {
    expect(readField({ 'Resource.service.name': 'svc' }, 'Resource.service.name')).toBe('svc')
  })

  it('reads a mix of nested objects and dotted keys (OTel resource.attributes)', () => {
    const source = { resource: { attributes: { 'service.name': 'checkout', host: { name: 'h1' } } } }
    expect(readField(source, 'resource.attributes.service.name')).toBe('checkout')
    expect(readField(source, 'resource.attributes.host.name')).toBe('h1')
  })

  it('falls back to a shorter key when the longer one leads nowhere', () => {
    const source = { 'a.b': { x: 1 }, a: { b: { c: 2 } } }
    expect(readField(source, 'a.b.c')).toBe(2)
    expect(readField(source, 'a.b.x')).toBe(1)
  })

  it('never reads through the prototype', () => {
    expect(readField({}, 'constructor')).toBeUndefined()
    expect(readField({ a: {} }, 'a.__proto__')).toBeUndefined()
    expect(readField({ a: {} }, 'a.toString')).toBeUndefined()
  })

  it('returns undefined for missing paths, scalars on the way and arrays', () => {
    expect(readField({ a: 1 }, 'a.b')).toBeUndefined()
    expect(readField({ a: [{ b: 1 }] }, 'a.b')).toBeUndefined()
    expect(readField(null, 'a')).toBeUndefined()
    expect(readField({ a: 1 }, '')).toBeUndefined()
  })
})

describe('readFirst / readText', () => {
  it('takes the first path with a value, skipping null', () => {
    expect(readFirst({ a: null, b: 0 }, ['a', 'b'])).toBe(0)
  })

  it('reads scalars as text and the first scalar of an array', () => {
    expect(readText({ n: 17 }, ['n'])).toBe('17')
    expect(readText({ tags: ['x', 'y'] }, ['tags'])).toBe('x')
    expect(readText({ o: { text: 'x' }, s: 'y' }, ['o', 's'])).toBe('y')
    expect(readText({}, ['a'])).toBeUndefined()
  })
})
