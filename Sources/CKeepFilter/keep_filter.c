/* See keep_filter.h. Eight similarities at a time: one comparison gives a mask, the kept lanes
   are compressed to the front of a register (in lane order) and the whole register is stored at
   the end of the output; the count then advances by the number of kept lanes. The compress is
   done in a register, not by a compressing store, which is slow on some AMD cores. The fused
   form computes the similarities too, in registers, and filters them before they are ever
   stored. */
#include "keep_filter.h"

#if defined(__x86_64__)
#include <immintrin.h>

__attribute__((target("avx512f,avx512vl")))
long gpw_keep_at_least_avx512(const double *s, long width, long first, double bound, long own,
                              int *rows, double *values, long kept) {
    const __m512d b = _mm512_set1_pd(bound);
    __m256i index = _mm256_add_epi32(_mm256_set1_epi32((int)first), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
    const __m256i eight = _mm256_set1_epi32(8);
    long j = 0;
    for (; j + 8 <= width; j += 8) {
        __m512d x = _mm512_loadu_pd(s + j);
        __mmask8 m = _mm512_cmp_pd_mask(x, b, _CMP_GE_OQ);
        unsigned long offset = (unsigned long)(own - j);
        if (offset < 8) m &= (__mmask8)~(1u << offset);
        _mm512_storeu_pd(values + kept, _mm512_maskz_compress_pd(m, x));
        _mm256_storeu_si256((__m256i *)(rows + kept), _mm256_maskz_compress_epi32(m, index));
        kept += __builtin_popcount((unsigned)m);
        index = _mm256_add_epi32(index, eight);
    }
    for (; j < width; j++) {
        double v = s[j];
        rows[kept] = (int)(first + j);
        values[kept] = v;
        kept += (v >= bound && j != own) ? 1 : 0;
    }
    return kept;
}

/* Appends the kept lanes of one vector of eight similarities (rows index..index+7, the lanes in
   `valid` only) to one query's outputs. */
__attribute__((target("avx512f,avx512vl")))
static inline long keep8(__m512d s, __m256i index, __mmask8 valid, double bound, long own, long j,
                         int *rows, double *values, long kept) {
    __mmask8 m = _mm512_mask_cmp_pd_mask(valid, s, _mm512_set1_pd(bound), _CMP_GE_OQ);
    unsigned long offset = (unsigned long)(own - j);
    if (offset < 8) m &= (__mmask8)~(1u << offset);
    _mm512_storeu_pd(values + kept, _mm512_maskz_compress_pd(m, s));
    _mm256_storeu_si256((__m256i *)(rows + kept), _mm256_maskz_compress_epi32(m, index));
    return kept + __builtin_popcount((unsigned)m);
}

/* Eight queries (fewer in the last group) against sixteen gallery rows at a time: sixteen
   8-lane accumulators, the gallery's two vectors loaded once per step and each query's entry
   broadcast, then each accumulator filtered straight from its register. */
__attribute__((target("avx512f,avx512vl")))
long gpw_similarity_keep_avx512(const double *queries, long q, long d, const double *gT, long n,
                                long first, long width, const double *bounds, const long *own,
                                int *rows, double *values, long region, long *kept) {
    const __m256i lanes = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    /* Chunks of 256 gallery rows (their d x 256 block of gT stays in cache across the groups of
       queries), then groups of eight queries, then sixteen rows at a time. */
    for (long c0 = 0; c0 < width; c0 += 256) {
        long chunk = width - c0 < 256 ? width - c0 : 256;
        for (long g0 = 0; g0 < q; g0 += 8) {
            long count = q - g0 < 8 ? q - g0 : 8;
            const double *qp = queries + g0 * d;
            for (long j0 = c0; j0 < c0 + chunk; j0 += 16) {
                long left = c0 + chunk - j0;
                __mmask8 v0 = left >= 8 ? 0xFF : (__mmask8)((1u << left) - 1);
                __mmask8 v1 = left >= 16 ? 0xFF : left > 8 ? (__mmask8)((1u << (left - 8)) - 1) : 0;
                const double *g = gT + first + j0;
                long j = first + j0;
                __m512d a00 = _mm512_setzero_pd(), a01 = a00, a10 = a00, a11 = a00, a20 = a00, a21 = a00, a30 = a00, a31 = a00;
                __m512d a40 = a00, a41 = a00, a50 = a00, a51 = a00, a60 = a00, a61 = a00, a70 = a00, a71 = a00;
                const double *q0 = qp, *q1 = qp + (count > 1 ? 1 : 0) * d, *q2 = qp + (count > 2 ? 2 : 0) * d;
                const double *q3 = qp + (count > 3 ? 3 : 0) * d, *q4 = qp + (count > 4 ? 4 : 0) * d;
                const double *q5 = qp + (count > 5 ? 5 : 0) * d, *q6 = qp + (count > 6 ? 6 : 0) * d;
                const double *q7 = qp + (count > 7 ? 7 : 0) * d;
                for (long p = 0; p < d; p++) {
                    __m512d b0 = _mm512_maskz_loadu_pd(v0, g + p * n);
                    __m512d b1 = _mm512_maskz_loadu_pd(v1, g + p * n + 8);
                    __m512d x;
                    x = _mm512_set1_pd(q0[p]); a00 = _mm512_fmadd_pd(x, b0, a00); a01 = _mm512_fmadd_pd(x, b1, a01);
                    x = _mm512_set1_pd(q1[p]); a10 = _mm512_fmadd_pd(x, b0, a10); a11 = _mm512_fmadd_pd(x, b1, a11);
                    x = _mm512_set1_pd(q2[p]); a20 = _mm512_fmadd_pd(x, b0, a20); a21 = _mm512_fmadd_pd(x, b1, a21);
                    x = _mm512_set1_pd(q3[p]); a30 = _mm512_fmadd_pd(x, b0, a30); a31 = _mm512_fmadd_pd(x, b1, a31);
                    x = _mm512_set1_pd(q4[p]); a40 = _mm512_fmadd_pd(x, b0, a40); a41 = _mm512_fmadd_pd(x, b1, a41);
                    x = _mm512_set1_pd(q5[p]); a50 = _mm512_fmadd_pd(x, b0, a50); a51 = _mm512_fmadd_pd(x, b1, a51);
                    x = _mm512_set1_pd(q6[p]); a60 = _mm512_fmadd_pd(x, b0, a60); a61 = _mm512_fmadd_pd(x, b1, a61);
                    x = _mm512_set1_pd(q7[p]); a70 = _mm512_fmadd_pd(x, b0, a70); a71 = _mm512_fmadd_pd(x, b1, a71);
                }
                /* (Groups of fewer than eight compute their last query's row again in the unused
                   accumulators, which are never read.) */
                __m512d acc[8][2] = {{a00, a01}, {a10, a11}, {a20, a21}, {a30, a31}, {a40, a41}, {a50, a51}, {a60, a61}, {a70, a71}};
                __m256i i0 = _mm256_add_epi32(_mm256_set1_epi32((int)j), lanes);
                __m256i i1 = _mm256_add_epi32(i0, _mm256_set1_epi32(8));
                for (long r = 0; r < count; r++) {
                    long qi = g0 + r;
                    int *rq = rows + qi * region;
                    double *vq = values + qi * region;
                    long k = keep8(acc[r][0], i0, v0, bounds[qi], own[qi], j, rq, vq, kept[qi]);
                    if (v1) k = keep8(acc[r][1], i1, v1, bounds[qi], own[qi], j + 8, rq, vq, k);
                    kept[qi] = k;
                }
            }
        }
    }
    return 0;
}
#else
long gpw_similarity_keep_avx512(const double *queries, long q, long d, const double *gT, long n,
                                long first, long width, const double *bounds, const long *own,
                                int *rows, double *values, long region, long *kept) {
    (void)queries; (void)q; (void)d; (void)gT; (void)n; (void)first; (void)width; (void)bounds; (void)own;
    (void)rows; (void)values; (void)region; (void)kept;
    return -1;
}

long gpw_keep_at_least_avx512(const double *s, long width, long first, double bound, long own,
                              int *rows, double *values, long kept) {
    (void)s; (void)width; (void)first; (void)bound; (void)own; (void)rows; (void)values; (void)kept;
    return -1;
}
#endif
