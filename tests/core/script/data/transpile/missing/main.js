import { helper } from './lib/nope.js';
export default function () { helper(); }
