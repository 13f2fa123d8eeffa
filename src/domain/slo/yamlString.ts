/**
 * A YAML double-quoted scalar for any string. JSON's escapes are all valid YAML escapes; on top
 * of them YAML forbids raw C1 controls and DEL (they are not "printable", YAML 1.2 §5.1) and
 * treats U+2028/U+2029 as line breaks in 1.1 parsers, so those are written as `\uXXXX`; a lone
 * surrogate cannot be UTF-8 and becomes U+FFFD, as encoding it would.
 */
export function yamlString(value: string): string {
  let wellFormed = ''
  for (const ch of value) {
    const cp = ch.codePointAt(0) ?? 0xfffd
    wellFormed += cp >= 0xd800 && cp <= 0xdfff ? '\ufffd' : ch
  }
  return JSON.stringify(wellFormed).replace(/[\u007f-\u009f\u2028\u2029\ufeff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}
