#ifndef GPW_ROW_EXTREMES_H
#define GPW_ROW_EXTREMES_H
/* The two thresholds of batch mining, for every anchor i < n of the row-major [n, n] similarity
   matrix s with labels y:
       low[i]  = min { s[i*n + j] : j != i, y[j] == y[i] }   (+infinity if there is none)
       high[i] = max { s[i*n + j] : y[j] != y[i] }           (-infinity if there is none)
   A NaN entry never wins a minimum or a maximum. Comparisons only, so the three builds give the
   same bits; the _avx2 and _avx512 forms may be called only when gpw_cpu_runs_avx2 /
   gpw_cpu_runs_avx512 says so (off x86-64 they are the portable form). In C because Swift's SIMD
   masks compile to lane-by-lane shuffles here (DECISIONS.md). */
void gpw_row_extremes_portable(const double *s, const long *y, long n, double *low, double *high);
void gpw_row_extremes_avx2(const double *s, const long *y, long n, double *low, double *high);
void gpw_row_extremes_avx512(const double *s, const long *y, long n, double *low, double *high);
#endif
