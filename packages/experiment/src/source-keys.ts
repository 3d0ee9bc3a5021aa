/** The key of "no source" in a fit's `sourceShares`: the prior at zero (multi:param) or the labelled rows' own share (multi:pooled). */
export const NO_SOURCE = '(none)';

/** The key of the stacked sources in `sourceShares`: a single-source method on a multi-source run sees them as one. */
export const ALL_SOURCES = '(all sources stacked)';
