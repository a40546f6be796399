export default async function () { const m = await import('k6/crypto'); /* import 'k6/x' */ `import 'k6/html'`; }
