export { en } from './en'
export { ko } from './ko'
