import { Counter, merge } from './lib/util.js';
import * as more from "./lib/more.js";

// data.json sits next to this file and is not a module: it must not be mirrored.
const c = new Counter();
c.add(2);
export const result = { ...merge({ a: 1 }, { b: 2 }), count: c.count, twice: more.twice(21) };
