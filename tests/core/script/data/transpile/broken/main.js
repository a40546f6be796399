import { ok } from './bad.js';
export default function () { ok(); }
