import { Counter } from 'k6/metrics';
import exec from 'k6/execution';
import * as enc from "k6/encoding";
const data = require('k6/data');
import { x } from './lib/a.js';
// import nope from 'k6/ws'
import r from 'https://jslib.k6.io/k6-utils/1.4.0/index.js';
export default () => {};
