#ifndef GPW_CPU_FEATURES_H
#define GPW_CPU_FEATURES_H
/* Whether this CPU and operating system can run code compiled for x86-64-v3 (Haswell-class:
   AVX, AVX2, FMA, BMI1, BMI2, F16C, LZCNT, MOVBE, with the YMM state enabled by the OS).
   Always 0 off x86-64. */
int gpw_cpu_runs_x86_64_v3(void);
/* Whether it can also run code compiled for Skylake-SP-class AVX-512 (x86-64-v3 plus AVX-512 F,
   CD, BW, DQ, VL, with the opmask and ZMM state enabled by the OS). Always 0 off x86-64. */
int gpw_cpu_runs_avx512(void);
#endif
