/**
 * The fsl_deface command line Veil runs: `fsl_deface <input> <output> [-f f] [-B] [-d mask] [-p prefix]`.
 */

/** fsl_deface's own options that Veil passes through. */
export interface FslDefaceOptions {
  /** BET's fractional intensity threshold (0…1, FSL's default 0.5): smaller keeps more brain. */
  fractionalIntensity?: number;
  /** Bias-correct the input (FAST) before BET: helps on images with a strong intensity gradient. */
  biasCorrect?: boolean;
}

export interface FslDefaceInvocation {
  input: string;
  /** Base name without extension: FSL appends the one FSLOUTPUTTYPE says. */
  outputBase: string;
  maskBase?: string;
  qcPrefix?: string;
  options: FslDefaceOptions;
}

/**
 * The argument array (no shell: names with spaces or quotes pass as they are).
 *
 * @example
 * fslDefaceArguments({ input: 'in.nii', outputBase: '.out.a1b2', options: { fractionalIntensity: 0.3 } });
 * // ['in.nii', '.out.a1b2', '-f', '0.3']
 */
export function fslDefaceArguments(invocation: FslDefaceInvocation): string[] {
  const { fractionalIntensity, biasCorrect } = invocation.options;
  return [
    invocation.input,
    invocation.outputBase,
    ...(fractionalIntensity === undefined ? [] : ['-f', String(fractionalIntensity)]),
    ...(biasCorrect ? ['-B'] : []),
    ...(invocation.maskBase ? ['-d', invocation.maskBase] : []),
    ...(invocation.qcPrefix ? ['-p', invocation.qcPrefix] : []),
  ];
}
