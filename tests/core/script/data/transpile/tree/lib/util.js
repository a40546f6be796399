export class Counter {
    count = 0;
    #step = 1;
    add(n) { this.count += n * this.#step; }
}
export const merge = (a, b) => ({ ...a, ...b });
