#ifndef GPW_KEEP_FILTER_H
#define GPW_KEEP_FILTER_H
/* The retrieval ranking's filter on AVX-512 (Swift has no compress instruction): appends to
   rows[kept...] and values[kept...], in order, every j in [0, width) with s[j] >= bound (an
   ordered comparison: NaN is never kept) other than j == own, as row first + j, and returns the
   new count. It may write up to 8 entries past the returned count, so both outputs need that much
   room. Call only when gpw_cpu_runs_avx512() says so; off x86-64 it returns -1. */
long gpw_keep_at_least_avx512(const double *s, long width, long first, double bound, long own,
                              int *rows, double *values, long kept);

/* The retrieval ranking's similarity tiles fused with that filter, on AVX-512: for each query
   qi < q (row qi of `queries`, d doubles) and gallery row j in [first, first + width), the
   similarity s = sum over p of queries[qi*d + p] * gT[p*n + j], summed in increasing p from 0 with
   one fused multiply-add per term (exactly as the FMA kernel builds sum it), is appended with row
   j to rows/values + qi*region at kept[qi] when s >= bounds[qi] and j != own[qi]; kept[qi] is
   advanced. Up to 8 entries past each new count may be written. Off x86-64 it does nothing and
   returns -1; else 0. */
long gpw_similarity_keep_avx512(const double *queries, long q, long d, const double *gT, long n,
                                long first, long width, const double *bounds, const long *own,
                                int *rows, double *values, long region, long *kept);
#endif
