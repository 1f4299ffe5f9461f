/* CPUID and XGETBV checks for the accelerated kernels: KernelsAVX2, which Swift compiles with
   -target-cpu haswell (the compiler may use any x86-64-v3 instruction in that module, not only
   AVX2 and FMA, so every feature of that level is required), and KernelsAVX512, compiled with
   -target-cpu skylake-avx512 (x86-64-v3 plus AVX-512 F, CD, BW, DQ and VL, with the opmask and
   ZMM state enabled by the OS; the other Skylake-SP extensions, such as CLWB or PKU, are not
   instructions a numeric loop is compiled to). */
#include "cpu_features.h"

#if defined(__x86_64__)
#include <cpuid.h>

static int bit(unsigned value, int index) { return (value >> index) & 1u; }

int gpw_cpu_runs_x86_64_v3(void) {
    unsigned eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return 0;
    int fma = bit(ecx, 12), movbe = bit(ecx, 22), osxsave = bit(ecx, 27), avx = bit(ecx, 28), f16c = bit(ecx, 29);
    if (!(fma && movbe && osxsave && avx && f16c)) return 0;
    unsigned xcr0_low, xcr0_high;
    __asm__ volatile("xgetbv" : "=a"(xcr0_low), "=d"(xcr0_high) : "c"(0));
    if ((xcr0_low & 0x6u) != 0x6u) return 0;              /* XMM and YMM state saved by the OS */
    if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return 0;
    int bmi1 = bit(ebx, 3), avx2 = bit(ebx, 5), bmi2 = bit(ebx, 8);
    if (!(bmi1 && avx2 && bmi2)) return 0;
    if (!__get_cpuid(0x80000001u, &eax, &ebx, &ecx, &edx)) return 0;
    int lzcnt = bit(ecx, 5);
    return lzcnt;
}

int gpw_cpu_runs_avx512(void) {
    if (!gpw_cpu_runs_x86_64_v3()) return 0;
    unsigned eax, ebx, ecx, edx;
    unsigned xcr0_low, xcr0_high;
    __asm__ volatile("xgetbv" : "=a"(xcr0_low), "=d"(xcr0_high) : "c"(0));
    if ((xcr0_low & 0xE6u) != 0xE6u) return 0;            /* XMM, YMM, opmask, ZMM0-15 high, ZMM16-31 */
    if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return 0;
    return bit(ebx, 16) && bit(ebx, 17) && bit(ebx, 28) && bit(ebx, 30) && bit(ebx, 31);   /* F DQ CD BW VL */
}
#else
int gpw_cpu_runs_x86_64_v3(void) { return 0; }
int gpw_cpu_runs_avx512(void) { return 0; }
#endif
