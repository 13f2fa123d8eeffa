/** The shape of an English message object with every literal widened to string. */
export type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> }
