export function ok() {
    return { a: 1,, };
}
