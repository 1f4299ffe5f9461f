/* See keep_filter.h. Eight similarities at a time: one comparison gives a mask, the kept lanes
   are compressed to the front of a register (in lane order) and the whole register is stored at
   the end of the output; the count then advances by the number of kept lanes. The compress is
   done in a register, not by a compressing store, which is slow on some AMD cores. */
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
#else
long gpw_keep_at_least_avx512(const double *s, long width, long first, double bound, long own,
                              int *rows, double *values, long kept) {
    (void)s; (void)width; (void)first; (void)bound; (void)own; (void)rows; (void)values; (void)kept;
    return -1;
}
#endif
