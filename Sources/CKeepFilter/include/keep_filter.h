#ifndef GPW_KEEP_FILTER_H
#define GPW_KEEP_FILTER_H
/* The retrieval ranking's filter on AVX-512 (Swift has no compress instruction): appends to
   rows[kept...] and values[kept...], in order, every j in [0, width) with s[j] >= bound (an
   ordered comparison: NaN is never kept) other than j == own, as row first + j, and returns the
   new count. It may write up to 8 entries past the returned count, so both outputs need that much
   room. Call only when gpw_cpu_runs_avx512() says so; off x86-64 it returns -1. */
long gpw_keep_at_least_avx512(const double *s, long width, long first, double bound, long own,
                              int *rows, double *values, long kept);
#endif
