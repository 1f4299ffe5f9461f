/* See row_extremes.h. Eight pairs at a time in GCC/Clang vector types: one comparison of the
   labels, one of the values against the running extremes, two bitwise selects. The body is
   written once and compiled for three targets. */
#include "row_extremes.h"
#include <math.h>
#include <string.h>

typedef double lanes_d __attribute__((vector_size(64)));
typedef long lanes_l __attribute__((vector_size(64)));

/* mask ? a : b, lane by lane (a true lane of a comparison is all ones). A macro, not a function:
   a 64-byte vector argument would change the calling convention between the targets. */
#define CHOOSE(mask, a, b) ((lanes_d)((((lanes_l)(a)) & (mask)) | (((lanes_l)(b)) & ~(mask))))

static inline __attribute__((always_inline))
void row_extremes(const double *s, const long *y, long n, double *low, double *high) {
    const lanes_l step = {0, 1, 2, 3, 4, 5, 6, 7};
    for (long i = 0; i < n; i++) {
        const double *row = s + i * n;
        const long label = y[i];
        lanes_d least = (lanes_d){0} + INFINITY, most = (lanes_d){0} - INFINITY;
        long j = 0;
        for (; j + 8 <= n; j += 8) {
            lanes_d v;
            lanes_l labels;
            memcpy(&v, row + j, sizeof v);
            memcpy(&labels, y + j, sizeof labels);
            lanes_l same = labels == label;
            lanes_l positive = same & ((step + j) != i);
            least = CHOOSE(positive & (v < least), v, least);
            most = CHOOSE(~same & (v > most), v, most);
        }
        double a = INFINITY, b = -INFINITY;
        for (int l = 0; l < 8; l++) {
            if (least[l] < a) a = least[l];
            if (most[l] > b) b = most[l];
        }
        for (; j < n; j++) {
            double v = row[j];
            if (y[j] == label) {
                if (j != i && v < a) a = v;
            } else if (v > b) {
                b = v;
            }
        }
        low[i] = a;
        high[i] = b;
    }
}

void gpw_row_extremes_portable(const double *s, const long *y, long n, double *low, double *high) {
    row_extremes(s, y, n, low, high);
}

#if defined(__x86_64__)
__attribute__((target("avx2")))
void gpw_row_extremes_avx2(const double *s, const long *y, long n, double *low, double *high) {
    row_extremes(s, y, n, low, high);
}

__attribute__((target("avx512f")))
void gpw_row_extremes_avx512(const double *s, const long *y, long n, double *low, double *high) {
    row_extremes(s, y, n, low, high);
}
#else
void gpw_row_extremes_avx2(const double *s, const long *y, long n, double *low, double *high) {
    row_extremes(s, y, n, low, high);
}

void gpw_row_extremes_avx512(const double *s, const long *y, long n, double *low, double *high) {
    row_extremes(s, y, n, low, high);
}
#endif
