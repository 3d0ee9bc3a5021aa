/** How tensor-core's heavy linear algebra runs. */
export interface LinalgOptions {
  /**
   * 'auto' (default): the WebAssembly SIMD kernels where WebAssembly SIMD exists and the problem is big enough to
   * gain from them, plain JavaScript otherwise; 'plain': plain JavaScript loops always (the reference the fast
   * kernels are tested against).
   */
  readonly path?: 'auto' | 'plain';
}

export function usePlain(options: LinalgOptions | undefined): boolean {
  return options?.path === 'plain';
}
